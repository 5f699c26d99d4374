package io.cutover.mapping;

import java.util.Map;

/**
 * A total checked across tables: {@code table.value} must equal {@code expr} aggregated over
 * the rows of {@code aggregateTable} joined by {@code join} (aggregate column -> table column).
 */
public record AggregateCheck(String name, String table, String value, String aggregateTable,
                             Map<String, String> join, String expr, Comparator compare,
                             String note, Location location) {
}

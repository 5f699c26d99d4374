package io.cutover.mapping;

import java.util.Map;

/**
 * A total checked across tables: {@code table.value} must equal {@code expr} aggregated over
 * the rows of {@code aggregateTable} joined by {@code join} (aggregate column -> table column).
 * {@code old} says, per old source, how the same check reads there, so that a disagreement the
 * old data already had (and the backfill copied faithfully) is told apart from one the new
 * tables introduced.
 */
public record AggregateCheck(String name, String table, String value, String aggregateTable,
                             Map<String, String> join, String expr, ValueComparator compare,
                             Map<String, OldReading> old, String note, FilePosition location) {

    /**
     * The check on one old source: a query over its tables returning, per row of the checked
     * table, its key under the new key's name, {@code value} (the stored total) and
     * {@code aggregate} (the total recounted from the old rows).
     */
    public record OldReading(String sql, FilePosition location) {}
}

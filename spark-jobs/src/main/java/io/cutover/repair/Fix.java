package io.cutover.repair;

import io.cutover.verify.Category;
import java.util.List;

/**
 * One statement of the plan: an UPDATE, DELETE or INSERT of one row of {@code table}, guarded so
 * that it changes nothing when the row no longer holds what the repair saw ({@code sql} affects
 * one row or none). {@code trace} names the report, the key and the category; {@code columns} the
 * columns an update sets (empty for a whole row: an insert or a delete).
 */
public record Fix(String entity, Category category, String table, String key, String sql, String trace, List<String> columns) {
    public Fix {
        columns = List.copyOf(columns);
    }
}

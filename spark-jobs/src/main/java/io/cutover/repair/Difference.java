package io.cutover.repair;

import io.cutover.verify.Category;

/**
 * One row of a verify report's differences: what kind, for which key of which entity, seen
 * against which source, and the column's old value (what the source holds) and new value (what
 * the new table holds). The key is the report's JSON object of the comparison's key columns.
 */
public record Difference(String entity, String source, Category category, String key, String column,
                         String oldValue, String newValue) {
}

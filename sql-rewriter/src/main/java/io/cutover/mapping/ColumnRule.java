package io.cutover.mapping;

import java.util.List;

/**
 * How one new column follows from the old row (or why an old column has none). Exactly one
 * value source is set: {@code old}, {@code dataKey}, {@code sql}, {@code expect} (a new-only
 * column's expected value), {@code pivot}; or {@code dropped}. {@code old} and {@code sql}
 * may both be set: verify compares with the expression, the rewriter renames the column.
 * {@code newSql} (verify only) is an expression over the new row (alias {@code n}) compared
 * instead of the bare new column, for what the old source cannot tell apart (Reddit does not
 * know an article from a text post). {@code marker} is a value those expressions produce to stand
 * for NULL where NULL itself cannot be compared as wanted (a top-level comment's parent is -1):
 * reports show NULL for it, never the marker.
 */
public record ColumnRule(String newColumn, String old, String dataKey, String sql,
                         String expect, boolean hasExpect, String pivot, boolean dropped,
                         Transform transform, Values values, Ref ref, List<String> literals,
                         ValueComparator compare, NullSemantics nulls, String defaultValue,
                         String decode, String warn, String note, String newSql, String marker, Location location) {

    /**
     * same: the new value is the old one after the transform. renumbered: an old surrogate id;
     * the same rows carry other numbers now (safe to join on, wrong to show or compare).
     */
    public enum Values { SAME, RENUMBERED }

    /** A foreign key compared through the natural key of the entity it points to. */
    public record Ref(String entity, String by) {}

    public boolean isRenumbered() {
        return values == Values.RENUMBERED;
    }

    /**
     * True when the column holds an identifier (a key or a reference to another row): its values
     * are matched, never subtracted, so no "largest difference" is measured on them.
     */
    public boolean identifies() {
        return ref != null || !literals.isEmpty() || isRenumbered()
                || (newColumn != null && (newColumn.equals("id") || newColumn.endsWith("_id")));
    }
}

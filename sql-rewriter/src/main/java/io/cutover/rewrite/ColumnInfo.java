package io.cutover.rewrite;

/**
 * An output column of a source or query block, with its lineage: the old base column it passes
 * through unchanged ({@code origin}), so that a renumbered id selected in a CTE is still known
 * as one when the outer query shows it.
 */
record ColumnInfo(String name, ColumnChange origin) {
    String identity() {
        return origin == null ? null : origin.identity();
    }
}

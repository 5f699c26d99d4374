package io.cutover.rewrite;

import java.util.Map;
import java.util.Set;

/**
 * What became of one old table: renamed to a new table (columns mapped), kept as is, or
 * replaced by a derived table (pivots, kept tables whose foreign keys are re-keyed), or
 * with no rewrite at all (the Reddit backend).
 */
record TableChange(String oldTable, Kind kind, String replacement, Map<String, ColumnChange> columns,
                   Set<String> uniqueColumns, String note) {
    enum Kind { RENAMED, KEPT, DERIVED, NO_REWRITE }
}

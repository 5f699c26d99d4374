package io.cutover.backfill;

import java.util.List;

/**
 * The statement that loads a chunk into a target whose rows exist ({@link InPlaceColumns}): the
 * chunk's columns set from the staging table in the rows of the same key that still hold none of
 * them, a compare-and-set against NULL. A row the app has filled already (its dual write) keeps
 * its values; a key the table does not hold gains no row. Nothing is inserted or deleted.
 */
final class InPlaceFill {
    private InPlaceFill() {}

    static String updateSql(TargetTable target, String staging) {
        List<String> fill = target.valueColumns();
        if (fill.isEmpty()) throw new IllegalArgumentException("an in-place fill of " + target.table() + " names no column to fill");
        String keyMatch = String.join(" AND ", target.key().stream()
                .map(k -> "t." + TargetTable.quote(k) + " = s." + TargetTable.quote(k)).toList());
        String unfilled = "(" + TargetTable.list(fill, "t.") + ") IS NOT DISTINCT FROM ("
                + String.join(", ", fill.stream().map(c -> "NULL").toList()) + ")";
        return "UPDATE " + TargetTable.quote(target.table()) + " t SET " + String.join(", ", fill.stream()
                .map(c -> TargetTable.quote(c) + " = s." + TargetTable.quote(c)).toList())
                + " FROM " + staging + " s WHERE " + keyMatch + " AND " + unfilled;
    }
}

package io.cutover.rewrite;

import java.util.List;

/**
 * One FROM item as seen by name resolution: its visible name (alias or table name), its output
 * columns and, for a base table of the old schema, what became of it. An opaque source (an
 * unknown table) accepts any column so that one unknown table gives one finding, not many.
 */
record Source(String name, TableChange change, List<ColumnInfo> columns, boolean aliased, boolean opaque) {
    ColumnInfo column(String column) {
        for (ColumnInfo c : columns) if (c.name().equalsIgnoreCase(column)) return c;
        return null;
    }

    boolean isBaseTable() {
        return change != null;
    }
}

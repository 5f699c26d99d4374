package io.cutover.demo;

import io.cutover.demo.schema.Row;
import io.cutover.demo.schema.Rows;
import io.cutover.demo.schema.Table;
import java.util.Map;

/** The rows of a bulk load: each table's COPY stream, its values in the table's column order. */
final class CopyTables implements Rows {
    private final Map<String, CopyStream> streams;

    CopyTables(Map<String, CopyStream> streams) {
        this.streams = streams;
    }

    @Override
    public Row row(Table table) {
        return streams.get(table.name());
    }

    /** The load fills empty tables and draws a distinct value wherever a column is unique: nothing is present. */
    @Override
    public Row rowUnlessPresent(Table table, String uniqueColumn) {
        return row(table);
    }
}

package io.cutover.snapshot;

/**
 * One column of a table being backed up: its PostgreSQL type as {@code format_type} prints it
 * (recorded in the manifest), and how it is carried into Parquet.
 */
public record SourceColumn(String name, String pgType, String typname, boolean notNull, String defaultExpression,
                           ColumnEncoding encoding) {

    public String quotedName() {
        return Sql.quote(name);
    }
}

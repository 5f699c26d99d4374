package io.cutover.snapshot;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A table as the catalog describes it inside the held snapshot. {@code constraints} and
 * {@code indexes} are complete SQL statements that a restore runs after the load (cheaper than
 * maintaining them row by row); {@code splitKey} is the leading column of the primary key or of
 * a unique index when it is an integer, else null (the table is read by one task).
 */
public record SourceTable(String database, String schema, String name, long oid, List<SourceColumn> columns,
                          List<String> constraints, List<String> indexes, SourceColumn splitKey) {

    public String qualifiedName() {
        return Sql.qualified(schema, name);
    }

    /** {@code database.schema.table}, for messages. */
    public String label() {
        return database + "." + schema + "." + name;
    }

    /** The directory name under the database directory. */
    public String directoryName() {
        return schema + "." + name;
    }

    /**
     * CREATE TABLE with the column types, NOT NULL, defaults (a {@code nextval} default needs its
     * sequence, which restore creates first), identity and generated columns.
     */
    public String createTableSql() {
        String cols = columns.stream().map(c -> "    " + c.definitionSql()).collect(Collectors.joining(",\n"));
        return "CREATE TABLE " + qualifiedName() + " (\n" + cols + "\n)";
    }

    /** The query every reader runs (Spark wraps it and adds the split predicate). */
    public String readQuery() {
        return "(SELECT " + columns.stream().map(c -> c.encoding().selectSql(c.quotedName()) + " AS " + c.quotedName())
                .collect(Collectors.joining(", ")) + " FROM " + qualifiedName() + ") AS snapshot_source";
    }
}

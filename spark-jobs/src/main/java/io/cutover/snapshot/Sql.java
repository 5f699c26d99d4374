package io.cutover.snapshot;

/** Quoting of PostgreSQL identifiers and literals for the statements we build. */
final class Sql {
    private Sql() {}

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}

package io.cutover.snapshot;

import io.cutover.side.PostgresDialect;

/** Quoting of PostgreSQL identifiers and literals for the statements we build: the PostgreSQL dialect's. */
final class Sql {
    private Sql() {}

    static String quote(String identifier) {
        return PostgresDialect.quote(identifier);
    }

    static String qualified(String schema, String table) {
        return PostgresDialect.qualified(schema, table);
    }

    static String literal(String value) {
        return PostgresDialect.textLiteral(value);
    }
}

package io.cutover.verify;

import io.cutover.side.PostgresDialect;

/**
 * The PostgreSQL dialect's spelling, for the digest code that prints no mapping expression
 * (the comparator's normalisations and the cross-engine hash): quoted names, standard string
 * literals, the type a Spark column type is cast to.
 */
final class PostgresSql {
    private static final PostgresDialect POSTGRES = PostgresDialect.quoting();

    private PostgresSql() {}

    static String name(String identifier) {
        return POSTGRES.name(identifier);
    }

    static String column(String alias, String column) {
        return POSTGRES.column(alias, column);
    }

    static String text(String s) {
        return POSTGRES.text(s);
    }

    static String cast(String value, String sparkType) {
        return POSTGRES.cast(value, sparkType);
    }
}

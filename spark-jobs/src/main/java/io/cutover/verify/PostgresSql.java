package io.cutover.verify;

/**
 * How the digest queries spell things in PostgreSQL, where Spark SQL spells them otherwise:
 * quoted names, string literals (standard strings: a quote doubled, a backslash is itself),
 * the type a Spark column type is cast to, and the partition bounds marker.
 */
final class PostgresSql {
    private PostgresSql() {}

    static String name(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String column(String alias, String column) {
        return alias + "." + name(column);
    }

    static String text(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** A mapping literal: numbers and booleans bare, anything else a string. */
    static String literal(String value) {
        if (value == null) return "NULL";
        if (value.matches("-?\\d+(\\.\\d+)?") || value.equals("true") || value.equals("false")) return value;
        return text(value);
    }

    static String cast(String value, String sparkType) {
        return "CAST(" + value + " AS " + type(sparkType) + ")";
    }

    /** The PostgreSQL type whose JDBC read gives the Spark type. */
    static String type(String sparkType) {
        return switch (sparkType) {
            case "BIGINT" -> "bigint";
            case "INT" -> "integer";
            case "SMALLINT" -> "smallint";
            case "BOOLEAN" -> "boolean";
            case "TIMESTAMP" -> "timestamptz";
            case "DATE" -> "date";
            case "DOUBLE" -> "double precision";
            default -> "text";
        };
    }

    /** Where one partition's bounds on the primary table's split column go (see {@link TableReader#query}). */
    static String range(String alias, String column) {
        return PostgresDigest.RANGE + alias + "." + name(column) + "}";
    }

    /** Text values are ordered by their bytes, as Spark orders strings, whatever the database's collation. */
    static String bytewise(String textValue) {
        return textValue + " COLLATE \"C\"";
    }
}

package io.cutover.repair;

/**
 * How repair.sql spells names and values: identifiers always double-quoted, values always as
 * standard-conforming string literals (PostgreSQL coerces an untyped literal to the column's type,
 * in SET and in a comparison alike), NULL as NULL. Nothing a report holds reaches the SQL unquoted.
 */
final class SqlText {
    private SqlText() {}

    static String literal(String value) {
        if (value == null) return "NULL";
        if (value.indexOf('\0') >= 0) throw new IllegalArgumentException("a value holds a NUL character, which PostgreSQL text cannot");
        return "'" + value.replace("'", "''") + "'";
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A trace comment: anything that could end it or break the line is replaced. */
    static String comment(String text) {
        return "-- " + text.replace("\r", " ").replace("\n", " ").replace("*/", "* /");
    }
}

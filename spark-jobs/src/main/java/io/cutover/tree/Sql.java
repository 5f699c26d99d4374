package io.cutover.tree;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/** Identifiers and arrays as the tree's statements write them. */
final class Sql {
    private Sql() {}

    /** A table or column the mapping names, quoted for PostgreSQL. */
    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static Array bigints(Connection c, Collection<Long> values) throws SQLException {
        return c.createArrayOf("bigint", values.toArray(Long[]::new));
    }

    static Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(String[]::new));
    }
}

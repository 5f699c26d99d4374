package io.cutover.tree;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.mapping.TreeSpec;
import io.cutover.testing.TemplateWorlds;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The tree tests' world: a tiny demo world with threads (seed 7), a copy of its own per test, and the queries they all ask of it. */
final class TreeWorld {
    private TreeWorld() {}

    /** A copy of the world, in databases {@code name_reddit} and {@code name_app} and files under {@code dir/name}. */
    static DemoSpec copy(Path dir, String name) {
        DemoSpec spec = DemoSpec.of(Scale.TINY, 7, 0, dir.resolve(name)).withDatabases(name + "_reddit", name + "_app").replacing();
        TemplateWorlds.copy(spec);
        return spec;
    }

    /** The new posts' ids, in order. */
    static List<Long> posts(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM discussions_post ORDER BY id")) {
            while (rs.next()) ids.add(rs.getLong(1));
        }
        return ids;
    }

    /** The first column of the first row, or null without a row. */
    static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Keeps each tree table's rows in {@code kept_<table>} (the columns a tree check compares), then empties the table. */
    static void keepAndEmpty(Statement st, TreeSpec trees) throws SQLException {
        for (TreeSpec.Table t : trees.tables()) {
            st.execute("CREATE TABLE kept_" + t.table() + " AS SELECT path, depth, numchild, " + t.sort() + ", post_id, comment_id FROM "
                    + t.table());
            st.execute("TRUNCATE " + t.table());
        }
    }
}

package io.cutover.tree;

import io.cutover.mapping.TreeSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The statements on one tree table: its nodes read and locked ({@code FOR UPDATE}), and the
 * three writes a sync makes, each guarded: an insert that yields to a row already holding the
 * path or the comment ({@code ON CONFLICT DO NOTHING}), and an update or delete that applies
 * only where the row still holds every value it was read with (compare-and-set).
 */
final class TreeTable {
    private static final String NODE = "id, path, depth, numchild, post_id, comment_id";

    private final TreeSpec.Table table;
    private final String name;
    private final String sortColumns;
    private final String casWhere;

    TreeTable(TreeSpec.Table table) {
        this.table = table;
        this.name = Sql.quote(table.table());
        StringBuilder sort = new StringBuilder();
        StringBuilder where = new StringBuilder("id = ? AND path = ? AND depth = ? AND numchild = ? AND post_id = ? "
                + "AND comment_id IS NOT DISTINCT FROM ?");
        for (TreeSpec.SortKey k : table.keys()) {
            sort.append(", ").append(Sql.quote(k.column()));
            where.append(" AND ").append(Sql.quote(k.column())).append(" IS NOT DISTINCT FROM ?");
        }
        this.sortColumns = sort.toString();
        this.casWhere = where.toString();
    }

    TreeSpec.Table spec() {
        return table;
    }

    String name() {
        return table.table();
    }

    /** The posts' nodes and those of their comments wherever they hang, locked, in path order. */
    List<StoredNode> lockNodes(Connection c, Collection<Long> posts, Collection<Long> comments) throws SQLException {
        return select(c, "post_id = ANY(?) OR comment_id = ANY(?)", Sql.bigints(c, posts), Sql.bigints(c, comments));
    }

    /** The nodes at these paths, locked: who holds a place a node is wanted at. */
    List<StoredNode> lockPaths(Connection c, Collection<String> paths) throws SQLException {
        if (paths.isEmpty()) return List.of();
        return select(c, "path = ANY(?)", Sql.texts(c, paths));
    }

    private List<StoredNode> select(Connection c, String where, Object... args) throws SQLException {
        List<StoredNode> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + NODE + sortColumns + " FROM " + name + " WHERE " + where
                + " ORDER BY path FOR UPDATE")) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> sort = new ArrayList<>();
                    for (int i = 0; i < table.keys().size(); i++) sort.add(SortValues.normal(rs.getObject(7 + i)));
                    Object comment = rs.getObject(6);
                    boolean root = comment == null;
                    out.add(new StoredNode(rs.getLong(1), new TreeNode(rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getLong(5),
                            root ? null : ((Number) comment).longValue(), sort)));
                }
            }
        }
        return out;
    }

    /** The greatest first step of any path, by the steps' own order (not the database's collation). */
    long lastRootStep(Connection c, PathSteps steps, boolean thorough) throws SQLException {
        String sql = thorough
                ? "SELECT max(left(path, " + steps.steplen() + ") COLLATE \"C\") FROM " + name
                // the path index's order: the steps' own one under the C collation, a hint under another
                : "SELECT max(path) FROM " + name;
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            String last = rs.getString(1);
            return last == null ? 0 : steps.number(steps.root(last));
        }
    }

    /** Inserts a root; false when its path was taken (by another post's root written meanwhile). */
    boolean insertRoot(Connection c, TreeNode root) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + name + " (path, depth, numchild, post_id) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
            ps.setString(1, root.path());
            ps.setInt(2, root.depth());
            ps.setInt(3, root.numchild());
            ps.setLong(4, root.postId());
            return ps.executeUpdate() == 1;
        }
    }

    /** Inserts nodes with comments; the count of those inserted (the others' path or comment was taken). */
    long insert(Connection c, List<TreeNode> nodes) throws SQLException {
        if (nodes.isEmpty()) return 0;
        StringBuilder values = new StringBuilder("?, ?, ?, ?, ?");
        for (int i = 0; i < table.keys().size(); i++) values.append(", ?");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + name + " (path, depth, numchild, post_id, comment_id"
                + sortColumns + ") VALUES (" + values + ") ON CONFLICT DO NOTHING")) {
            for (TreeNode n : nodes) {
                ps.setString(1, n.path());
                ps.setInt(2, n.depth());
                ps.setInt(3, n.numchild());
                ps.setLong(4, n.postId());
                ps.setObject(5, n.commentId());
                for (int i = 0; i < n.sort().size(); i++) ps.setObject(6 + i, n.sort().get(i));
                ps.addBatch();
            }
            return count(ps.executeBatch());
        }
    }

    /** Brings nodes to new values at the same path and comment, where they still hold what was read; the count applied. */
    long update(Connection c, List<StoredNode> from, List<TreeNode> to) throws SQLException {
        if (from.isEmpty()) return 0;
        StringBuilder set = new StringBuilder("depth = ?, numchild = ?, post_id = ?");
        for (TreeSpec.SortKey k : table.keys()) set.append(", ").append(Sql.quote(k.column())).append(" = ?");
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + name + " SET " + set + " WHERE " + casWhere)) {
            for (int j = 0; j < from.size(); j++) {
                TreeNode n = to.get(j);
                ps.setInt(1, n.depth());
                ps.setInt(2, n.numchild());
                ps.setLong(3, n.postId());
                int p = 4;
                for (int i = 0; i < table.keys().size(); i++) ps.setObject(p++, n.root() ? from.get(j).node().sort().get(i) : n.sort().get(i));
                bindCas(ps, p, from.get(j));
                ps.addBatch();
            }
            return count(ps.executeBatch());
        }
    }

    /** Deletes nodes where they still hold what was read; the count deleted. */
    long delete(Connection c, List<StoredNode> nodes) throws SQLException {
        if (nodes.isEmpty()) return 0;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + name + " WHERE " + casWhere)) {
            for (StoredNode n : nodes) {
                bindCas(ps, 1, n);
                ps.addBatch();
            }
            return count(ps.executeBatch());
        }
    }

    private void bindCas(PreparedStatement ps, int first, StoredNode s) throws SQLException {
        TreeNode n = s.node();
        ps.setLong(first, s.id());
        ps.setString(first + 1, n.path());
        ps.setInt(first + 2, n.depth());
        ps.setInt(first + 3, n.numchild());
        ps.setLong(first + 4, n.postId());
        ps.setObject(first + 5, n.commentId(), java.sql.Types.BIGINT);
        for (int i = 0; i < n.sort().size(); i++) ps.setObject(first + 6 + i, n.sort().get(i));
    }

    private static long count(int[] counts) {
        long n = 0;
        for (int k : counts) if (k > 0) n += k;
        return n;
    }
}

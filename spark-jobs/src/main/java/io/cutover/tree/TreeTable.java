package io.cutover.tree;

import io.cutover.mapping.TreeSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The statements on one tree table: its nodes read and locked ({@code FOR UPDATE}), and the
 * three writes a sync makes, each guarded: an insert that yields to a row already holding the
 * path or the comment ({@code ON CONFLICT DO NOTHING}), and an update or delete that applies
 * only where the row still holds every value it was read with (compare-and-set).
 */
final class TreeTable {
    private static final String NODE = "id, path, depth, numchild, post_id, comment_id";
    private static final int ROWS_PER_INSERT = 500;

    /**
     * How a chunk's nodes are found. By post where an index leads with {@code post_id} (one bitmap
     * scan of it and the comment index); else by path where the path index orders paths as their
     * steps (the comments' nodes by the comment index, the roots at the paths known for the
     * posts, and every path above the greatest first step known: see {@link CommentTreeSync});
     * else by a scan of the table, as the last resort.
     */
    enum Access { BY_POST, BY_PATH, SCAN }

    /** A valid, whole btree index with its default operator class, led by the column named by the second parameter. */
    private static final String LEADING = "SELECT %s FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
            + " JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'"
            + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
            + " JOIN pg_opclass oc ON oc.oid = i.indclass[0] AND oc.opcdefault"
            + " WHERE i.indrelid = to_regclass(?) AND a.attname = ? AND i.indisvalid AND i.indpred IS NULL";

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

    /**
     * The nodes of these comments, at these paths, and at every path from {@code from} (if not
     * null) up to {@code to} (if not null), locked, in path order: index scans of one bitmap, never
     * the table. Measured on the small world (20,000 posts, trees a quarter built, 56,000 nodes a
     * table): a chunk of 250 posts reads its 2,941 nodes in 3 ms, where the read by post_id took
     * 3,150 ms (a scan testing each row against both arrays), and that grew with the table:
     * <pre>
     * LockRows -> Sort (path) -> Bitmap Heap Scan
     *   Recheck Cond: comment_id = ANY($1) OR path = ANY($2) [OR path &gt;= $3 AND path &lt; $4]
     *   -> BitmapOr -> Bitmap Index Scan on ..._comment_id_key; on ..._path_key [; on ..._path_key]
     * </pre>
     * The range is in the statement only when asked for: a bound the planner cannot see is taken
     * for a third of the table, which would make a scan look cheaper.
     */
    List<StoredNode> lockByPath(Connection c, Collection<Long> comments, Collection<String> paths, String from, String to)
            throws SQLException {
        String where = "comment_id = ANY(?) OR path = ANY(?)";
        if (from == null) return select(c, where, Sql.bigints(c, comments), Sql.texts(c, paths));
        if (to == null) return select(c, where + " OR path >= ?", Sql.bigints(c, comments), Sql.texts(c, paths), from);
        return select(c, where + " OR (path >= ? AND path < ?)", Sql.bigints(c, comments), Sql.texts(c, paths), from, to);
    }

    /** Whether a valid, whole btree index leads with {@code post_id}: the nodes of a chunk's posts can be read by post. */
    boolean indexedByPost(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(String.format(LEADING, "1") + " LIMIT 1")) {
            ps.setString(1, name);
            ps.setString(2, "post_id");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Whether a valid, whole btree index on {@code path} sorts paths as their steps sort, so that
     * "every path from this step on" is a range of it and its last path starts with the greatest
     * first step: checked on the alphabet itself in the index's collation (C does; a linguistic
     * one that puts 'a' before 'B' does not).
     */
    boolean pathSortsAsSteps(Connection c, PathSteps steps) throws SQLException {
        String collation = null;
        try (PreparedStatement ps = c.prepareStatement(String.format(LEADING, "quote_ident(n.nspname) || '.' || quote_ident(co.collname)")
                .replace(" WHERE ", " JOIN pg_collation co ON co.oid = i.indcollation[0] JOIN pg_namespace n ON n.oid = co.collnamespace"
                        + " WHERE i.indcollation[0] = a.attcollation AND ") + " LIMIT 1")) {
            ps.setString(1, name);
            ps.setString(2, "path");
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) collation = rs.getString(1);
            }
        }
        if (collation == null) return false;
        // each character alone, and followed by the first and by the last: the order of steps and of their prefixes
        String alphabet = steps.alphabet();
        List<String> sample = new ArrayList<>();
        for (char ch : alphabet.toCharArray()) {
            sample.add(String.valueOf(ch));
            sample.add(ch + alphabet.substring(0, 1));
            sample.add(ch + alphabet.substring(alphabet.length() - 1));
        }
        List<String> expected = new ArrayList<>(sample);
        expected.sort(steps.order());
        try (PreparedStatement ps = c.prepareStatement("SELECT array_agg(x ORDER BY x COLLATE " + collation + ") FROM unnest(?) x")) {
            ps.setArray(1, Sql.texts(c, sample));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return List.of((Object[]) rs.getArray(1).getArray()).equals(expected);
            }
        }
    }

    /** Every node without a comment (roots, and any stray one), by post: what a {@link RootCatalogue} starts from. */
    void rootsByPost(Connection c, java.util.function.BiConsumer<Long, String> each) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT post_id, path FROM " + name + " WHERE comment_id IS NULL")) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) each.accept(rs.getLong(1), rs.getString(2));
            }
        }
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
        return insertRoots(c, List.of(root)).contains(root.path());
    }

    /** Inserts roots, in one statement; the paths inserted (a root whose path was taken is not). */
    Set<String> insertRoots(Connection c, List<TreeNode> roots) throws SQLException {
        Set<String> done = new HashSet<>();
        if (roots.isEmpty()) return done;
        String[] paths = new String[roots.size()];
        Integer[] depths = new Integer[roots.size()], numchild = new Integer[roots.size()];
        Long[] posts = new Long[roots.size()];
        for (int i = 0; i < paths.length; i++) {
            TreeNode r = roots.get(i);
            paths[i] = r.path();
            depths[i] = r.depth();
            numchild[i] = r.numchild();
            posts[i] = r.postId();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + name + " (path, depth, numchild, post_id)"
                + " SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS int[]), CAST(? AS int[]), CAST(? AS bigint[]))"
                + " ON CONFLICT DO NOTHING RETURNING path")) {
            ps.setArray(1, c.createArrayOf("text", paths));
            ps.setArray(2, c.createArrayOf("int4", depths));
            ps.setArray(3, c.createArrayOf("int4", numchild));
            ps.setArray(4, c.createArrayOf("int8", posts));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) done.add(rs.getString(1));
            }
        }
        return done;
    }

    /** Inserts nodes with comments; the count of those inserted (the others' path or comment was taken). */
    long insert(Connection c, List<TreeNode> nodes) throws SQLException {
        long inserted = 0;
        // many rows a statement: a chunk's thousands of nodes in a few round trips, not one statement each
        for (int from = 0; from < nodes.size(); from += ROWS_PER_INSERT) {
            List<TreeNode> rows = nodes.subList(from, Math.min(nodes.size(), from + ROWS_PER_INSERT));
            StringBuilder row = new StringBuilder("(?, ?, ?, ?, ?");
            for (int i = 0; i < table.keys().size(); i++) row.append(", ?");
            row.append(')');
            String values = String.join(", ", java.util.Collections.nCopies(rows.size(), row));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + name + " (path, depth, numchild, post_id, comment_id"
                    + sortColumns + ") VALUES " + values + " ON CONFLICT DO NOTHING")) {
                int p = 1;
                for (TreeNode n : rows) {
                    ps.setString(p++, n.path());
                    ps.setInt(p++, n.depth());
                    ps.setInt(p++, n.numchild());
                    ps.setLong(p++, n.postId());
                    ps.setObject(p++, n.commentId());
                    for (int i = 0; i < n.sort().size(); i++) ps.setObject(p++, n.sort().get(i));
                }
                inserted += ps.executeUpdate();
            }
        }
        return inserted;
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

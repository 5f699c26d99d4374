package io.cutover.demo;

import io.cutover.outcome.CutoverException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Damages the comment trees, N nodes or posts per tree fault kind, each in one of the three
 * tables, and says which rule verify must report for it. Every fault gets a (table, post) of
 * its own, away from the posts the comment faults touched, so that no two faults meet in one
 * rule; the damage is chosen so that it breaks exactly the rules its ground truth names (a
 * moved leaf goes where it is an only child, a duplicate right after its original, and so on).
 *
 * <p>Faults elsewhere that upset a tree (a comment deleted, moved or re-timed while its nodes
 * stayed) name the tree rules they break in their {@code affects}, as {@link #note} writes them.
 */
final class TreeFaults {
    static final String ENTITY = "commenttreenode";
    static final String TABLES = "discussions_{new,old,best}commenttreenode";
    private static final Pattern NOTE = Pattern.compile("tree (\\w+) (\\w+) of (post|comment) (\\d+)");

    private final Connection app;
    private final long seed;
    private final int perKind;
    private final Set<Long> excludedPosts;
    private final List<Fault> faults;
    private final Set<String> usedSlots = new HashSet<>();
    /** Per table, the last root step handed out (a second root takes the next). */
    private final Map<Table, Long> lastRoot = new HashMap<>();
    private final List<Table> tables;

    /**
     * A tree table as the faults touch it: its name, the entity verify reports it under, the sort
     * column a stale-sort-key fault changes, every sort column in the table's order and what a root
     * holds in them (a copied node or a second root writes them), and the posts table its post_id names.
     */
    record Table(String table, String entity, String sortColumn, String sortColumns, String rootSortValues, String posts) {
        static Table of(CommentTrees.Tree t) {
            return new Table(t.table, t.entity(), t.sortColumn, t.sortColumn, "NULL", "discussions_post");
        }
    }

    /** {@code excludedPosts}: posts whose trees other faults already upset (filled before these run). */
    TreeFaults(Connection app, long seed, int perKind, Set<Long> excludedPosts, List<Fault> faults) {
        this(app, seed, perKind, excludedPosts, faults, every2020Table());
    }

    /** The same over other tree tables (the 2025 design's one). */
    TreeFaults(Connection app, long seed, int perKind, Set<Long> excludedPosts, List<Fault> faults, List<Table> tables) {
        this.tables = List.copyOf(tables);
        this.app = app;
        this.seed = seed;
        this.perKind = perKind;
        this.excludedPosts = excludedPosts;
        this.faults = faults;
    }

    private static List<Table> every2020Table() {
        List<Table> all = new ArrayList<>();
        for (CommentTrees.Tree t : CommentTrees.Tree.values()) all.add(Table.of(t));
        return all;
    }

    // ---- the notes a fault's ground truth carries -------------------------------------------

    /** "tree newcommenttreenode parent of comment 123": a tree rule some fault breaks. */
    static String note(CommentTrees.Tree tree, String rule, boolean post, long id) {
        return note(tree.entity(), rule, post, id);
    }

    static String note(String entity, String rule, boolean post, long id) {
        return "tree " + entity + " " + rule + " of " + (post ? "post " : "comment ") + id;
    }

    /** The same rule in all three tables (a fault in discussions_comment upsets them all). */
    static List<String> inEveryTree(String rule, boolean post, long id) {
        List<String> notes = new ArrayList<>();
        for (CommentTrees.Tree t : CommentTrees.Tree.values()) notes.add(note(t, rule, post, id));
        return notes;
    }

    /** A note as the difference row verify writes for it ("entity|key|tree|rule"), or null for other notes. */
    static String reportedRow(String note) {
        Matcher m = NOTE.matcher(note);
        if (!m.matches()) return null;
        return row(m.group(1), m.group(3).equals("post") ? "post_id" : "comment_id", Long.parseLong(m.group(4)), m.group(2));
    }

    static String row(String entity, String keyColumn, long id, String rule) {
        return entity + "|{\"" + keyColumn + "\":" + id + "}|tree|" + rule;
    }

    // ---- injecting ----------------------------------------------------------------------------

    void inject(FaultKind kind) throws SQLException {
        Table[] trees = tables.toArray(Table[]::new);
        // Each table's candidates are queried once per kind (a scan of the whole table) and taken in order.
        Map<Table, Iterator<Node>> candidates = new HashMap<>();
        for (int i = 0; i < perKind; i++) {
            boolean done = false;
            // Spread over the tables; a table with no target left hands the fault to the next.
            for (int t = 0; t < trees.length && !done; t++) {
                Table tree = trees[(i + kind.ordinal() + t) % trees.length];
                if (!candidates.containsKey(tree)) candidates.put(tree, candidates(kind, tree).iterator());
                Iterator<Node> it = candidates.get(tree);
                while (!done && it.hasNext()) {
                    Node n = it.next();
                    if (excludedPosts.contains(n.post) || !usedSlots.add(tree.table + ":" + n.post)) continue;
                    done = damage(kind, tree, n);
                    if (!done) usedSlots.remove(tree.table + ":" + n.post);
                }
            }
            if (!done) {
                throw CutoverException.configuration("--faults " + perKind + " is more than this world can hold for "
                        + kind.id() + " (found " + i + " targets); use a larger --scale or fewer faults");
            }
        }
    }

    private record Node(long comment, long post, String path, int depth, int numchild) {}

    /** The nodes (or, for root faults, the roots) that can take this kind of damage, in a seeded order. */
    private List<Node> candidates(FaultKind kind, Table tree) throws SQLException {
        String t = tree.table;
        String where = switch (kind) {
            case TREE_ROOT_MISSING, TREE_ROOT_DOUBLED -> "comment_id IS NULL";
            case TREE_NODE_MISSING -> "comment_id IS NOT NULL AND numchild = 0";
            case TREE_WRONG_PARENT -> "comment_id IS NOT NULL AND numchild = 0 AND depth >= 3";
            // the last of its siblings, so that its duplicate can follow it
            case TREE_NODE_DUPLICATE -> "comment_id IS NOT NULL AND numchild = 0 AND next_path IS NULL";
            // a leaf followed by a leaf sibling: the pair whose paths are swapped
            case TREE_SIBLINGS_OUT_OF_ORDER -> "comment_id IS NOT NULL AND numchild = 0 AND next_numchild = 0"
                    + " AND next_comment IS NOT NULL";
            default -> "comment_id IS NOT NULL";
        };
        // Only the kinds that look at the next sibling pay for a window over the whole table.
        boolean siblings = kind == FaultKind.TREE_NODE_DUPLICATE || kind == FaultKind.TREE_SIBLINGS_OUT_OF_ORDER;
        String from = !siblings ? t : "(SELECT n.*, lead(path) OVER w AS next_path, lead(numchild) OVER w AS next_numchild,"
                + " lead(comment_id) OVER w AS next_comment FROM " + t + " n"
                + " WINDOW w AS (PARTITION BY left(path, -" + CommentTrees.STEPLEN + ") ORDER BY path))";
        String sql = "SELECT coalesce(comment_id, 0), post_id, path, depth, numchild FROM " + from + " x WHERE " + where + " ORDER BY md5(post_id::text || ':' || coalesce(comment_id, 0)::text || ':" + seed
                + ":" + kind.id() + ":" + tree.entity() + "') LIMIT " + (perKind * 4L + excludedPosts.size() + usedSlots.size() + 20);
        List<Node> nodes = new ArrayList<>();
        try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) nodes.add(new Node(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getInt(5)));
        }
        return nodes;
    }

    /** Applies one fault to node n of the tree and records it; false when n turns out unfit. */
    private boolean damage(FaultKind kind, Table tree, Node n) throws SQLException {
        String t = tree.table;
        String parentPath = n.path.substring(0, n.path.length() - CommentTrees.STEPLEN);
        switch (kind) {
            case TREE_NODE_MISSING -> {
                String parentNote = parentNote(tree, parentPath, "numchild");
                update("DELETE FROM " + t + " WHERE path = ?", n.path);
                record(kind, tree, false, n.comment, "node at " + n.path, null, List.of(parentNote));
            }
            case TREE_NODE_DUPLICATE -> {
                String copy = parentPath + CommentTrees.step(lastStep(n.path) + 1);
                update("INSERT INTO " + t + " (id, path, depth, numchild, " + tree.sortColumns() + ", post_id, comment_id)"
                        + " SELECT (SELECT max(id) + 1 FROM " + t + "), '" + copy + "', depth, 0, "
                        + tree.sortColumns() + ", post_id, comment_id FROM " + t + " WHERE path = ?", n.path);
                update("UPDATE " + t + " SET numchild = numchild + 1 WHERE path = ?", parentPath);
                record(kind, tree, false, n.comment, "1 node at " + n.path, "2 nodes at " + n.path + ", " + copy, List.of());
            }
            case TREE_WRONG_PARENT -> {
                String leaf = otherLeaf(t, n);
                if (leaf == null) return false;
                String moved = leaf + CommentTrees.step(1);
                update("UPDATE " + t + " SET path = '" + moved + "', depth = " + (leaf.length() / CommentTrees.STEPLEN + 1)
                        + " WHERE path = ?", n.path);
                update("UPDATE " + t + " SET numchild = numchild - 1 WHERE path = ?", parentPath);
                update("UPDATE " + t + " SET numchild = numchild + 1 WHERE path = ?", leaf);
                record(kind, tree, false, n.comment, n.path, moved, List.of());
            }
            case TREE_WRONG_DEPTH -> {
                update("UPDATE " + t + " SET depth = depth + 1 WHERE path = ?", n.path);
                record(kind, tree, false, n.comment, Integer.toString(n.depth), Integer.toString(n.depth + 1), List.of());
            }
            case TREE_WRONG_NUMCHILD -> {
                update("UPDATE " + t + " SET numchild = numchild + 1 WHERE path = ?", n.path);
                record(kind, tree, false, n.comment, Integer.toString(n.numchild), Integer.toString(n.numchild + 1), List.of());
            }
            case TREE_SIBLINGS_OUT_OF_ORDER -> {
                String next = parentPath + CommentTrees.step(lastStep(n.path) + 1);
                // path is unique: one of the two steps aside first
                update("UPDATE " + t + " SET path = path || '~' WHERE path = ?", n.path);
                update("UPDATE " + t + " SET path = '" + n.path + "' WHERE path = ?", next);
                update("UPDATE " + t + " SET path = '" + next + "' WHERE path = ?", n.path + "~");
                record(kind, tree, false, n.comment, "at " + n.path + ", before its next sibling", "at " + next + ", after it",
                        List.of());
            }
            case TREE_WRONG_POST -> {
                update("UPDATE " + t + " t SET post_id = (SELECT min(p.id) FROM " + tree.posts() + " p WHERE p.id <> t.post_id)"
                        + " WHERE path = ?", n.path);
                record(kind, tree, false, n.comment, Long.toString(n.post), value("SELECT post_id::text FROM " + t
                        + " WHERE path = ?", n.path), List.of());
            }
            case TREE_ROOT_MISSING -> {
                update("DELETE FROM " + t + " WHERE path = ?", n.path);
                record(kind, tree, true, n.post, "1 root at " + n.path, null, List.of());
            }
            case TREE_ROOT_DOUBLED -> {
                if (!lastRoot.containsKey(tree)) {
                    lastRoot.put(tree, lastStep(value("SELECT max(path) FROM " + t + " WHERE length(path) = " + CommentTrees.STEPLEN, null)));
                }
                lastRoot.merge(tree, 1L, Long::sum);
                String second = CommentTrees.step(lastRoot.get(tree));
                update("INSERT INTO " + t + " (id, path, depth, numchild, " + tree.sortColumns() + ", post_id, comment_id)"
                        + " SELECT (SELECT max(id) + 1 FROM " + t + "), '" + second + "', 1, 0, " + tree.rootSortValues()
                        + ", post_id, NULL FROM " + t + " WHERE path = ?", n.path);
                record(kind, tree, true, n.post, "1 root at " + n.path, "2 roots at " + n.path + ", " + second, List.of());
            }
            case TREE_STALE_SORT_KEY -> {
                String change = tree.sortColumn.equals("score") ? "score = score + 1" : "created = created + interval '1 day'";
                String before = value("SELECT " + tree.sortColumn + "::text FROM " + t + " WHERE path = ?", n.path);
                update("UPDATE " + t + " SET " + change + " WHERE path = ?", n.path);
                record(kind, tree, false, n.comment, before, value("SELECT " + tree.sortColumn + "::text FROM " + t
                        + " WHERE path = ?", n.path), List.of());
            }
            default -> throw new IllegalArgumentException(kind + " is not a tree fault");
        }
        return true;
    }

    /** The numchild (or other) rule of the node at parentPath: a comment's node, or the post's root. */
    private String parentNote(Table tree, String parentPath, String rule) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement("SELECT comment_id, post_id FROM " + tree.table + " WHERE path = ?")) {
            ps.setString(1, parentPath);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("no parent node at " + parentPath + " in " + tree.table);
                long comment = rs.getLong(1);
                return rs.wasNull() ? note(tree.entity(), rule, true, rs.getLong(2)) : note(tree.entity(), rule, false, comment);
            }
        }
    }

    /** Another leaf of n's post (under the same root: a prefix scan of the path index), or null. */
    private String otherLeaf(String table, Node n) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement("SELECT min(path) FROM " + table + " WHERE path LIKE ?"
                + " AND numchild = 0 AND comment_id IS NOT NULL AND path <> ?")) {
            ps.setString(1, n.path.substring(0, CommentTrees.STEPLEN) + "%");
            ps.setString(2, n.path);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long lastStep(String path) {
        long n = 0;
        for (char c : path.substring(path.length() - CommentTrees.STEPLEN).toCharArray()) {
            n = n * CommentTrees.ALPHABET.length() + CommentTrees.ALPHABET.indexOf(c);
        }
        return n;
    }

    private String value(String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement(sql)) {
            if (parameter != null) ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void update(String sql, String path) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement(sql)) {
            ps.setString(1, path);
            int n = ps.executeUpdate();
            if (n != 1) throw new SQLException("tree fault touched " + n + " rows: " + sql + " (" + path + ")");
        }
    }

    private void record(FaultKind kind, Table tree, boolean post, long id, String before, String after,
                        List<String> affects) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put(post ? "post_id" : "comment_id", id);
        faults.add(new Fault(kind.id(), tree.entity(), kind.source(), tree.table, key, kind.column, before, after, affects));
    }
}

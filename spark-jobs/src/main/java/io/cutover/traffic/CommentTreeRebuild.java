package io.cutover.traffic;

import io.cutover.demo.CommentTrees;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a post's three comment trees in step with its comments, in the transaction of the app's
 * write: a new post gets its roots, a new comment its nodes, a comment's new score its place in
 * the best-first tree. The post's trees are rebuilt whole from discussions_comment, with the
 * demo world's own tree builder ({@link CommentTrees}), under the root path the post already has
 * (a new post takes the next root step), so the trees always say what the new comments say.
 */
final class CommentTreeRebuild {
    private final Connection app;
    private final SequenceFloor sequences;

    CommentTreeRebuild(Connection app, SequenceFloor sequences) {
        this.app = app;
        this.sequences = sequences;
    }

    void post(long postId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        List<Long> parents = new ArrayList<>();
        List<Long> created = new ArrayList<>();
        List<Integer> scores = new ArrayList<>();
        try (PreparedStatement ps = app.prepareStatement(
                "SELECT id, parent_id, created_on, score FROM discussions_comment WHERE post_id = ? ORDER BY id")) {
            ps.setLong(1, postId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    parents.add(rs.getObject(2) == null ? null : rs.getLong(2));
                    Instant at = rs.getObject(3, OffsetDateTime.class).toInstant();
                    created.add(at.getEpochSecond() * 1_000_000L + at.getNano() / 1000);
                    scores.add(rs.getInt(4));
                }
            }
        }
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) index.put(ids.get(i), i);
        int n = ids.size();
        long[] commentIds = new long[n];
        int[] parent = new int[n];
        long[] createdMicros = new long[n];
        int[] score = new int[n];
        for (int i = 0; i < n; i++) {
            commentIds[i] = ids.get(i);
            // A parent the new table lacks (a dual write lost) leaves the reply under the root.
            parent[i] = parents.get(i) == null ? -1 : index.getOrDefault(parents.get(i), -1);
            createdMicros[i] = created.get(i);
            score[i] = scores.get(i);
        }
        Map<CommentTrees.Tree, String> roots = rootPaths(postId);
        Map<CommentTrees.Tree, Long> nextId = new EnumMap<>(CommentTrees.Tree.class);
        Map<CommentTrees.Tree, PreparedStatement> inserts = new EnumMap<>(CommentTrees.Tree.class);
        try {
            for (CommentTrees.Tree t : CommentTrees.Tree.values()) {
                // Every node the rebuilt tree could collide with goes: the post's own, and whatever sits
                // under its root with another post_id (a damaged tree: a node moved or re-pointed).
                try (PreparedStatement del = app.prepareStatement("DELETE FROM " + t.table
                        + " WHERE post_id = ? OR path LIKE ?")) {
                    del.setLong(1, postId);
                    del.setString(2, roots.get(t) + "%");
                    del.executeUpdate();
                }
                nextId.put(t, single("SELECT coalesce(max(id), 0) + 1 FROM " + t.table));
                inserts.put(t, app.prepareStatement("INSERT INTO " + t.table + " (id, path, depth, numchild, " + t.sortColumn
                        + ", post_id, comment_id) VALUES (?, ?, ?, ?, ?, ?, ?)"));
            }
            SQLException[] failed = new SQLException[1];
            CommentTrees builder = new CommentTrees((t, path, depth, numchild, c, s, post, comment) -> {
                try {
                    PreparedStatement ps = inserts.get(t);
                    long id = nextId.merge(t, 1L, Long::sum) - 1;
                    ps.setLong(1, id);
                    ps.setString(2, path);
                    ps.setInt(3, depth);
                    ps.setInt(4, numchild);
                    if (comment == null) ps.setObject(5, null);
                    else if (t == CommentTrees.Tree.BEST) ps.setInt(5, s);
                    else ps.setTimestamp(5, Timestamp.from(Instant.ofEpochSecond(c / 1_000_000L, (c % 1_000_000L) * 1000)));
                    ps.setLong(6, post);
                    if (comment == null) ps.setObject(7, null); else ps.setLong(7, comment);
                    ps.addBatch();
                } catch (SQLException e) {
                    failed[0] = e;
                }
            });
            for (CommentTrees.Tree t : CommentTrees.Tree.values()) {
                builder.tree(t, roots.get(t), postId, commentIds, parent, createdMicros, score);
            }
            if (failed[0] != null) throw failed[0];
            for (PreparedStatement ps : inserts.values()) ps.executeBatch();
            for (CommentTrees.Tree t : CommentTrees.Tree.values()) sequences.raise(t.table, "id", nextId.get(t) - 1);
        } finally {
            for (PreparedStatement ps : inserts.values()) ps.close();
        }
    }

    /**
     * The post's root path in each table: the root it has there, else the root its nodes hang
     * under (a damaged tree may have lost its root), else, for a post with no node in a table, one
     * new root step after every root step used in any of the three tables, the same in each.
     * Each table is asked on its own: damage in one (a second root, a root missing) must not move
     * the post's tree in another onto a path that is taken there.
     */
    private Map<CommentTrees.Tree, String> rootPaths(long postId) throws SQLException {
        Map<CommentTrees.Tree, String> roots = new EnumMap<>(CommentTrees.Tree.class);
        long lastStep = 0;
        for (CommentTrees.Tree t : CommentTrees.Tree.values()) {
            try (PreparedStatement ps = app.prepareStatement("SELECT min(path) FILTER (WHERE depth = 1), min(left(path, "
                    + CommentTrees.STEPLEN + ")) FROM " + t.table + " WHERE post_id = ?")) {
                ps.setLong(1, postId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String root = rs.getString(1) != null ? rs.getString(1) : rs.getString(2);
                    if (root != null) roots.put(t, root);
                }
            }
            // Paths sort as their steps (C collation): the greatest path starts with the last root step used.
            try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery("SELECT max(path) FROM " + t.table)) {
                rs.next();
                String last = rs.getString(1);
                if (last != null) {
                    lastStep = Math.max(lastStep, CommentTrees.stepNumber(last.substring(0, CommentTrees.STEPLEN)));
                }
            }
        }
        String fresh = CommentTrees.step(lastStep + 1);
        for (CommentTrees.Tree t : CommentTrees.Tree.values()) roots.putIfAbsent(t, fresh);
        return roots;
    }

    private long single(String sql) throws SQLException {
        try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

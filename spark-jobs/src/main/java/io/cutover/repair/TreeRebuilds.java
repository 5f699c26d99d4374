package io.cutover.repair;

import io.cutover.mapping.Mapping;
import io.cutover.mapping.TreeSpec;
import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.tree.CommentTreeSync;
import io.cutover.tree.TreeChanges;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Comment-tree differences fixed by rebuilding the trees of the posts they touch: a node names a
 * post (a root) or a comment, whose post is the one its comment belongs to now and any post a node
 * of it sits under. Each post's trees, in every tree table, are brought to what its comments say
 * when the fix runs ({@link CommentTreeSync#bringPost}, one short transaction each, the app's
 * writes waited for and never overwritten), after the plan's row fixes, so that they see the
 * comments as repaired.
 */
final class TreeRebuilds {
    /** What the rebuilds did: posts brought to their comments, and the nodes written. */
    record Done(long posts, TreeChanges changes) {}

    private TreeRebuilds() {}

    /** The posts whose trees fix {@code trees} (differences of category tree); what cannot be fixed so goes to {@code left}. */
    static List<TreeFix> plan(Mapping mapping, Connection target, List<Difference> trees, List<LeftToHuman> left,
                           java.util.function.Function<String, String> guard) {
        Map<Long, List<String>> posts = new TreeMap<>();
        Optional<TreeSpec> spec = mapping.commentTrees();
        for (Difference d : trees) {
            if (spec.isEmpty()) {
                left.add(RepairPlanner.human(d, "the mapping describes no comment trees to rebuild"));
                continue;
            }
            Optional<TreeSpec.Table> table = spec.get().tables().stream().filter(t -> t.entity().equals(d.entity())).findFirst();
            if (table.isEmpty()) {
                left.add(RepairPlanner.human(d, "the mapping's trees have no table for " + d.entity()));
                continue;
            }
            String refused = guard.apply(table.get().table());
            if (refused != null) {
                left.add(RepairPlanner.human(d, refused));
                continue;
            }
            List<Long> found = postsOf(spec.get(), table.get(), target, d.key());
            if (found.isEmpty()) {
                left.add(RepairPlanner.human(d, "no post of " + spec.get().posts() + " holds this node or its comment: a node of a post"
                        + " that is not there is for a person"));
                continue;
            }
            for (long p : found) posts.computeIfAbsent(p, k -> new ArrayList<>()).add(d.entity() + " " + d.key() + " " + d.column());
        }
        List<TreeFix> planned = new ArrayList<>();
        posts.forEach((p, why) -> planned.add(new TreeFix(p, why)));
        return planned;
    }

    /** The posts of the node {@code key} names: its own post, or its comment's post now and the posts its nodes sit under. */
    private static List<Long> postsOf(TreeSpec trees, TreeSpec.Table table, Connection target, String key) {
        Map<String, String> k = RowKey.parse(key);
        String sql;
        if (k.get("post_id") != null) {
            sql = "SELECT id FROM " + SqlText.identifier(trees.posts()) + " WHERE id = " + SqlText.literal(k.get("post_id"));
        } else if (k.get("comment_id") != null) {
            String comment = SqlText.literal(k.get("comment_id"));
            TreeSpec.Reference post = trees.post();
            String postOfComment = "SELECT p.id FROM " + SqlText.identifier(trees.comments()) + " c JOIN " + SqlText.identifier(trees.posts())
                    + " p ON p." + SqlText.identifier(post.throughKey() ? post.key() : "id") + " = c." + SqlText.identifier(post.column())
                    + " WHERE c." + SqlText.identifier(trees.comment()) + " = " + comment;
            sql = postOfComment + " UNION SELECT n.post_id FROM " + SqlText.identifier(table.table()) + " n JOIN "
                    + SqlText.identifier(trees.posts()) + " p ON p.id = n.post_id WHERE n.comment_id = " + comment;
        } else {
            return List.of();
        }
        TreeSet<Long> ids = new TreeSet<>();
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) ids.add(rs.getLong(1));
        } catch (SQLException e) {
            throw CutoverException.failure("repair: cannot find the posts of tree node " + key + " in " + table.table() + ": "
                    + PostgresServer.describe(e), e);
        }
        return new ArrayList<>(ids);
    }

    /** Rebuilds each post's trees in a transaction of its own; a failure stops the run (exit 3), naming the post. */
    static Done apply(Mapping mapping, Connection target, List<TreeFix> posts, Duration lockTimeout) {
        if (posts.isEmpty()) return new Done(0, TreeChanges.NONE);
        CommentTreeSync sync = new CommentTreeSync(mapping.commentTrees().orElseThrow());
        TreeChanges all = TreeChanges.NONE;
        long done = 0;
        for (TreeFix p : posts) {
            try {
                all = all.plus(sync.bringPost(target, p.postId(), lockTimeout));
                done++;
            } catch (SQLException e) {
                String why = "55P03".equals(e.getSQLState())
                        ? "a lock was not granted within the lock_timeout of " + lockTimeout.toMillis() + " ms (the application holds it)"
                        : PostgresServer.describe(e);
                throw CutoverException.failure("repair: rebuilding the comment trees of post " + p.postId() + " failed and was rolled"
                        + " back; the trees of " + done + " posts before it are rebuilt: " + why, e);
            }
        }
        return new Done(done, all);
    }
}

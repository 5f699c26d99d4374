package io.cutover.tree;

import io.cutover.mapping.TreeSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings posts' comment trees, in every tree table the mapping names, to what their comments say
 * now: the one entry point of the backfill's tree step and of repair's tree fixes.
 *
 * <p>In the caller's transaction: the posts and their comments are locked first (so the app can
 * neither add nor edit a comment of theirs until the transaction ends, and an app transaction
 * already doing so is waited for), then the tree tables against writes (readers go on; see
 * {@link #lockTables}) and the posts' nodes ({@code FOR UPDATE}); each post's
 * trees are built ({@link MaterializedPaths}) under the root path it has (a post without one
 * takes the step after every first step in use, as the app does) and compared with the nodes
 * held: a node already right is left alone, a node whose values changed at the same path is
 * updated, a node at another path or no longer wanted is deleted, a wanted node missing is
 * inserted, every write guarded ({@link TreeTable}). Nothing is deleted and re-inserted whole.
 */
public final class CommentTreeSync {
    private static final int ROOT_ATTEMPTS = 20;

    private final TreeSpec trees;
    private final MaterializedPaths builder;
    private final PostCommentsQuery query;
    private final List<TreeTable> tables = new ArrayList<>();
    /** The greatest first step known in use in any tree table; -1 until counted (by the steps' own order). */
    private long lastRootStep = -1;
    private final SyncProfile profile = new SyncProfile();

    public CommentTreeSync(TreeSpec trees) {
        this.trees = trees;
        this.builder = MaterializedPaths.of(trees);
        this.query = new PostCommentsQuery(trees);
        for (TreeSpec.Table t : trees.tables()) tables.add(new TreeTable(t));
    }

    public TreeSpec trees() {
        return trees;
    }

    /** Where the calls' time went so far (see {@link SyncProfile#take}). */
    public SyncProfile profile() {
        return profile;
    }

    /**
     * Brings the trees of {@code postIds} (ids of the mapping's posts table; one that does not
     * exist is passed over) to their comments, inside the transaction {@code c} has open
     * (autocommit off); the caller commits. A lock wait longer than the session's
     * {@code lock_timeout} fails with the SQLException, to be rolled back.
     */
    public TreeChanges bring(Connection c, List<Long> postIds) throws SQLException {
        if (c.getAutoCommit()) throw new IllegalStateException("bring the trees inside a transaction: autocommit is on");
        if (postIds.isEmpty()) return TreeChanges.NONE;
        profile.start();
        Map<Long, PostComments> posts = query.read(c, postIds);
        if (posts.isEmpty()) return TreeChanges.NONE;
        lockTables(c);
        profile.end(SyncProfile.Phase.COMMENTS);
        Set<Long> commentIds = new HashSet<>();
        for (PostComments p : posts.values()) for (PostComments.Comment cm : p.comments()) commentIds.add(cm.id());
        TreeChanges changes = new TreeChanges(posts.size(), 0, 0, 0, 0, 0);
        Map<Long, String> fresh = new HashMap<>();
        for (TreeTable t : tables) changes = changes.plus(table(c, t, posts, commentIds, fresh));
        return changes;
    }

    /** One post, in its own transaction with the lock timeout given: what repair calls for a post. */
    public TreeChanges bringPost(Connection c, long postId, java.time.Duration lockTimeout) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + Math.max(1, lockTimeout.toMillis()) + "ms'");
            TreeChanges changes = bring(c, List.of(postId));
            c.commit();
            return changes;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * The tree tables, in a mode that lets readers go on and makes the app's writes to them wait
     * for this transaction: the app numbers a new node's id and a new post's root step from what
     * is committed (the greatest one, plus one), which this transaction's uncommitted nodes would
     * otherwise take from under it. Taken after the posts and comments, as the app takes its
     * locks (its comment or post first, then the trees), so the two never wait on each other in a
     * circle.
     */
    private void lockTables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        for (TreeTable t : tables) names.add(Sql.quote(t.name()));
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("LOCK TABLE " + String.join(", ", names) + " IN SHARE ROW EXCLUSIVE MODE");
        }
    }

    private TreeChanges table(Connection c, TreeTable t, Map<Long, PostComments> posts, Set<Long> commentIds,
                              Map<Long, String> fresh) throws SQLException {
        List<StoredNode> held = t.lockNodes(c, posts.keySet(), commentIds);
        profile.end(SyncProfile.Phase.NODES);
        Map<Long, List<StoredNode>> byPost = new HashMap<>();
        Map<Long, StoredNode> byComment = new HashMap<>();
        List<StoredNode> deletes = new ArrayList<>();
        for (StoredNode s : held) {
            byPost.computeIfAbsent(s.node().postId(), k -> new ArrayList<>()).add(s);
            Long comment = s.node().commentId();
            if (comment == null) continue;   // roots are judged per post below
            // a second node of one comment (a table without its unique key) is one too many
            if (!commentIds.contains(comment) || byComment.putIfAbsent(comment, s) != null) deletes.add(s);
        }
        List<StoredNode> updatesFrom = new ArrayList<>();
        List<TreeNode> updatesTo = new ArrayList<>();
        List<TreeNode> inserts = new ArrayList<>();
        long inserted = 0, unchanged = 0, others = 0;
        for (PostComments post : posts.values()) {
            List<StoredNode> own = byPost.getOrDefault(post.postId(), List.of());
            String root = rootPath(own);
            StoredNode heldRoot = null;
            for (StoredNode s : own) {
                if (!s.node().root()) continue;
                if (heldRoot == null && s.node().depth() == 1 && s.node().path().equals(root)) heldRoot = s;
                else deletes.add(s);
            }
            boolean rootWritten = false;
            int topLevel = builder.build(t.spec(), "", post).get(0).numchild();
            if (root != null && heldRoot == null) {
                // nodes without their root: it goes back where they hang, unless another post's root is there
                profile.end(SyncProfile.Phase.BUILD);
                boolean back = t.insertRoot(c, new TreeNode(root, 1, topLevel, post.postId(), null, List.of()));
                profile.end(SyncProfile.Phase.WRITE);
                if (back) {
                    inserted++;
                    rootWritten = true;
                } else {
                    root = null;
                }
            }
            if (root == null) {
                profile.end(SyncProfile.Phase.BUILD);
                root = freshRoot(c, t, post.postId(), topLevel, fresh);
                profile.end(SyncProfile.Phase.WRITE);
                if (root == null) {
                    others++;
                    continue;
                }
                inserted++;
                rootWritten = true;
            }
            for (TreeNode w : builder.build(t.spec(), root, post)) {
                if (w.root()) {
                    if (rootWritten) continue;
                    if (same(heldRoot.node(), w)) {
                        unchanged++;
                    } else {
                        updatesFrom.add(heldRoot);
                        updatesTo.add(w);
                    }
                    continue;
                }
                StoredNode s = byComment.get(w.commentId());
                if (s == null) {
                    inserts.add(w);
                } else if (!s.node().path().equals(w.path())) {
                    deletes.add(s);
                    inserts.add(w);
                } else if (same(s.node(), w)) {
                    unchanged++;
                } else {
                    updatesFrom.add(s);
                    updatesTo.add(w);
                }
            }
        }
        profile.end(SyncProfile.Phase.BUILD);
        long deleted = t.delete(c, deletes);
        others += deletes.size() - deleted;
        // A wanted place another post's node holds (a node moved there): that node is in the way.
        Set<String> ours = new HashSet<>();
        for (StoredNode s : held) ours.add(s.node().path());
        List<String> paths = new ArrayList<>();
        for (TreeNode w : inserts) if (!ours.contains(w.path())) paths.add(w.path());
        profile.end(SyncProfile.Phase.WRITE);
        List<StoredNode> inTheWay = t.lockPaths(c, paths);
        profile.end(SyncProfile.Phase.NODES);
        long cleared = t.delete(c, inTheWay);
        others += inTheWay.size() - cleared;
        long updated = t.update(c, updatesFrom, updatesTo);
        others += updatesFrom.size() - updated;
        long added = t.insert(c, inserts);
        others += inserts.size() - added;
        profile.end(SyncProfile.Phase.WRITE);
        return new TreeChanges(0, inserted + added, updated, deleted + cleared, unchanged, others);
    }

    /** The root a post's nodes have: its depth-1 node without comment, else the first step its nodes hang under. */
    private String rootPath(List<StoredNode> own) {
        String root = null, under = null;
        for (StoredNode s : own) {
            String p = s.node().path();
            if (s.node().root() && s.node().depth() == 1 && (root == null || p.compareTo(root) < 0)) root = p;
            String first = builder.steps().root(p);
            if (under == null || first.compareTo(under) < 0) under = first;
        }
        return root != null ? root : under;
    }

    /**
     * Inserts the root of a post that has no node in this table and returns its path: the step
     * the post took in another table of this call, else the step after every first step in use in
     * any tree table (as the app numbers a new post's roots). Another writer taking the step
     * meanwhile moves it on. Null when every attempt found its step taken.
     */
    private String freshRoot(Connection c, TreeTable t, long postId, int numchild, Map<Long, String> fresh) throws SQLException {
        String path = fresh.get(postId);
        for (int attempt = 0; attempt < ROOT_ATTEMPTS; attempt++) {
            if (path == null) {
                long last = lastRootStep;
                for (TreeTable any : tables) last = Math.max(last, any.lastRootStep(c, builder.steps(), lastRootStep < 0));
                lastRootStep = last + 1;
                path = builder.steps().step(lastRootStep);
            }
            if (t.insertRoot(c, new TreeNode(path, 1, numchild, postId, null, List.of()))) {
                fresh.putIfAbsent(postId, path);
                return path;
            }
            // taken meanwhile: count the steps in use again, by their own order
            lastRootStep = -1;
            path = null;
        }
        return null;
    }

    /** Equal as stored: the root's sort columns are the table's defaults, not compared. */
    private static boolean same(TreeNode held, TreeNode wanted) {
        return held.depth() == wanted.depth() && held.numchild() == wanted.numchild() && held.postId() == wanted.postId()
                && java.util.Objects.equals(held.commentId(), wanted.commentId())
                && (wanted.root() || held.sort().equals(wanted.sort()));
    }
}

package io.cutover.tree;

import io.cutover.mapping.TreeSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    private final NodeLookup nodes;
    private final SyncProfile profile = new SyncProfile();

    public CommentTreeSync(TreeSpec trees) {
        this.trees = trees;
        this.builder = MaterializedPaths.of(trees);
        this.query = new PostCommentsQuery(trees);
        for (TreeSpec.Table t : trees.tables()) tables.add(new TreeTable(t));
        this.nodes = new NodeLookup(tables, builder.steps());
    }

    public TreeSpec trees() {
        return trees;
    }

    /** Where the calls' time went so far (see {@link SyncProfile#take}). */
    public SyncProfile profile() {
        return profile;
    }

    /**
     * What a person could do to make this cheaper, one line each: an index on {@code post_id}
     * for a tree table whose nodes can only be found by a scan. Known after the first call.
     */
    public List<String> advice() {
        return nodes.advice();
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
        nodes.survey(c);
        profile.end(SyncProfile.Phase.NODES);
        Map<Long, PostComments> posts = query.read(c, postIds);
        if (posts.isEmpty()) return TreeChanges.NONE;
        lockTables(c);
        profile.end(SyncProfile.Phase.COMMENTS);
        nodes.prepare(c);
        profile.end(SyncProfile.Phase.NODES);
        Set<Long> commentIds = new HashSet<>();
        for (PostComments p : posts.values()) for (PostComments.Comment cm : p.comments()) commentIds.add(cm.id());
        TreeChanges changes = new TreeChanges(posts.size(), 0, 0, 0, 0, 0);
        Map<Long, String> fresh = new HashMap<>();
        for (int i = 0; i < tables.size(); i++) changes = changes.plus(table(c, i, posts, commentIds, fresh));
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

    private TreeChanges table(Connection c, int index, Map<Long, PostComments> posts, Set<Long> commentIds,
                              Map<Long, String> fresh) throws SQLException {
        TreeTable t = tables.get(index);
        List<StoredNode> held = nodes.lock(c, index, posts.keySet(), commentIds);
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
        // Each post's root: the one it holds, else put back where its nodes hang, else a new step;
        // the roots to write go in one statement, then the new steps in another.
        Map<Long, String> roots = new LinkedHashMap<>();
        Map<Long, StoredNode> heldRoots = new HashMap<>();
        Map<Long, List<TreeNode>> built = new HashMap<>();
        List<TreeNode> putBack = new ArrayList<>();
        for (PostComments post : posts.values()) {
            List<StoredNode> own = byPost.getOrDefault(post.postId(), List.of());
            String root = rootPath(own);
            StoredNode heldRoot = null;
            for (StoredNode s : own) {
                if (!s.node().root()) continue;
                if (heldRoot == null && s.node().depth() == 1 && s.node().path().equals(root)) heldRoot = s;
                else deletes.add(s);
            }
            // built under a stand-in root of a step's length, the real one put in front once known
            List<TreeNode> wanted = builder.build(t.spec(), builder.steps().step(0), post);
            built.put(post.postId(), wanted);
            if (heldRoot != null) heldRoots.put(post.postId(), heldRoot);
            // nodes without their root: it goes back where they hang, unless another post's root is there
            else if (root != null) putBack.add(new TreeNode(root, 1, wanted.get(0).numchild(), post.postId(), null, List.of()));
            roots.put(post.postId(), root);
        }
        profile.end(SyncProfile.Phase.BUILD);
        Set<Long> rootWritten = new HashSet<>();
        Set<String> back = t.insertRoots(c, putBack);
        for (TreeNode r : putBack) {
            if (back.contains(r.path())) rootWritten.add(r.postId());
            else roots.put(r.postId(), null);
        }
        List<TreeNode> newRoots = new ArrayList<>();
        for (Map.Entry<Long, String> e : roots.entrySet()) {
            if (e.getValue() != null) continue;
            String path = fresh.containsKey(e.getKey()) ? fresh.get(e.getKey()) : builder.steps().step(nodes.nextStep());
            newRoots.add(new TreeNode(path, 1, built.get(e.getKey()).get(0).numchild(), e.getKey(), null, List.of()));
        }
        Set<String> took = t.insertRoots(c, newRoots);
        long inserted = 0, unchanged = 0, others = 0;
        for (TreeNode r : newRoots) {
            // taken by a writer this run did not see: the post takes a step counted again
            String path = took.contains(r.path()) ? r.path() : freshRoot(c, t, r.postId(), r.numchild());
            roots.put(r.postId(), path);
            if (path == null) continue;
            fresh.putIfAbsent(r.postId(), path);
            rootWritten.add(r.postId());
        }
        profile.end(SyncProfile.Phase.WRITE);
        List<StoredNode> updatesFrom = new ArrayList<>();
        List<TreeNode> updatesTo = new ArrayList<>();
        List<TreeNode> inserts = new ArrayList<>();
        for (PostComments post : posts.values()) {
            String root = roots.get(post.postId());
            if (root == null) {
                others++;
                continue;
            }
            if (rootWritten.contains(post.postId())) inserted++;
            StoredNode heldRoot = heldRoots.get(post.postId());
            for (TreeNode w : rooted(t, root, post, built.get(post.postId()))) {
                if (w.root()) {
                    if (rootWritten.contains(post.postId())) continue;
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
            nodes.settled(index, post.postId(), List.of(root));
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

    /** The post's wanted nodes under its root: those built under a stand-in root with the real one in front. */
    private List<TreeNode> rooted(TreeTable t, String root, PostComments post, List<TreeNode> built) {
        int steplen = builder.steps().steplen();
        if (root.length() != steplen) return builder.build(t.spec(), root, post);   // a root of another length (damage)
        List<TreeNode> out = new ArrayList<>(built.size());
        for (TreeNode n : built) {
            out.add(new TreeNode(root + n.path().substring(steplen), n.depth(), n.numchild(), n.postId(), n.commentId(), n.sort()));
        }
        return out;
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
     * Inserts the root of a post whose new step was taken by a writer this run had not seen, and
     * returns its path: the step after every first step in use, counted again by the steps' own
     * order, moved on while another writer takes it meanwhile. Null when every attempt found its
     * step taken.
     */
    private String freshRoot(Connection c, TreeTable t, long postId, int numchild) throws SQLException {
        for (int attempt = 0; attempt < ROOT_ATTEMPTS; attempt++) {
            nodes.count(c, true);
            String path = builder.steps().step(nodes.nextStep());
            if (t.insertRoot(c, new TreeNode(path, 1, numchild, postId, null, List.of()))) return path;
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

package io.cutover.tree;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds and locks a chunk's nodes in each tree table, by the way the table's indexes allow
 * ({@link TreeTable.Access}), and knows the greatest first step in use: the nodes a chunk reads
 * are those of its posts and of its comments wherever they hang, as a read by {@code post_id}
 * would give them.
 *
 * <p>A table without an index on {@code post_id} (the 2020 DDL has none) is not scanned per
 * chunk: its nodes are read through the indexes it has, in one statement a table (a second only
 * for a damaged tree): the comments' nodes by the comment index; the posts' nodes without comment
 * at the paths a {@link RootCatalogue} knows (one scan a run, before the first chunk locks anything); every path above the greatest first
 * step seen before (new posts' roots, which the app numbers after every step in use, as this
 * package does); then the root at the first step of each comment node found, if not read
 * already (a root the app put back under its nodes). What another writer puts without a comment
 * at a step below the greatest, for a post none of whose comments has a node, is not seen until
 * the next run reads the catalogue again: the app does not write so, and verify's tree check
 * would report the second root.
 */
final class NodeLookup {
    private final List<TreeTable> tables;
    private final PathSteps steps;
    private final List<TreeTable.Access> access = new ArrayList<>();
    private final List<Boolean> ordered = new ArrayList<>();
    private final List<String> advice = new ArrayList<>();
    private RootCatalogue catalogue;
    /** The greatest first step known in use in any tree table; -1 until counted. */
    private long top = -1;
    private long topBefore = -1;

    NodeLookup(List<TreeTable> tables, PathSteps steps) {
        this.tables = tables;
        this.steps = steps;
    }

    /**
     * On a run's first call, before anything is locked (a scan of each table must not hold the
     * app's tree writes): how each table is read, the greatest first step in use, then the
     * catalogue of roots. A root written after that count is above it, and found by the first
     * chunk's read above the step counted here.
     */
    void survey(Connection c) throws SQLException {
        if (!access.isEmpty()) return;
        boolean catalogued = false;
        for (TreeTable t : tables) {
            boolean byPost = t.indexedByPost(c);
            boolean sorted = t.pathSortsAsSteps(c, steps);
            ordered.add(sorted);
            TreeTable.Access a = byPost ? TreeTable.Access.BY_POST : sorted ? TreeTable.Access.BY_PATH : TreeTable.Access.SCAN;
            access.add(a);
            catalogued |= a == TreeTable.Access.BY_PATH;
            if (a == TreeTable.Access.SCAN) {
                advice.add(t.name() + " has no index on post_id, and its paths do not sort as their steps in an index:"
                        + " each chunk scans it. An index would let it read the chunk's nodes by post: CREATE INDEX CONCURRENTLY "
                        + Sql.quote(t.name() + "_post_id_idx") + " ON " + Sql.quote(t.name()) + " (post_id);");
            }
        }
        count(c, true);
        if (catalogued) {
            catalogue = new RootCatalogue(tables.size());
            for (int i = 0; i < tables.size(); i++) {
                int table = i;
                if (access.get(i) == TreeTable.Access.BY_PATH) tables.get(i).rootsByPost(c, (post, path) -> catalogue.add(table, post, path));
            }
        }
    }

    /**
     * Under the chunk's table locks: the greatest first step in use now (the index's last path
     * where paths sort as their steps, else a hint from it over the count of the survey).
     */
    void prepare(Connection c) throws SQLException {
        topBefore = top;
        count(c, false);
    }

    /** The greatest first step in use, counted again: by its own order when {@code thorough}, else from the path indexes. */
    long count(Connection c, boolean thorough) throws SQLException {
        long last = thorough ? -1 : top;
        for (int i = 0; i < tables.size(); i++) {
            last = Math.max(last, tables.get(i).lastRootStep(c, steps, thorough && !ordered.get(i)));
        }
        top = last;
        return top;
    }

    /** Takes the step after the greatest in use for a new root, and returns it. */
    long nextStep() {
        return ++top;
    }

    /** What a person could do to make the reads cheaper (an index to create), one line each. */
    List<String> advice() {
        return List.copyOf(advice);
    }

    /** The nodes of {@code posts} and of {@code comments} in the table, locked, in path order. */
    List<StoredNode> lock(Connection c, int table, Set<Long> posts, Set<Long> comments) throws SQLException {
        TreeTable t = tables.get(table);
        if (access.get(table) != TreeTable.Access.BY_PATH) return t.lockNodes(c, posts, comments);
        Set<String> at = new LinkedHashSet<>();
        for (long p : posts) at.addAll(catalogue.paths(table, p));
        if (topBefore >= 0) at.add(steps.step(topBefore));
        // the first steps above the greatest seen before, up to the greatest now: only when something was written there since
        String from = null, to = null;
        if (top > topBefore) {
            from = steps.step(Math.max(0, topBefore + 1));
            to = top + 1 < capacity() ? steps.step(top + 1) : null;
        }
        List<StoredNode> read = t.lockByPath(c, comments, at, from, to);
        List<StoredNode> held = new ArrayList<>();
        Set<String> seen = new HashSet<>(at);
        for (StoredNode s : read) {
            seen.add(s.node().path());
            if (ours(s, posts, comments)) held.add(s);
            else if (s.node().root()) catalogue.add(table, s.node().postId(), s.node().path());   // a new post's root, above the steps seen
        }
        Set<String> roots = new LinkedHashSet<>();
        for (StoredNode s : held) if (!seen.contains(steps.root(s.node().path()))) roots.add(steps.root(s.node().path()));
        if (roots.isEmpty()) return held;
        for (StoredNode s : t.lockPaths(c, roots)) if (ours(s, posts, comments)) held.add(s);
        held.sort((a, b) -> a.node().path().compareTo(b.node().path()));
        return held;
    }

    /** After the chunk's writes: the post's nodes without comment in the table are now these. */
    void settled(int table, long post, Collection<String> rootless) {
        if (catalogue != null && access.get(table) == TreeTable.Access.BY_PATH) catalogue.set(table, post, List.copyOf(rootless));
    }

    private static boolean ours(StoredNode s, Set<Long> posts, Set<Long> comments) {
        Long comment = s.node().commentId();
        return posts.contains(s.node().postId()) || comment != null && comments.contains(comment);
    }

    private long capacity() {
        return (long) Math.pow(steps.alphabet().length(), steps.steplen());
    }
}

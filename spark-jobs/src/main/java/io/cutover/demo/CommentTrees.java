package io.cutover.demo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The new schema's comment trees, as the app builds them: one django-treebeard MP_Node table
 * per sort order, written post by post as the comments are (a post's thread is in memory
 * anyway; the whole world never is). Each post gets a root (depth 1, no comment, its k-th
 * root path); its top-level comments hang under it, a reply under its parent's node, and
 * siblings take steps 1, 2, ... in the table's order, ties by comment id ascending.
 */
public final class CommentTrees {
    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public static final int STEPLEN = 4;

    /**
     * One column of treebeard's {@code node_order_by}: a node's {@code created} or {@code score},
     * ascending or (a leading '-') descending.
     */
    public record SortKey(String column, boolean descending) {
        public SortKey {
            if (!column.equals("created") && !column.equals("score")) {
                throw new IllegalArgumentException("a comment tree sorts by created or score, not " + column);
            }
        }

        /** treebeard's spelling: "-score", "created". */
        public static SortKey of(String orderBy) {
            return orderBy.startsWith("-") ? new SortKey(orderBy.substring(1), true) : new SortKey(orderBy, false);
        }

        int compare(int a, int b, long[] created, int[] score) {
            int c = column.equals("created") ? Long.compare(created[a], created[b]) : Integer.compare(score[a], score[b]);
            return descending ? -c : c;
        }
    }

    /**
     * Negative when comment a's node comes before b's among siblings: each sort key in turn, ties by
     * comment id ascending (the ids ascend with the index).
     */
    public static int compare(List<SortKey> sort, int a, int b, long[] created, int[] score) {
        for (SortKey k : sort) {
            int c = k.compare(a, b, created, score);
            if (c != 0) return c;
        }
        return Integer.compare(a, b);
    }

    /** The three tables: their name and sibling order (newest first, oldest first, highest score first). */
    public enum Tree {
        NEW("discussions_newcommenttreenode", "-created"),
        OLD("discussions_oldcommenttreenode", "created"),
        BEST("discussions_bestcommenttreenode", "-score");

        public final String table;
        public final String sortColumn;
        public final List<SortKey> sort;

        Tree(String table, String orderBy) {
            this.table = table;
            this.sort = List.of(SortKey.of(orderBy));
            this.sortColumn = sort.get(0).column();
        }

        /** Entity name in verify's report: the table without {@code discussions_}. */
        String entity() {
            return table.substring("discussions_".length());
        }

        /** Negative when comment a's node comes before b's among siblings. */
        int compare(int a, int b, long[] created, int[] score) {
            return CommentTrees.compare(sort, a, b, created, score);
        }
    }

    /** One node of a tree being built, in path order; a root has no comment ({@code commentId} null) and no sort value. */
    public interface Node {
        void node(String path, int depth, int numchild, Long created, Integer score, long postId, Long commentId);
    }

    /** Where a tree's nodes go: the demo's COPY streams, or the rows of a rebuilt post (traffic). */
    public interface Nodes {
        /** One node; a root has no comment ({@code commentId} null) and no sort value. */
        void node(Tree tree, String path, int depth, int numchild, Long created, Integer score, long postId, Long commentId);
    }

    private final Nodes nodes;

    CommentTrees(Map<String, CopyStream> tables) {
        CopyStream[] streams = new CopyStream[Tree.values().length];
        int[] nextId = new int[Tree.values().length];
        for (Tree t : Tree.values()) {
            streams[t.ordinal()] = tables.get(t.table);
            nextId[t.ordinal()] = 1;
        }
        this.nodes = (t, path, depth, numchild, created, score, postId, commentId) -> {
            CopyStream s = streams[t.ordinal()];
            s.number(nextId[t.ordinal()]++).text(path).number(depth).number(numchild);
            if (commentId == null) s.nul();
            else if (t == Tree.BEST) s.number(score);
            else s.timestamp(created);
            s.number(postId);
            if (commentId == null) s.nul(); else s.number(commentId);
            s.endRow();
        };
    }

    public CommentTrees(Nodes nodes) {
        this.nodes = nodes;
    }

    /** treebeard's path step for the n-th (1-based) root or child. */
    public static String step(long n) {
        char[] s = new char[STEPLEN];
        for (int i = STEPLEN - 1; i >= 0; i--) {
            s[i] = ALPHABET.charAt((int) (n % ALPHABET.length()));
            n /= ALPHABET.length();
        }
        if (n != 0) throw new IllegalArgumentException("step out of range for steplen " + STEPLEN);
        return new String(s);
    }

    /** The number a path step stands for: the inverse of {@link #step}. */
    public static long stepNumber(String step) {
        long n = 0;
        for (int i = 0; i < step.length(); i++) n = n * ALPHABET.length() + ALPHABET.indexOf(step.charAt(i));
        return n;
    }

    /** The demo's k-th post (0-based) has its roots at step k + 1. */
    void post(int post, long postId, long[] commentIds, int[] parent, long[] created, int[] score) {
        post(step(post + 1L), postId, commentIds, parent, created, score);
    }

    /**
     * One post's three trees under the root path given. Comments come in id order;
     * {@code parent[i]} is the index of comment i's parent (-1 at top level), {@code created}
     * (microseconds) and {@code score} what discussions_comment holds for it.
     */
    public void post(String rootPath, long postId, long[] commentIds, int[] parent, long[] created, int[] score) {
        for (Tree t : Tree.values()) tree(t, rootPath, postId, commentIds, parent, created, score);
    }

    /** One of the post's trees under the root path given; the arguments as for {@link #post(String, long, long[], int[], long[], int[])}. */
    public void tree(Tree t, String rootPath, long postId, long[] commentIds, int[] parent, long[] created, int[] score) {
        build(t.sort, rootPath, postId, commentIds, parent, created, score,
                (path, depth, numchild, c, s, post, comment) -> nodes.node(t, path, depth, numchild, c, s, post, comment));
    }

    /**
     * One post's tree of any sort list ({@code node_order_by}) under the root path given, each node
     * to {@code out} in path order; the arguments as for {@link #post(String, long, long[], int[], long[], int[])}.
     */
    public static void build(List<SortKey> sort, String rootPath, long postId, long[] commentIds, int[] parent,
                             long[] created, int[] score, Node out) {
        int n = commentIds.length;
        // Children of each node in index order, as offsets into one array: node n is the root.
        int[] childCount = new int[n + 1];
        for (int i = 0; i < n; i++) childCount[parent[i] < 0 ? n : parent[i]]++;
        int[] first = new int[n + 2];
        for (int i = 0; i <= n; i++) first[i + 1] = first[i] + childCount[i];
        int[] fill = first.clone();
        int[] children = new int[n];
        for (int i = 0; i < n; i++) children[fill[parent[i] < 0 ? n : parent[i]]++] = i;
        Integer[] sorted = new Integer[n];
        for (int p = 0; p <= n; p++) {
            for (int c = first[p]; c < first[p + 1]; c++) sorted[c] = children[c];
            Arrays.sort(sorted, first[p], first[p + 1], (a, b) -> compare(sort, a, b, created, score));
        }
        out.node(rootPath, 1, childCount[n], null, null, postId, null);
        emitChildren(out, n, rootPath, 2, first, sorted, childCount, postId, commentIds, created, score);
    }

    private static void emitChildren(Node out, int node, String path, int depth, int[] first, Integer[] sorted,
                                     int[] childCount, long postId, long[] commentIds, long[] created, int[] score) {
        // Depth is bounded (the generator caps threads at 15 levels), so recursion is safe.
        for (int c = first[node], k = 1; c < first[node + 1]; c++, k++) {
            int i = sorted[c];
            String childPath = path + step(k);
            out.node(childPath, depth, childCount[i], created[i], score[i], postId, commentIds[i]);
            emitChildren(out, i, childPath, depth + 1, first, sorted, childCount, postId, commentIds, created, score);
        }
    }

    /**
     * The two constraints a backfill may not have had when the trees were loaded (comment_id
     * unique, and its foreign key): a world with faults is built without them.
     */
    static boolean commentConstraint(String keyStatement) {
        return keyStatement.matches("(?s)ALTER TABLE discussions_\\w+commenttreenode ADD CONSTRAINT \\w+_comment_id_(key|fk) .*");
    }
}

package io.cutover.verify;

import io.cutover.mapping.TreeSpec;
import io.cutover.storage.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Checks the comment-tree tables the mapping describes, every node, against the new comments
 * (the reference): each comment has one node, each post one root; a node's parent (found by
 * its path minus the last step) is its parent comment's node, or its post's root; depth is the
 * path's steps, numchild its direct children; siblings' paths ascend in the table's order
 * ({@link SiblingOrder}), judged on the comments' own values; the node's post and every sort
 * column are the comment's. How a comment names its post and parent is the mapping's to say
 * ({@link TreeReference} reads it into one shape).
 *
 * <p>Each rule looks at one node and its immediate neighbours only (its parent by path, its
 * predecessor among siblings), never at recomputed paths, so one fault never cascades over a
 * subtree; a rule whose reference is itself missing (a child of a missing node, a top-level
 * node of a post without a root) is left to the rule that reports the missing part. All of it
 * is joins, aggregates and one window over the node table: nothing is collected per post.
 *
 * <p>A recheck or a window checks the trees of the posts its comment keys touch only
 * ({@link #of}): every table's nodes of those posts, their comments and the posts themselves,
 * each read with the post ids pushed into the scan (one array value on a live table), under the
 * same rules, giving the rows a full run gives for those posts. A fault that joins two posts (a
 * node filed under a post other than its comment's) is seen from the posts touched.
 */
final class CommentTreeCheck {
    static final String SOURCE = "structure";
    private static final String NODES = "__tree_nodes", COMMENTS = TreeReference.COMMENTS, POSTS = TreeReference.POSTS;
    private static final String ROOTS = "__tree_roots", JOINED = "__tree_joined";

    /** One table checked: where its differences went and how many rows each side had. */
    record Result(TreeSpec.Table table, Location differences, long referenceRows, long nodes, double seconds) {}

    private final SparkSession spark;
    private final TableReader reader;
    private final SourceLocation target;
    /** The posts whose trees are checked; null for every post. */
    private final Set<Object> posts;

    CommentTreeCheck(SparkSession spark, TableReader reader, SourceLocation target) {
        this(spark, reader, target, null);
    }

    private CommentTreeCheck(SparkSession spark, TableReader reader, SourceLocation target, Set<Object> posts) {
        this.spark = spark;
        this.reader = reader;
        this.target = target;
        this.posts = posts;
    }

    /**
     * The check of the trees of the posts that {@code comments} (ids of the new comments, as a
     * node's comment_id holds them) belong to: by the comments' own post, and by the post of any
     * node that names one of them (a comment the new table lost still has its nodes).
     */
    static CommentTreeCheck of(SparkSession spark, TableReader reader, SourceLocation target, TreeSpec trees,
                               Set<Object> comments) {
        return new CommentTreeCheck(spark, reader, target, TreeReference.postsOf(spark, reader, target, trees, comments));
    }

    /** How many posts are checked; -1 for every post. */
    long posts() {
        return posts == null ? -1 : posts.size();
    }

    /** Checks every table; {@code done} hears of each as it finishes (a large table takes minutes). */
    void run(TreeSpec trees, Location differencesDir, Consumer<Result> done) {
        // The reference is read once, narrow, for all the tables.
        try (TreeReference reference = TreeReference.read(spark, reader, target, trees, posts)) {
            long referenceRows = reference.rows();
            for (TreeSpec.Table t : trees.tables()) {
                long start = System.nanoTime();
                Location dir = differencesDir.resolve("entity=" + t.entity()).resolve("source=" + SOURCE);
                long nodes = check(trees, t, dir);
                done.accept(new Result(t, dir, referenceRows, nodes, (System.nanoTime() - start) / 1e9));
            }
        }
    }

    /** The comments' column a parent reference holds: the key it names through, or the comment's own id. */
    private static String keyOf(TreeSpec trees) {
        return trees.parent().throughKey() ? trees.parent().key() : trees.comment();
    }

    /** Writes one table's differences to {@code dir}; returns its node count. */
    private long check(TreeSpec trees, TreeSpec.Table t, Location dir) {
        int step = trees.steplen();
        SiblingOrder order = new SiblingOrder(t);
        List<String> columns = new ArrayList<>(List.of("path", "depth", "numchild"));
        columns.addAll(order.nodeColumns());
        columns.addAll(List.of("post_id", "comment_id", "substring(path, 1, length(path) - " + step + ") AS parent_path"));
        Dataset<Row> table = reader.read(target, t.table(), posts == null ? "id" : null);
        if (posts != null) table = table.where(TreeReference.in("post_id", posts));
        Dataset<Row> nodes = table.selectExpr(columns.toArray(String[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
        nodes.createOrReplaceTempView(NODES);
        // Each is read by several rules: joined and aggregated once.
        Dataset<Row> roots = spark.sql("SELECT post_id, count(*) AS roots,"
                + " array_join(slice(array_sort(collect_list(path)), 1, 3), ', ') AS paths"
                + " FROM " + NODES + " WHERE comment_id IS NULL GROUP BY post_id").persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> joined = spark.sql("SELECT n.*, c.post_id AS c_post, c.parent_id AS c_parent, c.parent_ref AS c_parent_ref,"
                + " c.top_level AS c_top, " + order.commentColumns("c")
                + " FROM " + NODES + " n JOIN " + COMMENTS + " c ON c.id = n.comment_id").persist(StorageLevel.MEMORY_AND_DISK());
        try {
            roots.createOrReplaceTempView(ROOTS);
            joined.createOrReplaceTempView(JOINED);
            String nodeKey = "CASE WHEN n.comment_id IS NULL THEN to_json(named_struct('post_id', n.post_id))"
                    + " ELSE to_json(named_struct('comment_id', n.comment_id)) END";
            List<String> rules = List.of(
                    // A comment with no node.
                    "SELECT 'node_missing' AS column, to_json(named_struct('comment_id', c.id)) AS key, '1 node' AS old_value,"
                            + " 'no node' AS new_value FROM " + COMMENTS + " c LEFT ANTI JOIN " + NODES + " n ON n.comment_id = c.id",
                    // Nodes for a comment that is not there, or more than one node for a comment.
                    "SELECT 'node_extra', to_json(named_struct('comment_id', g.comment_id)),"
                            + " CASE WHEN c.id IS NULL THEN 'no node (no such comment)' ELSE '1 node' END,"
                            + " concat(g.nodes, CASE WHEN g.nodes = 1 THEN ' node at ' ELSE ' nodes at ' END, g.paths)"
                            + " FROM (SELECT comment_id, count(*) AS nodes,"
                            + " array_join(slice(array_sort(collect_list(path)), 1, 3), ', ') AS paths FROM " + NODES
                            + " WHERE comment_id IS NOT NULL GROUP BY comment_id) g LEFT JOIN " + COMMENTS + " c ON c.id = g.comment_id"
                            + " WHERE c.id IS NULL OR g.nodes > 1",
                    // Exactly one root per post, none for a post that is not there.
                    "SELECT 'root', to_json(named_struct('post_id', coalesce(p.id, r.post_id))),"
                            + " CASE WHEN p.id IS NULL THEN 'no root (no such post)' ELSE '1 root' END,"
                            + " CASE WHEN r.roots IS NULL THEN 'no root' WHEN r.roots = 1 THEN concat('1 root at ', r.paths)"
                            + " ELSE concat(r.roots, ' roots at ', r.paths) END"
                            + " FROM " + POSTS + " p FULL OUTER JOIN " + ROOTS + " r ON r.post_id = p.id"
                            + " WHERE p.id IS NULL OR r.roots IS NULL OR r.roots <> 1",
                    // The node at the path's prefix must be the parent comment's node (the post's root at top level);
                    // not judged when that expected node is missing itself (reported as node_missing or root).
                    "SELECT 'parent', to_json(named_struct('comment_id', n.comment_id)),"
                            + " CASE WHEN n.c_top THEN concat('under the root of post ', n.c_post)"
                            + " WHEN n.c_parent IS NULL THEN concat('under the node of the comment whose "
                            + keyOf(trees) + " is ', n.c_parent_ref, ' (no such comment)')"
                            + " ELSE concat('under the node of comment ', n.c_parent) END,"
                            + " CASE WHEN a.path IS NULL THEN concat('no node at the parent path \"', n.parent_path, '\"')"
                            + " WHEN a.comment_id IS NULL THEN concat('under the root of post ', a.post_id, ' (', a.path, ')')"
                            + " ELSE concat('under the node of comment ', a.comment_id, ' (', a.path, ')') END"
                            + " FROM " + JOINED + " n LEFT JOIN " + NODES + " a ON a.path = n.parent_path"
                            + " LEFT JOIN " + ROOTS + " r ON r.post_id = n.c_post"
                            + " LEFT JOIN (SELECT DISTINCT comment_id FROM " + NODES + " WHERE comment_id IS NOT NULL) pn"
                            + " ON pn.comment_id = n.c_parent"
                            + " WHERE CASE WHEN n.c_top"
                            + " THEN NOT coalesce(a.comment_id IS NULL AND a.post_id = n.c_post, false) AND (a.path IS NOT NULL OR r.roots IS NOT NULL)"
                            + " ELSE NOT coalesce(a.comment_id = n.c_parent, false) AND (a.path IS NOT NULL OR pn.comment_id IS NOT NULL) END",
                    // depth is the number of steps of the path.
                    "SELECT 'depth', " + nodeKey + ", CAST(length(n.path) DIV " + step + " AS STRING),"
                            + " CAST(n.depth AS STRING) FROM " + NODES + " n"
                            + " WHERE n.depth <> length(n.path) DIV " + step + " OR length(n.path) % " + step + " <> 0",
                    // numchild counts the nodes whose path's prefix is this node's path.
                    "SELECT 'numchild', " + nodeKey + ", CAST(coalesce(k.children, 0) AS STRING), CAST(n.numchild AS STRING)"
                            + " FROM " + NODES + " n LEFT JOIN (SELECT parent_path, count(*) AS children FROM " + NODES
                            + " GROUP BY parent_path) k ON k.parent_path = n.path WHERE n.numchild <> coalesce(k.children, 0)",
                    // The node is on its comment's post.
                    "SELECT 'post', to_json(named_struct('comment_id', n.comment_id)), CAST(n.c_post AS STRING),"
                            + " CAST(n.post_id AS STRING) FROM " + JOINED + " n WHERE n.post_id <> n.c_post",
                    // Every stored sort column holds the comment's value.
                    order.sortKeyRule(JOINED),
                    // Each node against its predecessor among siblings (by path), on the comments' own values.
                    order.orderRule(JOINED));
            Dataset<Row> all = null;
            for (String rule : rules) {
                Dataset<Row> d = spark.sql(rule).toDF("column", "key", "old_value", "new_value");
                all = all == null ? d : all.unionAll(d);
            }
            // Once per node and rule, whatever duplicated paths or nodes multiplied in the joins.
            all.dropDuplicates("column", "key")
                    .selectExpr("'" + Category.TREE.id() + "' AS category", "key", "column", "old_value", "new_value")
                    .coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.uri());
            return nodes.count();
        } finally {
            joined.unpersist();
            roots.unpersist();
            nodes.unpersist();
        }
    }
}

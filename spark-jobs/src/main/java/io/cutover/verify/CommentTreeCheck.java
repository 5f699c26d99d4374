package io.cutover.verify;

import io.cutover.mapping.TreeSpec;
import io.cutover.storage.Location;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
 * path's steps, numchild its direct children; siblings' paths ascend in the table's order,
 * judged on the comments' own values; the node's post and sort column are the comment's.
 *
 * <p>Each rule looks at one node and its immediate neighbours only (its parent by path, its
 * predecessor among siblings), never at recomputed paths, so one fault never cascades over a
 * subtree; a rule whose reference is itself missing (a child of a missing node, a top-level
 * node of a post without a root) is left to the rule that reports the missing part. All of it
 * is joins, aggregates and one window over the node table: nothing is collected per post.
 */
final class CommentTreeCheck {
    static final String SOURCE = "structure";
    private static final String NODES = "__tree_nodes", COMMENTS = "__tree_comments", POSTS = "__tree_posts";
    private static final String ROOTS = "__tree_roots", JOINED = "__tree_joined";

    /** One table checked: where its differences went and how many rows each side had. */
    record Result(TreeSpec.Table table, Location differences, long referenceRows, long nodes, double seconds) {}

    private final SparkSession spark;
    private final TableReader reader;
    private final SourceLocation target;

    CommentTreeCheck(SparkSession spark, TableReader reader, SourceLocation target) {
        this.spark = spark;
        this.reader = reader;
        this.target = target;
    }

    /** Checks every table; {@code done} hears of each as it finishes (a large table takes minutes). */
    void run(TreeSpec trees, Location differencesDir, Consumer<Result> done) {
        Set<String> byColumns = new LinkedHashSet<>();
        for (TreeSpec.Table t : trees.tables()) byColumns.add(t.by());
        // The reference is read once, narrow, for all the tables.
        Dataset<Row> comments = reader.read(target, trees.comments(), "id")
                .selectExpr(concat("id", "post_id", "parent_id", byColumns)).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> posts = reader.read(target, trees.posts(), "id").selectExpr("id").persist(StorageLevel.MEMORY_AND_DISK());
        comments.createOrReplaceTempView(COMMENTS);
        posts.createOrReplaceTempView(POSTS);
        long referenceRows = comments.count() + posts.count();
        try {
            for (TreeSpec.Table t : trees.tables()) {
                long start = System.nanoTime();
                Location dir = differencesDir.resolve("entity=" + t.entity()).resolve("source=" + SOURCE);
                long nodes = check(trees, t, dir);
                done.accept(new Result(t, dir, referenceRows, nodes, (System.nanoTime() - start) / 1e9));
            }
        } finally {
            comments.unpersist();
            posts.unpersist();
        }
    }

    private static String[] concat(String a, String b, String c, Set<String> more) {
        List<String> all = new ArrayList<>(List.of(a, b, c));
        for (String m : more) if (!all.contains(m)) all.add(m);
        return all.toArray(String[]::new);
    }

    /** Writes one table's differences to {@code dir}; returns its node count. */
    private long check(TreeSpec trees, TreeSpec.Table t, Location dir) {
        int step = trees.steplen();
        Dataset<Row> nodes = reader.read(target, t.table(), "id")
                .selectExpr("path", "depth", "numchild", "`" + t.sort() + "` AS sort", "post_id", "comment_id",
                        "substring(path, 1, length(path) - " + step + ") AS parent_path")
                .persist(StorageLevel.MEMORY_AND_DISK());
        nodes.createOrReplaceTempView(NODES);
        // Each is read by several rules: joined and aggregated once.
        Dataset<Row> roots = spark.sql("SELECT post_id, count(*) AS roots,"
                + " array_join(slice(array_sort(collect_list(path)), 1, 3), ', ') AS paths"
                + " FROM " + NODES + " WHERE comment_id IS NULL GROUP BY post_id").persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> joined = spark.sql("SELECT n.*, c.post_id AS c_post, c.parent_id AS c_parent, c.`" + t.by() + "` AS c_by"
                + " FROM " + NODES + " n JOIN " + COMMENTS + " c ON c.id = n.comment_id").persist(StorageLevel.MEMORY_AND_DISK());
        try {
            roots.createOrReplaceTempView(ROOTS);
            joined.createOrReplaceTempView(JOINED);
            boolean descending = t.order() == TreeSpec.Order.DESCENDING;
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
                            + " CASE WHEN n.c_parent IS NULL THEN concat('under the root of post ', n.c_post)"
                            + " ELSE concat('under the node of comment ', n.c_parent) END,"
                            + " CASE WHEN a.path IS NULL THEN concat('no node at the parent path \"', n.parent_path, '\"')"
                            + " WHEN a.comment_id IS NULL THEN concat('under the root of post ', a.post_id, ' (', a.path, ')')"
                            + " ELSE concat('under the node of comment ', a.comment_id, ' (', a.path, ')') END"
                            + " FROM " + JOINED + " n LEFT JOIN " + NODES + " a ON a.path = n.parent_path"
                            + " LEFT JOIN " + ROOTS + " r ON r.post_id = n.c_post"
                            + " LEFT JOIN (SELECT DISTINCT comment_id FROM " + NODES + " WHERE comment_id IS NOT NULL) pn"
                            + " ON pn.comment_id = n.c_parent"
                            + " WHERE CASE WHEN n.c_parent IS NULL"
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
                    // The sort column holds the comment's value.
                    "SELECT 'sort_key', to_json(named_struct('comment_id', n.comment_id)), CAST(n.c_by AS STRING),"
                            + " CAST(n.sort AS STRING) FROM " + JOINED + " n WHERE NOT (n.sort <=> n.c_by)",
                    // Each node against its predecessor among siblings (by path), on the comments' own values.
                    "SELECT 'order', to_json(named_struct('comment_id', comment_id)),"
                            + " concat('before comment ', prev_id, ' (" + t.by() + " ', CAST(c_by AS STRING), ' against ',"
                            + " CAST(prev_by AS STRING), ')'), concat('after it: ', path, ' follows ', prev_path)"
                            + " FROM (SELECT comment_id, path, c_by, lag(c_by) OVER w AS prev_by, lag(comment_id) OVER w AS prev_id,"
                            + " lag(path) OVER w AS prev_path FROM " + JOINED + " WINDOW w AS (PARTITION BY parent_path ORDER BY path))"
                            + " WHERE prev_id IS NOT NULL AND (prev_by " + (descending ? "<" : ">") + " c_by"
                            + " OR (prev_by = c_by AND prev_id > comment_id))");
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

package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.FilePosition;
import io.cutover.mapping.TreeSpec;
import io.cutover.mapping.TreeSpec.Order;
import io.cutover.mapping.TreeSpec.Reference;
import io.cutover.mapping.TreeSpec.SortKey;
import io.cutover.postgres.PostgresServer;
import io.cutover.schema.SchemaScript;
import io.cutover.storage.Location;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree rules on a tree of the 2025 design, described by the mapping rather than assumed: one
 * table over channels_comment, whose parent is named by Reddit id (base36 {@code
 * parent_reddit_id}, or {@code parent_id} holding the post's Reddit id at top level), siblings by
 * treebeard's {@code node_order_by = ['-score', 'created']}. The comment ids do not follow
 * {@code created_on} among siblings of equal score, so only the two-column sort judges them right.
 */
class DescribedCommentTreeTest {
    private static final String TREE = "channels_commenttreenode";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final FilePosition AT = new FilePosition("test.yaml", 1, 1);

    @TempDir
    Path out;

    @Test
    void aTreeOfThe2025DesignIsJudgedOnItsOwnReferenceAndEverySortColumn() throws SQLException {
        PostgresServer pg = TestPostgres.server();
        String db = "trees2025_" + ProcessHandle.current().pid();
        try (Connection admin = pg.connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db);
        }
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            world(st);
        }
        SparkSession spark = TestSpark.session();
        CommentTreeCheck check = new CommentTreeCheck(spark, new TableReader(spark), new SourceLocation.Database(pg, db));
        List<SortKey> twoColumns = List.of(new SortKey("score", "score", Order.DESCENDING, AT),
                new SortKey("created", "created_on", Order.ASCENDING, AT));
        TreeSpec byReddit36 = trees(new Reference("parent_reddit_id", "reddit_id", null, AT), twoColumns);
        TreeSpec byRedditId = trees(new Reference("parent_id", "comment_id", "post_id", AT), twoColumns);

        assertEquals(Map.of(), found(spark, check, byReddit36, "clean"), "parent by base36 Reddit id, NULL at top level");
        assertEquals(Map.of(), found(spark, check, byRedditId, "clean-by-id"), "parent by Reddit id, the post's at top level");
        // One column, ties by id: the world's equal scores are then judged by id, which created_on does not follow.
        assertEquals(List.of("order {\"comment_id\":10}", "order {\"comment_id\":14}"), List.copyOf(found(spark, check,
                trees(byReddit36.parent(), twoColumns.subList(0, 1)), "one-column").keySet()), "the world tells the sorts apart");

        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            // two leaf siblings of equal score swapped: 15 (02:10) now follows 14 (02:30)
            swap(st, 14, 15);
        }
        assertEquals(List.of("order {\"comment_id\":15}"), List.copyOf(found(spark, check, byReddit36, "swapped").keySet()));

        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            swap(st, 14, 15);
            st.execute("UPDATE " + TREE + " SET created = created + interval '1 hour' WHERE comment_id = 12");
        }
        Map<String, String> wrongCreated = found(spark, check, byReddit36, "wrong-created");
        assertEquals(List.of("sort_key {\"comment_id\":12}"), List.copyOf(wrongCreated.keySet()), "the second sort column is checked");
        String values = wrongCreated.get("sort_key {\"comment_id\":12}");
        assertTrue(values.startsWith("created 2025-01-01 ") && values.contains(" -> created 2025-01-01 ") && !values.contains("score"), values);

        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            // a parent named by a Reddit id no comment has: the node is reported once, under the key it was looked up by
            st.execute("UPDATE channels_comment SET parent_reddit_id = 'zzz' WHERE id = 22");
        }
        Map<String, String> lostParent = found(spark, check, byReddit36, "lost-parent");
        assertEquals(List.of("parent {\"comment_id\":22}", "sort_key {\"comment_id\":12}"), List.copyOf(lostParent.keySet()));
        assertTrue(lostParent.get("parent {\"comment_id\":22}").startsWith("under the node of the comment whose reddit_id is zzz (no such comment)"
                + " -> under the node of comment 21 ("), lostParent.toString());
    }

    private static TreeSpec trees(Reference parent, List<SortKey> sort) {
        return new TreeSpec("channels_comment", "channels_post", "id", new Reference("post_id", null, null, AT), parent, 4, ALPHABET,
                List.of(new TreeSpec.Table(TREE, sort, AT)), AT);
    }

    /**
     * Two posts; channels_comment.id does not follow created_on: post 1's top level is 13 (score 5),
     * then 11, 12, 10 (score 1, by created), under 10: 16 (score 2), then 15, 14; post 2's 20 and
     * 21 tie on both columns (ids decide), 22 under 21. The tree is built in PostgreSQL by
     * treebeard's rules, independently of the check.
     */
    private static void world(Statement st) throws SQLException {
        for (String s : SchemaScript.load("app.sql").statements()) st.execute(s);
        st.execute("ALTER TABLE channels_post ADD PRIMARY KEY (id)");
        st.execute("ALTER TABLE channels_comment ADD PRIMARY KEY (id)");
        for (String s : SchemaScript.load("app-2025.sql").statements()) st.execute(s);
        st.execute("INSERT INTO channels_post (id, created_on, updated_on, channel_id, post_id, reddit_id) VALUES"
                + " (1, now(), now(), 1, 500, '" + Long.toString(500, 36) + "'), (2, now(), now(), 1, 501, '" + Long.toString(501, 36) + "')");
        long[][] comments = {   // id, post, parent id (0: top level), score, minutes after midnight
            {10, 1, 0, 1, 180}, {11, 1, 0, 1, 60}, {12, 1, 0, 1, 120}, {13, 1, 0, 5, 240},
            {14, 1, 10, 0, 150}, {15, 1, 10, 0, 130}, {16, 1, 10, 2, 140},
            {20, 2, 0, 0, 60}, {21, 2, 0, 0, 60}, {22, 2, 21, 3, 70}};
        List<String> rows = new ArrayList<>();
        for (long[] c : comments) {
            long redditId = 1000 + c[0], postRedditId = 499 + c[1];
            String parentId = c[2] == 0 ? String.valueOf(postRedditId) : String.valueOf(1000 + c[2]);
            String parentReddit = c[2] == 0 ? "NULL" : "'" + Long.toString(1000 + c[2], 36) + "'";
            rows.add("(" + c[0] + ", timestamptz '2025-01-01 00:00+00' + interval '" + c[4] + " minutes', now(), " + c[1] + ", " + redditId
                    + ", " + parentId + ", 't', " + c[3] + ", '" + Long.toString(redditId, 36) + "', " + parentReddit + ")");
        }
        st.execute("INSERT INTO channels_comment (id, created_on, updated_on, post_id, comment_id, parent_id, text, score, reddit_id,"
                + " parent_reddit_id) VALUES " + String.join(", ", rows));
        st.execute("INSERT INTO " + TREE + " (path, depth, numchild, score, created, comment_id, post_id)"
                + " SELECT lpad(id::text, 4, '0'), 1, 0, 0, NULL, NULL, id FROM channels_post");
        st.execute("WITH RECURSIVE ranked AS (SELECT c.id, c.post_id, p.id AS parent, row_number() OVER"
                + " (PARTITION BY c.post_id, p.id ORDER BY c.score DESC, c.created_on, c.id) AS k FROM channels_comment c"
                + " LEFT JOIN channels_comment p ON p.reddit_id = c.parent_reddit_id),"
                + " t AS (SELECT r.id, lpad(r.post_id::text, 4, '0') || lpad(r.k::text, 4, '0') AS path FROM ranked r WHERE r.parent IS NULL"
                + " UNION ALL SELECT r.id, t.path || lpad(r.k::text, 4, '0') FROM ranked r JOIN t ON r.parent = t.id)"
                + " INSERT INTO " + TREE + " (path, depth, numchild, score, created, comment_id, post_id)"
                + " SELECT t.path, length(t.path) / 4, 0, c.score, c.created_on, c.id, c.post_id FROM t JOIN channels_comment c ON c.id = t.id");
        st.execute("UPDATE " + TREE + " n SET numchild = (SELECT count(*) FROM " + TREE + " x WHERE x.path LIKE n.path || '____')");
    }

    /** Two leaf nodes exchange paths (through a free one: path is unique). */
    private static void swap(Statement st, long a, long b) throws SQLException {
        String pathA = path(st, a), pathB = path(st, b);
        st.execute("UPDATE " + TREE + " SET path = '~' WHERE comment_id = " + a);
        st.execute("UPDATE " + TREE + " SET path = '" + pathA + "' WHERE comment_id = " + b);
        st.execute("UPDATE " + TREE + " SET path = '" + pathB + "' WHERE comment_id = " + a);
    }

    private static String path(Statement st, long comment) throws SQLException {
        try (var rs = st.executeQuery("SELECT path FROM " + TREE + " WHERE comment_id = " + comment)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Each difference as "rule key" with its "old_value -> new_value", in key order. */
    private Map<String, String> found(SparkSession spark, CommentTreeCheck check, TreeSpec trees, String name) {
        List<CommentTreeCheck.Result> results = new ArrayList<>();
        check.run(trees, Location.local(out.resolve(name)), results::add);
        assertEquals(1, results.size());
        Map<String, String> rows = new TreeMap<>();
        for (Row row : spark.read().parquet(results.get(0).differences().uri()).collectAsList()) {
            assertEquals("tree", row.getAs("category"));
            rows.put(row.getAs("column") + " " + row.getAs("key"), row.getAs("old_value") + " -> " + row.getAs("new_value"));
        }
        return rows;
    }
}

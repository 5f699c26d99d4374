package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.mapping.FilePosition;
import io.cutover.mapping.TreeSpec;
import io.cutover.postgres.PostgresServer;
import io.cutover.schema.SchemaScript;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import io.cutover.snapshot.SnapshotJob;
import io.cutover.snapshot.SnapshotSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tree rules on a hand-built tree: a fault is reported by the rules it breaks, never over the nodes below it. */
class CommentTreeCheckTest {
    private static final String TREE = "discussions_oldcommenttreenode";

    @TempDir
    Path out;

    @Test
    void aMissingInnerNodeARootlessPostAndASwapAreReportedWithoutCascades() throws SQLException {
        PostgresServer pg = TestPostgres.server();
        String db = "trees_" + ProcessHandle.current().pid();
        try (Connection admin = pg.connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db);
        }
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            for (String s : SchemaScript.load("app.sql").statements()) st.execute(s);
            st.execute("INSERT INTO discussions_post (id, created_on, updated_on, channel_id, post_type, title)"
                    + " SELECT p, now(), now(), 1, 'text', 'p' FROM unnest(ARRAY[100, 200, 300]) p");
            // post 100: 1 <- 2 <- 3, and 4; post 200: 5 <- 7, and 6; post 300: 8, 9, 10 (oldest first)
            st.execute("INSERT INTO discussions_comment (id, created_on, updated_on, post_id, parent_id, text, score) VALUES"
                    + " (1, '2020-01-01 01:00+00', now(), 100, NULL, 't', 0), (2, '2020-01-01 02:00+00', now(), 100, 1, 't', 0),"
                    + " (3, '2020-01-01 03:00+00', now(), 100, 2, 't', 0), (4, '2020-01-01 04:00+00', now(), 100, NULL, 't', 0),"
                    + " (5, '2020-01-01 01:00+00', now(), 200, NULL, 't', 0), (6, '2020-01-01 02:00+00', now(), 200, NULL, 't', 0),"
                    + " (7, '2020-01-01 03:00+00', now(), 200, 5, 't', 0), (8, '2020-01-01 01:00+00', now(), 300, NULL, 't', 0),"
                    + " (9, '2020-01-01 02:00+00', now(), 300, NULL, 't', 0), (10, '2020-01-01 03:00+00', now(), 300, NULL, 't', 0)");
            st.execute("INSERT INTO " + TREE + " (id, path, depth, numchild, created, post_id, comment_id)"
                    + " SELECT row_number() OVER (), n.path, length(n.path) / 4, n.numchild, c.created_on, n.post, n.comment FROM"
                    + " (VALUES ('0001', 2, 100, NULL), ('00010001', 1, 100, 1), ('000100010001', 1, 100, 2),"
                    + " ('0001000100010001', 0, 100, 3), ('00010002', 0, 100, 4), ('0002', 2, 200, NULL), ('00020001', 1, 200, 5),"
                    + " ('000200010001', 0, 200, 7), ('00020002', 0, 200, 6), ('0003', 3, 300, NULL), ('00030001', 0, 300, 8),"
                    + " ('00030002', 0, 300, 9), ('00030003', 0, 300, 10)) n(path, numchild, post, comment)"
                    + " LEFT JOIN discussions_comment c ON c.id = n.comment");
        }
        SparkSession spark = TestSpark.session();
        FilePosition at = new FilePosition("test.yaml", 1, 1);
        TreeSpec trees = new TreeSpec("discussions_comment", "discussions_post", 4,
                "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                List.of(new TreeSpec.Table(TREE, "created", "created_on", TreeSpec.Order.ASCENDING, at)), at);
        CommentTreeCheck check = new CommentTreeCheck(spark, new TableReader(spark), new SourceLocation.Database(pg, db));
        assertEquals(Set.of(), found(spark, check, trees, out.resolve("clean")), "a correct tree");

        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("DELETE FROM " + TREE + " WHERE comment_id = 2");     // an inner node: 3 below it is orphaned
            st.execute("DELETE FROM " + TREE + " WHERE path = '0002'");      // post 200's root: 5 and 6 hang from nothing
            st.execute("UPDATE " + TREE + " SET path = CASE path WHEN '00030001' THEN '00030003~' ELSE '00030001' END"
                    + " WHERE path IN ('00030001', '00030003')");
            st.execute("UPDATE " + TREE + " SET path = '00030003' WHERE path = '00030003~'");   // 10, 9, 8
        }
        Set<String> expected = Set.of("node_missing {\"comment_id\":2}", "numchild {\"comment_id\":1}", "root {\"post_id\":200}",
                "order {\"comment_id\":9}", "order {\"comment_id\":8}");
        assertEquals(expected, found(spark, check, trees, out.resolve("damaged")));

        // From a snapshot of the same tables, through the same reader: the same findings.
        SnapshotJob.run(spark, pg, SnapshotSpec.of(out.resolve("snapshots"), List.of(new SnapshotSpec.DatabaseSelection(db,
                List.of("discussions_post", "discussions_comment", TREE)))).withSnapshotId("s"), new PrintStream(new ByteArrayOutputStream()));
        CommentTreeCheck fromSnapshot = new CommentTreeCheck(spark, new TableReader(spark),
                new SourceLocation.Snapshot(out.resolve("snapshots").resolve("s").resolve(db)));
        assertEquals(expected, found(spark, fromSnapshot, trees, out.resolve("from-snapshot")));
    }

    private static Set<String> found(SparkSession spark, CommentTreeCheck check, TreeSpec trees, Path dir) {
        List<CommentTreeCheck.Result> results = new java.util.ArrayList<>();
        check.run(trees, io.cutover.storage.Location.local(dir), results::add);
        assertEquals(1, results.size());
        Set<String> rows = new TreeSet<>();
        for (CommentTreeCheck.Result r : results) {
            for (Row row : spark.read().parquet(r.differences().uri()).collectAsList()) {
                assertEquals("tree", row.getAs("category"));
                rows.add(row.getAs("column") + " " + row.getAs("key"));
            }
        }
        return rows;
    }
}

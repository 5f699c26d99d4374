package io.cutover.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import io.cutover.verify.Category;
import io.cutover.verify.SourceLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored aggregates recounted as the mapping's checks define them, after the row fixes of the
 * counted table in the same run: a post whose comment is missing and whose num_comments and score
 * are damaged gets the comment back first, then both counts; a post whose count the app writes
 * between the plan and its execution keeps the app's value.
 */
class RecountTest {
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    Path dir;

    @Test
    void aggregatesAreRecountedAfterTheRowsTheyCountAreFixedAndNeverOverTheAppsWrite() throws Exception {
        DemoSpec world = DemoSpec.of(Scale.TINY, 17, 0, dir.resolve("world")).withDatabases("rc_reddit", "rc_app").replacing();
        TemplateWorlds.copy(world);
        Mapping mapping = Mapping.shipped();
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            // Two posts with comments and up votes: the first loses a comment and gets both counts damaged,
            // the second only its num_comments.
            List<Long> posts = longs(st, "SELECT p.id FROM discussions_post p WHERE"
                    + " (SELECT count(*) FROM discussions_comment c WHERE c.post_id = p.id AND NOT EXISTS"
                    + "   (SELECT 1 FROM discussions_comment r WHERE r.parent_id = c.id)) > 0"
                    + " AND (SELECT count(*) FROM discussions_postvote v WHERE v.post_id = p.id AND v.direction = 1) > 0 ORDER BY p.id LIMIT 2");
            assertEquals(2, posts.size());
            long post = posts.get(0), other = posts.get(1);
            long comment = longs(st, "SELECT c.id FROM discussions_comment c WHERE c.post_id = " + post
                    + " AND NOT EXISTS (SELECT 1 FROM discussions_comment r WHERE r.parent_id = c.id) ORDER BY c.id LIMIT 1").get(0);
            long comments = longs(st, "SELECT count(*) FROM discussions_comment WHERE post_id = " + post).get(0);
            long ups = longs(st, "SELECT count(*) FROM discussions_postvote WHERE post_id = " + post + " AND direction = 1").get(0);
            for (String tree : List.of("new", "old", "best")) {
                st.execute("DELETE FROM discussions_" + tree + "commenttreenode WHERE comment_id = " + comment);
            }
            st.execute("DELETE FROM discussions_comment WHERE id = " + comment);
            st.execute("UPDATE discussions_post SET num_comments = num_comments + 3, score = score + 2 WHERE id = " + post);
            st.execute("UPDATE discussions_post SET num_comments = num_comments + 5 WHERE id = " + other);

            // The report's rows for them, as verify writes a missing row and the checks' hits.
            String key = "{\"id\":" + post + "}";
            List<Difference> report = List.of(
                    new Difference("comment", "reddit", Category.MISSING_IN_NEW, "{\"id\":" + comment + "}", null, null, null),
                    new Difference("post", "checks", Category.AGGREGATE, key, "post-num-comments", null, null),
                    new Difference("post", "checks", Category.AGGREGATE, key, "post-score-vs-votes", null, null),
                    new Difference("post", "checks", Category.AGGREGATE, "{\"id\":" + other + "}", "post-num-comments", null, null));
            Map<String, SourceLocation> sources = Map.of("reddit", new SourceLocation.Database(pg, world.redditDatabase()),
                    "mirror", new SourceLocation.Database(pg, world.appDatabase()), "votes", new SourceLocation.CsvFile(world.voteExport()));
            st.execute("SET TimeZone = 'UTC'");
            RepairPlan plan;
            try (BuiltNewRows rows = new BuiltNewRows(TestSpark.session(), mapping, sources, new PrintStream(new ByteArrayOutputStream()))) {
                plan = new RepairPlanner(mapping, c, rows, false, "hand-made report")
                        .plan(new FreshDifferences.Result(report, List.of(), null, Map.of()), Map.of(), "re-read");
            }
            assertTrue(plan.left().isEmpty(), plan.left().toString());
            List<Fix> ordered = plan.ordered();
            assertEquals(List.of(Category.MISSING_IN_NEW, Category.AGGREGATE, Category.AGGREGATE, Category.AGGREGATE),
                    ordered.stream().map(Fix::category).toList(), "the insert first, then the recounts");
            assertTrue(ordered.get(1).sql().contains("IS NOT DISTINCT FROM"), ordered.get(1).sql());

            // The app writes the other post's count after the plan was made: its write wins.
            st.execute("UPDATE discussions_post SET num_comments = 77 WHERE id = " + other);
            Executed executed = new PlanExecutor(c, 2, Duration.ofSeconds(2)).execute(ordered);

            assertEquals(1, longs(st, "SELECT count(*) FROM discussions_comment WHERE id = " + comment).get(0), "the comment is back");
            assertEquals(comments, longs(st, "SELECT num_comments FROM discussions_post WHERE id = " + post).get(0),
                    "recounted after the insert: the count includes the comment");
            assertEquals(ups, longs(st, "SELECT score FROM discussions_post WHERE id = " + post).get(0), "score recounted from the votes");
            assertEquals(77, longs(st, "SELECT num_comments FROM discussions_post WHERE id = " + other).get(0), "the app's write is kept");
            assertEquals(3, executed.applied());
            assertEquals(List.of("{\"id\":" + other + "}"), executed.skipped().stream().map(Fix::key).toList());
        }
    }

    private static List<Long> longs(Statement st, String sql) throws Exception {
        List<Long> values = new java.util.ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) values.add(rs.getLong(1));
        }
        return values;
    }
}

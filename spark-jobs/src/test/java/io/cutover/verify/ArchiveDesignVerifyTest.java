package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.cli.Cutover;
import io.cutover.demo.ArchiveFaultKind;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.Design;
import io.cutover.demo.GroundTruthCheck;
import io.cutover.demo.Scale;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * verify with the shipped mapping of the 2025 design (open-discussions-2025.yaml, read from its
 * file as a user passes it) on demo worlds built to that design, through the command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveDesignVerifyTest {
    static final Path MAPPING = Path.of("../sql-rewriter/src/main/resources/io/cutover/mapping/open-discussions-2025.yaml");
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;
    private Path properties;
    private DemoSpec clean, faulty, unordered;

    @BeforeAll
    void worlds() throws IOException {
        TestSpark.session();
        properties = dir.resolve("pg.properties");
        Files.writeString(properties, "url=jdbc:postgresql://127.0.0.1:" + pg.port() + "/\nuser=postgres\n");
        clean = world(31, 0, "a25c").withDesign(Design.D2025);
        faulty = world(32, 1, "a25f").withDesign(Design.D2025);
        unordered = world(33, 0, "a25u").withDesign(Design.D2025).withUnorderedCommentIds();
        for (DemoSpec w : List.of(clean, faulty, unordered)) TemplateWorlds.copy(w);
    }

    private static DemoSpec world(long seed, int faults, String name) {
        return DemoSpec.of(Scale.TINY, seed, faults, dir.resolve(name)).withDatabases(name + "_reddit", name + "_app").replacing();
    }

    private record Run(int exitCode, String out, String err) {}

    private Run verify(DemoSpec world, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "--pg-properties", properties.toString(), "--mapping", MAPPING.toString(),
                "--source", "reddit=db:" + world.redditDatabase(), "--source", "app=db:" + world.appDatabase(),
                "--target", "db:" + world.appDatabase(), "--out", out.toString(), "--buckets", "16"));
        args.addAll(List.of(extra));
        CommandLine cmd = Cutover.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            return new Run(cmd.execute(args.toArray(String[]::new)), captured.toString(), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void aCorrectArchiveHasNoDifferences() throws IOException {
        Path out = dir.resolve("report-clean");
        Run run = verify(clean, out);
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(0, summary.path("totalDifferences").asLong(), run.out());
        List<String> compared = new ArrayList<>();
        for (JsonNode c : summary.path("comparisons")) {
            compared.add(c.path("entity").asText() + "/" + c.path("source").asText());
            assertTrue(c.path("oldRows").asLong() > 0 && c.path("oldRows").asLong() == c.path("newRows").asLong(), c.toString());
        }
        assertEquals(List.of("user/reddit", "channel/reddit", "channel/app", "post/reddit", "post/app", "comment/reddit", "comment/app"),
                compared);
        boolean tree = false;
        for (JsonNode c : summary.path("checks")) {
            if (c.path("entity").asText().equals("channels_commenttreenode")) {
                tree = true;
                assertTrue(c.path("newRows").asLong() > 100 && c.path("oldRows").asLong() == c.path("newRows").asLong(), c.toString());
            }
        }
        assertTrue(tree, "the tree is checked: " + summary.path("checks"));
    }

    @Test
    void everyInjectedFaultIsReportedOnceAndNothingElse() throws IOException {
        Path out = dir.resolve("report-faulty");
        Run run = verify(faulty, out);
        assertEquals(ExitCode.DIFFERENCES, run.exitCode(), run.out() + run.err());
        GroundTruthCheck.Outcome truth = GroundTruthCheck.check(TestSpark.session(), faulty.groundTruth(), out.resolve("differences"));
        assertEquals(ArchiveFaultKind.values().length, truth.faults());
        assertEquals(List.of(), truth.missed(), "faults verify did not report");
        assertEquals(List.of(), truth.unexplained(), "differences no fault explains");
        // Once: one difference row per fault (a tree fault's own rule, a column fault's column and the tree rule it names).
        JsonNode faults = new ObjectMapper().readTree(faulty.groundTruth().toFile()).path("faults");
        long expected = 0;
        for (JsonNode f : faults) expected += 1 + f.path("affects").size();
        assertEquals(expected, TestSpark.session().read().parquet(out.resolve("differences").toString()).count());
    }

    @Test
    void commentIdsAgainstTimeAreJudgedByTheTwoColumnSortAndARealSwapIsFound() throws Exception {
        try (Connection app = pg.connect(unordered.appDatabase()); Statement st = app.createStatement()) {
            // The world tells the sorts apart: siblings of equal score whose ids go against their times.
            assertTrue(count(st, "SELECT count(*) FROM channels_comment a JOIN channels_comment b ON a.post_id = b.post_id"
                    + " AND a.parent_reddit_id IS NOT DISTINCT FROM b.parent_reddit_id AND a.score = b.score"
                    + " AND a.id < b.id AND a.created_on > b.created_on") > 10);
        }
        Run run = verify(unordered, dir.resolve("report-unordered"));
        assertEquals(ExitCode.OK, run.exitCode(), "no false order: " + run.out() + run.err());

        long swapped;
        try (Connection app = pg.connect(unordered.appDatabase()); Statement st = app.createStatement()) {
            // Two adjacent leaf siblings of equal score exchange their paths: the later one by time now comes first.
            String pair = "SELECT a.comment_id, b.comment_id, a.path, b.path FROM channels_commenttreenode a"
                    + " JOIN channels_commenttreenode b ON left(a.path, -4) = left(b.path, -4) AND length(a.path) = length(b.path)"
                    + " AND a.path < b.path AND a.numchild = 0 AND b.numchild = 0 AND a.comment_id IS NOT NULL AND a.score = b.score"
                    + " AND NOT EXISTS (SELECT 1 FROM channels_commenttreenode m WHERE left(m.path, -4) = left(a.path, -4)"
                    + " AND length(m.path) = length(a.path) AND m.path > a.path AND m.path < b.path)"
                    + " JOIN channels_comment ca ON ca.id = a.comment_id JOIN channels_comment cb ON cb.id = b.comment_id"
                    + " WHERE ca.id > cb.id ORDER BY a.path LIMIT 1";
            String pathA, pathB;
            try (ResultSet rs = st.executeQuery(pair)) {
                assertTrue(rs.next(), "a pair of equal-score siblings ordered by time against their ids");
                swapped = rs.getLong(1);
                pathA = rs.getString(3);
                pathB = rs.getString(4);
            }
            st.execute("UPDATE channels_commenttreenode SET path = '~' WHERE path = '" + pathA + "'");
            st.execute("UPDATE channels_commenttreenode SET path = '" + pathA + "' WHERE path = '" + pathB + "'");
            st.execute("UPDATE channels_commenttreenode SET path = '" + pathB + "' WHERE path = '~'");
        }
        Path out = dir.resolve("report-swapped");
        run = verify(unordered, out);
        assertEquals(ExitCode.DIFFERENCES, run.exitCode(), run.out() + run.err());
        Map<String, String> found = new TreeMap<>();
        for (Row r : TestSpark.session().read().parquet(out.resolve("differences").toString()).collectAsList()) {
            found.put(r.getAs("category") + " " + r.getAs("column") + " " + r.getAs("key"), r.getAs("old_value") + " -> " + r.getAs("new_value"));
        }
        assertEquals(List.of("tree order {\"comment_id\":" + swapped + "}"), List.copyOf(found.keySet()), found.toString());
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

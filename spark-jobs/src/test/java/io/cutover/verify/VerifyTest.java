package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.cli.Cutover;
import io.cutover.outcome.ExitCode;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.FaultKind;
import io.cutover.demo.GroundTruthCheck;
import io.cutover.demo.Scale;
import io.cutover.postgres.PostgresServer;
import io.cutover.postgres.ThrowawayPostgres;
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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** verify on real demo worlds in PostgreSQL, through the command line a user runs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyTest {
    private final PostgresServer pg = TestPostgres.server();
    /** Static: JUnit fills an instance field only after @BeforeAll, even per class. */
    @TempDir
    static Path dir;
    private Path properties;
    private DemoSpec faulty;
    private DemoSpec clean;

    @BeforeAll
    void worlds() throws IOException {
        TestSpark.session();
        properties = dir.resolve("pg.properties");
        Files.writeString(properties, "url=jdbc:postgresql://127.0.0.1:" + pg.port() + "/\nuser=postgres\n");
        faulty = DemoSpec.of(Scale.TINY, 11, 3, dir.resolve("faulty")).withDatabases("vf_reddit", "vf_app").replacing();
        clean = DemoSpec.of(Scale.TINY, 12, 0, dir.resolve("clean")).withDatabases("vc_reddit", "vc_app").replacing();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        DemoWorld.generate(pg, faulty, quiet);
        DemoWorld.generate(pg, clean, quiet);
    }

    private record Run(int exitCode, String out, String err) {}

    private Run verify(DemoSpec world, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "--pg-properties", properties.toString(),
                "--source", "reddit=db:" + world.redditDatabase(), "--source", "mirror=db:" + world.appDatabase(),
                "--source", "votes=csv:" + world.voteExport(), "--target", "db:" + world.appDatabase(),
                "--out", out.toString(), "--buckets", "64"));
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
    void everyInjectedFaultIsReportedAndNothingElse() throws IOException {
        Path out = dir.resolve("report-faulty");
        Run run = verify(faulty, out);
        assertEquals(ExitCode.DIFFERENCES, run.exitCode(), run.err());
        GroundTruthCheck.Outcome truth = GroundTruthCheck.check(TestSpark.session(), faulty.groundTruth(), out.resolve("differences"));
        assertEquals(3 * FaultKind.values().length, truth.faults());
        assertEquals(List.of(), truth.missed(), "faults verify did not report");
        assertEquals(List.of(), truth.unexplained(), "differences no fault explains");

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(1, summary.path("exitCode").asInt());
        assertTrue(summary.path("totalDifferences").asLong() >= 3 * FaultKind.values().length);
        // The trees: per table, the rules broken (the root rule: 3 doubled or lost roots spread over
        // the tables, and the extra posts' missing roots in every table).
        long treeDifferences = 0;
        for (String tree : List.of("newcommenttreenode", "oldcommenttreenode", "bestcommenttreenode")) {
            JsonNode t = find(summary.path("checks"), tree, "structure");
            assertTrue(t.path("newRows").asLong() > 100, t.toString());
            assertTrue(column(t, "root").path("mismatches").asLong() >= 3, "the extra posts have no root in " + tree);
            treeDifferences += t.path("counts").path("tree").asLong();
            assertTrue(t.path("samples").size() > 0);
        }
        assertTrue(treeDifferences >= 30 + 3 * 3 * 3, "every tree fault and the comment faults' tree rules: " + treeDifferences);
        JsonNode posts = find(summary.path("comparisons"), "post", "reddit");
        assertEquals(3, posts.path("counts").path("extra_in_new").asLong());
        assertTrue(posts.path("columns").size() > 5, "per-column statistics");
        JsonNode score = column(posts, "score");
        assertEquals(3, score.path("mismatches").asLong());
        assertEquals(1.0, score.path("maxDifference").asDouble(), 1e-9, "the score faults are off by one");
        assertTrue(posts.path("samples").size() > 0);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("post against reddit") && html.contains("extra_in_new"), "report.html has the findings");
        assertTrue(html.contains("<h2>Comment trees</h2>") && html.contains("nodes checked against"), "report.html has the trees");
        assertTrue(run.out().contains("DIFFERENCES") && run.out().contains("post"), run.out());
    }

    @Test
    void aCorrectMigrationHasNoDifferences() throws IOException {
        Path out = dir.resolve("report-clean");
        Run run = verify(clean, out);
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(0, summary.path("totalDifferences").asLong());
        assertEquals(10, summary.path("comparisons").size(), "every entity against every source");
        List<String> trees = new ArrayList<>();
        for (JsonNode c : summary.path("checks")) {
            if (c.path("source").asText().equals("structure")) {
                trees.add(c.path("entity").asText());
                assertTrue(c.path("newRows").asLong() > 100 && c.path("oldRows").asLong() == c.path("newRows").asLong(),
                        "one node per comment and post: " + c);
            }
        }
        assertEquals(List.of("newcommenttreenode", "oldcommenttreenode", "bestcommenttreenode"), trees);
        for (JsonNode c : summary.path("comparisons")) {
            assertTrue(c.path("oldRows").asLong() > 0 && c.path("oldRows").asLong() == c.path("newRows").asLong(), c.toString());
        }
    }

    @Test
    void maxDifferencesTurnsAKnownCountIntoSuccess() {
        assertEquals(ExitCode.OK, verify(faulty, dir.resolve("report-max"), "--entity", "postvote", "--max-differences", "10").exitCode());
    }

    @Test
    void recheckFollowsTheKeysThatDifferedUntilTheyAreFixed() throws Exception {
        DemoSpec world = DemoSpec.of(Scale.TINY, 13, 1, dir.resolve("recheck")).withDatabases("vr_reddit", "vr_app").replacing();
        DemoWorld.generate(pg, world, new PrintStream(new ByteArrayOutputStream()));
        Path first = dir.resolve("report-first");
        assertEquals(ExitCode.DIFFERENCES, verify(world, first, "--entity", "post").exitCode());
        JsonNode truth = new ObjectMapper().readTree(world.groundTruth().toFile());
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            for (JsonNode f : truth.path("faults")) {
                if (f.path("kind").asText().equals("changed_title")) {   // the migration team repairs one row
                    st.executeUpdate("UPDATE discussions_post SET title = " + quote(f.path("before").asText())
                            + " WHERE id = " + f.path("key").path("id").asLong());
                }
            }
        }
        Path second = dir.resolve("report-second");
        Run rerun = verify(world, second, "--entity", "post", "--recheck", first.toString());
        assertEquals(ExitCode.DIFFERENCES, rerun.exitCode(), rerun.err());
        JsonNode summary = new ObjectMapper().readTree(second.resolve("summary.json").toFile());
        JsonNode recheck = find(summary.path("comparisons"), "post", "reddit").path("recheck");
        assertEquals(1, recheck.path("resolved").asLong(), summary.toString());
        assertTrue(recheck.path("persisting").asLong() > 5);
        assertEquals(recheck.path("earlierKeys").asLong(), recheck.path("resolved").asLong() + recheck.path("persisting").asLong());
    }

    @Test
    void sinceNarrowsTheComparisonToAWindow() throws IOException {
        Run future = verify(faulty, dir.resolve("report-future"), "--entity", "comment", "--since", "2031-01-01");
        assertEquals(ExitCode.OK, future.exitCode(), future.err());
        Run all = verify(faulty, dir.resolve("report-all"), "--entity", "comment", "--since", "2000-01-01");
        assertEquals(ExitCode.DIFFERENCES, all.exitCode());
        Dataset<Row> diffs = TestSpark.session().read().parquet(dir.resolve("report-all").resolve("differences").toString());
        assertTrue(diffs.count() > 10);
    }

    @Test
    void mappingProblemsAreReportedBeforeAnyWorkWithFileAndLine() throws IOException {
        String shipped = new String(getClass().getResourceAsStream("/io/cutover/mapping/open-discussions.yaml").readAllBytes());
        Path bad = dir.resolve("bad-mapping.yaml");
        Files.writeString(bad, shipped.replace("{new: title, key: title}", "{new: titel, key: title}")
                .replace("old: preview_text", "old: preview_txt"));
        Run run = verify(faulty, dir.resolve("report-bad"), "--mapping", bad.toString());
        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("bad-mapping.yaml:") && run.err().contains("titel") && run.err().contains("preview_txt"),
                "every problem, with file:line: " + run.err());
        assertFalse(Files.exists(dir.resolve("report-bad").resolve("summary.json")));
    }

    @Test
    void aMissingDatabaseFailsNamingTheComparison() {
        Run run = verify(faulty, dir.resolve("report-gone"), "--source", "reddit=db:no_such_db", "--entity", "post");
        assertEquals(ExitCode.FAILURE, run.exitCode(), run.err());
        assertTrue(run.err().contains("post vs reddit") && run.err().contains("no_such_db"), run.err());
    }

    @Test
    void aServerThatGoesAwayMidRunFailsNamingTheComparison() throws Exception {
        ThrowawayPostgres own = ThrowawayPostgres.start();
        try {
            DemoSpec world = DemoSpec.of(Scale.TINY, 14, 0, dir.resolve("going")).withDatabases("vg_reddit", "vg_app").replacing();
            DemoWorld.generate(own.server(), world, new PrintStream(new ByteArrayOutputStream()));
            Path ownProperties = dir.resolve("own-pg.properties");
            Files.writeString(ownProperties, "url=jdbc:postgresql://127.0.0.1:" + own.server().port() + "/\nuser=postgres\n");
            Path out = dir.resolve("report-going");
            CountDownLatch started = new CountDownLatch(1);
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream watching = new PrintStream(new java.io.OutputStream() {
                @Override
                public synchronized void write(int b) {
                    captured.write(b);
                    if (b == '\n' && captured.toString().contains("verifying ")) started.countDown();
                }
            }, true);
            StringWriter err = new StringWriter();
            CommandLine cmd = Cutover.commandLine();
            cmd.setErr(new PrintWriter(err, true));
            PrintStream stdout = System.out;
            System.setOut(watching);
            int exit;
            try {
                CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cmd.execute("verify",
                        "--pg-properties", ownProperties.toString(), "--source", "reddit=db:" + world.redditDatabase(),
                        "--source", "mirror=db:" + world.appDatabase(), "--target", "db:" + world.appDatabase(),
                        "--entity", "comment", "--out", out.toString(), "--buckets", "64"));
                assertTrue(started.await(120, TimeUnit.SECONDS), "verify never started comparing: " + captured);
                own.close();   // the server stops while the first comparison reads it
                exit = run.get(120, TimeUnit.SECONDS);
            } finally {
                System.setOut(stdout);
            }
            assertEquals(ExitCode.FAILURE, exit, captured + "\n" + err);
            Matcher failed = Pattern.compile("verifying (comment vs \\w+) failed").matcher(err.toString());
            assertTrue(failed.find(), "the error names the comparison: " + err);
            assertTrue(captured.toString().contains("verifying " + failed.group(1) + " ..."), captured.toString());
            assertFalse(Files.exists(out.resolve("summary.json")), "no report pretends the run finished");
        } finally {
            try {
                own.close();
            } catch (RuntimeException alreadyStopped) {
                // closed above, as the test meant
            }
        }
    }

    @Test
    void aMalformedExportValueStopsTheRunNamingFileColumnAndRow() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(faulty.voteExport()));
        int victim = 1;
        while (!lines.get(victim).split(",")[1].startsWith("t3_")) victim++;
        String[] fields = lines.get(victim).split(",");
        lines.set(victim, fields[0] + "," + fields[1] + "," + fields[2] + ",yesterday noon");
        Path bad = dir.resolve("votes-bad.csv");
        Files.write(bad, lines);
        Run run = verify(faulty, dir.resolve("report-bad-csv"), "--source", "votes=csv:" + bad, "--entity", "postvote");
        assertEquals(ExitCode.FAILURE, run.exitCode(), run.err());
        assertTrue(run.err().contains("postvote vs votes") && run.err().contains("votes-bad.csv: column date holds \"yesterday noon\"")
                && run.err().contains(fields[0] + "," + fields[1]), run.err());
    }

    @Test
    void anUnknownEntityOrSourceIsAUsageError() {
        assertEquals(ExitCode.USAGE, verify(faulty, dir.resolve("r1"), "--entity", "posts").exitCode());
        assertEquals(ExitCode.USAGE, verify(faulty, dir.resolve("r2"), "--source", "cassandra=db:x").exitCode());
    }

    @Test
    void aVoteExportReadByTwoComparisonsIsParsedOnceAndNotKeptAfterwards() throws Exception {
        long lines = Files.readAllLines(faulty.voteExport()).size() - 1;
        org.apache.spark.SparkContext context = TestSpark.session().sparkContext();
        int persistedBefore = context.getPersistentRDDs().size();
        FileScans scans = new FileScans();
        context.addSparkListener(scans);
        Run run;
        try {
            run = verify(faulty, dir.resolve("report-votes"), "--entity", "postvote", "--entity", "commentvote");
            context.listenerBus().waitUntilEmpty();
        } finally {
            context.removeSparkListener(scans);
        }
        assertEquals(ExitCode.DIFFERENCES, run.exitCode(), run.err());
        // Each comparison reads a part of the export; only a parse of the whole file is a stage that
        // reads more lines than either part. The target is live, so no other file is that large.
        assertEquals(List.of(lines), scans.stagesReading(lines / 2 + 1), "one parse of the " + lines + "-line export");
        assertEquals(persistedBefore, context.getPersistentRDDs().size(), "the parsed export is not kept after the run");
    }

    /** Rows read per finished stage that scans files. */
    private static final class FileScans extends org.apache.spark.scheduler.SparkListener {
        private final List<Long> rowsPerStage = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onStageCompleted(org.apache.spark.scheduler.SparkListenerStageCompleted event) {
            org.apache.spark.scheduler.StageInfo stage = event.stageInfo();
            boolean scansFiles = scala.jdk.javaapi.CollectionConverters.asJava(stage.rddInfos()).stream()
                    .anyMatch(rdd -> rdd.name().equals("FileScanRDD"));
            if (scansFiles) rowsPerStage.add(stage.taskMetrics().inputMetrics().recordsRead());
        }

        List<Long> stagesReading(long atLeast) {
            synchronized (rowsPerStage) {
                return rowsPerStage.stream().filter(rows -> rows >= atLeast).toList();
            }
        }
    }

    private static JsonNode find(JsonNode comparisons, String entity, String source) {
        for (JsonNode c : comparisons) {
            if (c.path("entity").asText().equals(entity) && c.path("source").asText().equals(source)) return c;
        }
        throw new AssertionError("no comparison " + entity + " vs " + source + " in " + comparisons);
    }

    private static JsonNode column(JsonNode comparison, String name) {
        for (JsonNode c : comparison.path("columns")) if (c.path("column").asText().equals(name)) return c;
        throw new AssertionError("no column " + name);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}

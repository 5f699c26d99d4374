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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
        TemplateWorlds.copy(faulty);
        TemplateWorlds.copy(clean);
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

    /** The same run with and without digests computed in PostgreSQL (off by its deprecated spelling). */
    private Run verify(boolean pushdown, DemoSpec world, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(extra));
        args.addAll(pushdown ? List.of("--pushdown", "on") : List.of("--no-pushdown"));
        return verify(world, out, args.toArray(String[]::new));
    }

    private static Path report(String name, boolean pushdown) {
        return dir.resolve(name + (pushdown ? "" : "-no-pushdown"));
    }

    @ParameterizedTest(name = "pushdown {0}")
    @ValueSource(booleans = {true, false})
    void everyInjectedFaultIsReportedAndNothingElse(boolean pushdown) throws IOException {
        Path out = report("report-faulty", pushdown);
        Run run = faultyRun(pushdown);
        // post, comment and channel against both old sources (the others read narrow rows whole, once).
        assertEquals(pushdown ? 6 : 0, Pattern.compile("old side in PostgreSQL").matcher(run.out()).results().count(), run.out());
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
        assertTrue(column(posts, "created_on").path("mismatches").asLong() > 0);
        assertEquals("s", column(posts, "created_on").path("maxDifferenceUnit").asText(), "a time difference has its unit");

        // Every value shown is a value of the data: the mapping's -1 for "top-level" shows as NULL,
        // and ids are matched, not measured.
        JsonNode mirrorComments = find(summary.path("comparisons"), "comment", "mirror");
        JsonNode parent = column(mirrorComments, "parent_id");
        assertTrue(parent.path("mismatches").asLong() > 0, parent.toString());
        assertTrue(parent.path("maxDifference").isNull(), "an id is not a distance: " + parent);
        Dataset<Row> parents = TestSpark.session().read().parquet(out.resolve("differences/entity=comment/source=mirror").toString())
                .where("column = 'parent_id'");
        assertEquals(0, parents.where("old_value = '-1' OR new_value = '-1'").count(), "the marker never reaches the report");
        assertTrue(parents.where("old_value IS NULL AND new_value IS NOT NULL").count() > 0, "a top-level comment given a parent");
        String html = Files.readString(out.resolve("report.html"));
        assertFalse(html.contains("<pre>-1</pre>"), "no -1 in report.html");
        assertTrue(html.contains("post against reddit") && html.contains("extra_in_new"), "report.html has the findings");
        assertTrue(html.contains("<h2>Comment trees</h2>") && html.contains("nodes checked against"), "report.html has the trees");
        assertTrue(run.out().contains("DIFFERENCES") && run.out().contains("post"), run.out());
    }

    @Test
    void digestsComputedInPostgresqlGiveTheSameDifferencesAsDigestsComputedInSpark() {
        Path with = faultyReport(true), without = faultyReport(false);
        List<String> a = differences(with), b = differences(without);
        assertTrue(a.size() > 48, "the faulty world's differences: " + a.size());
        assertEquals(b, a, "the same differences, old and new values included");
    }

    @Test
    void theDefaultPushdownAutoKeepsALocalServersDigestsInSparkSaysWhyAndFindsTheSameDifferences() throws IOException {
        Path out = dir.resolve("report-faulty-auto");
        Run run = verify(faulty, out);
        assertEquals(ExitCode.DIFFERENCES, run.exitCode(), run.err());
        assertTrue(run.out().contains("pushdown auto: PostgreSQL at 127.0.0.1 runs on this machine (a loopback address)"), run.out());
        // Both sides in Spark, as with off, but where auto chose a comparison's segments in PostgreSQL, and says so.
        assertEquals(0, Pattern.compile("(?m)^(?!.*auto chose segments).*side in PostgreSQL").matcher(run.out()).results().count(),
                run.out());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.path("pushdown").asText().startsWith("auto: PostgreSQL at 127.0.0.1 runs on this machine"), summary.toString());
        assertTrue(Files.readString(out.resolve("report.html")).contains("Pushdown auto: PostgreSQL at 127.0.0.1"));
        GroundTruthCheck.Outcome truth = GroundTruthCheck.check(TestSpark.session(), faulty.groundTruth(), out.resolve("differences"));
        assertEquals(List.of(), truth.missed(), "faults verify did not report");
        assertEquals(List.of(), truth.unexplained(), "differences no fault explains");
        assertEquals(differences(faultyReport(true)), differences(out), "auto, on and off: the same differences");
        // The spelling before --pushdown took a value still works, says what to write instead, and cannot be mixed.
        assertTrue(faultyRun(false).err().contains("--no-pushdown is deprecated, use --pushdown off"), faultyRun(false).err());
        Run both = verify(faulty, dir.resolve("report-both"), "--entity", "user", "--no-pushdown", "--pushdown", "on");
        assertEquals(ExitCode.USAGE, both.exitCode(), both.err());
        Run bad = verify(faulty, dir.resolve("report-bad-pushdown"), "--entity", "user", "--pushdown", "sometimes");
        assertEquals(ExitCode.USAGE, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--pushdown sometimes: expected auto, on or off"), bad.err());
    }

    /** The faulty world verified once each way, for the ground-truth test and the comparison of both ways. */
    private final java.util.Map<Boolean, Run> faultyRuns = new java.util.HashMap<>();

    private Run faultyRun(boolean pushdown) {
        return faultyRuns.computeIfAbsent(pushdown, p -> verify(p, faulty, report("report-faulty", p)));
    }

    private Path faultyReport(boolean pushdown) {
        assertEquals(ExitCode.DIFFERENCES, faultyRun(pushdown).exitCode(), faultyRun(pushdown).err());
        return report("report-faulty", pushdown);
    }

    @Test
    void aPushedDownDigestReadsKeysAndHashesComputedInPostgresqlAndNoText() {
        VerifySpec spec = liveSpec(faulty, "comment");
        for (boolean pushdown : new boolean[] {true, false}) {
            VerifyJob job = new VerifyJob(TestSpark.session(), spec.withPushdown(pushdown), new PrintStream(new ByteArrayOutputStream()));
            io.cutover.schema.Catalog target = new ComparisonPlanner(spec.mapping()).targetCatalog();
            for (ComparisonPlan plan : job.plans()) {
                ComparisonSides sides = job.sides(plan, target);
                boolean textRead = false;
                for (Dataset<Row> digest : List.of(sides.oldDigest(), sides.newDigest())) {
                    List<org.apache.spark.sql.catalyst.plans.logical.LogicalPlan> scans = scala.jdk.javaapi.CollectionConverters
                            .asJava(digest.queryExecution().optimizedPlan().collectLeaves());
                    assertFalse(scans.isEmpty());
                    for (var scan : scans) {
                        List<String> read = scala.jdk.javaapi.CollectionConverters.asJava(scan.output()).stream().map(a -> a.name()).toList();
                        textRead |= read.contains("text");
                        if (pushdown) {
                            assertTrue(scan.toString().contains("md5(") && read.contains("h_text")
                                    && read.stream().allMatch(c -> c.startsWith("k_") || c.startsWith("h_") || c.startsWith("cutover_x_")),
                                    "hashes computed in PostgreSQL, no text crosses JDBC: " + plan.label() + " reads " + read);
                        }
                    }
                }
                assertEquals(!pushdown, textRead, plan.label() + ": without pushdown the digest is hashed from the text read");
            }
        }
    }

    /**
     * A side hashed in Spark against a side hashed in PostgreSQL (a snapshot against a live table):
     * for every pushed-down comparison, both engines give each side the very same digest rows.
     */
    @Test
    void sparkAndPostgresqlComputeTheSameDigestOfEachSide() {
        VerifySpec spec = liveSpec(faulty, "post", "comment");
        VerifyJob job = new VerifyJob(TestSpark.session(), spec, new PrintStream(new ByteArrayOutputStream()));
        io.cutover.schema.Catalog target = new ComparisonPlanner(spec.mapping()).targetCatalog();
        int compared = 0;
        for (ComparisonPlan plan : job.plans()) {
            if (!job.placement(plan).crossEngine()) continue;
            ComparisonSides sides = job.sides(plan, target);
            // sides() registered every table and view the Spark digests read (old and new tables share one database here).
            Dataset<Row> oldInSpark = TestSpark.session().sql(plan.crossEngine().oldSparkDigestSql());
            Dataset<Row> newInSpark = TestSpark.session().sql(plan.crossEngine().newSparkDigestSql());
            assertSameRows(plan.label() + ", old side", sides.oldDigest(), oldInSpark);
            assertSameRows(plan.label() + ", new side", sides.newDigest(), newInSpark);
            compared++;
        }
        assertEquals(4, compared, "post and comment against reddit and the mirror");
    }

    @Test
    void aSideStaysInSparkWithOneLineSayingWhy() throws Exception {
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS vf_latin1");
            st.execute("CREATE DATABASE vf_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
        }
        // A target in a database whose encoding is not UTF8: md5 would hash other bytes there.
        VerifySpec latin1 = liveSpec(faulty, "post").withTarget(new SourceLocation.Database(pg, "vf_latin1"));
        VerifyJob job = new VerifyJob(TestSpark.session(), latin1, new PrintStream(new ByteArrayOutputStream()));
        for (ComparisonPlan plan : job.plans()) {
            DigestPushdown.Placement placed = job.placement(plan);
            assertTrue(placed.oldInPostgres() && !placed.newInPostgres(), placed.toString());
            assertTrue(placed.note().contains("new side in Spark: its encoding is LATIN1, not UTF8"), placed.note());
        }
        // An expression every construct of which is portable, but whose types PostgreSQL will not reconcile.
        String shipped = new String(getClass().getResourceAsStream("/io/cutover/mapping/open-discussions.yaml").readAllBytes());
        Path mapping = dir.resolve("mismatched-types.yaml");
        Files.writeString(mapping, shipped.replace("new_sql: \"n.allowed_post_types & 3\"",
                "new_sql: \"CASE WHEN n.allowed_post_types = 3 THEN 3 ELSE 'other' END\""));
        VerifySpec odd = new VerifySpec(io.cutover.mapping.Mapping.load(mapping), liveSpec(faulty).sources(),
                new SourceLocation.Database(pg, faulty.appDatabase()), List.of("channel"), null, null, dir.resolve("report-odd"), 0, 64, 5);
        VerifyJob oddJob = new VerifyJob(TestSpark.session(), odd, new PrintStream(new ByteArrayOutputStream()));
        ComparisonPlan reddit = oddJob.plans().stream().filter(p -> p.source().equals("reddit")).findFirst().orElseThrow();
        DigestPushdown.Placement placed = oddJob.placement(reddit);
        assertTrue(placed.oldInPostgres() && !placed.newInPostgres(), placed.toString());
        assertTrue(placed.note().contains("new side in Spark: PostgreSQL does not accept its query"), placed.note());
        assertTrue(new VerifyJob(TestSpark.session(), odd.withPushdown(false), new PrintStream(new ByteArrayOutputStream()))
                .placement(reddit).note() == null, "--no-pushdown: nothing in PostgreSQL, nothing to say");
    }

    private static void assertSameRows(String what, Dataset<Row> inPostgres, Dataset<Row> inSpark) {
        List<String> pg = inPostgres.collectAsList().stream().map(Row::toString).sorted().toList();
        List<String> spark = inSpark.selectExpr(inPostgres.columns()).collectAsList().stream().map(Row::toString).sorted().toList();
        assertFalse(pg.isEmpty(), what);
        assertEquals(spark, pg, what + ": the digest rows (keys, hashes, lenient values) of both engines");
    }

    private VerifySpec liveSpec(DemoSpec world, String... entities) {
        VerifyFunctions.register(TestSpark.session());
        Map<String, SourceLocation> sources = Map.of("reddit", new SourceLocation.Database(pg, world.redditDatabase()),
                "mirror", new SourceLocation.Database(pg, world.appDatabase()));
        return new VerifySpec(io.cutover.mapping.Mapping.shipped(), sources, new SourceLocation.Database(pg, world.appDatabase()),
                List.of(entities), null, null, dir.resolve("report-scans"), 0, 64, 5);
    }

    private static List<String> differences(Path report) {
        return TestSpark.session().read().parquet(report.resolve("differences").toString())
                .selectExpr("concat_ws('|', entity, source, category, key, coalesce(column, ''), coalesce(old_value, '<null>'),"
                        + " coalesce(new_value, '<null>')) AS d")
                .orderBy("d").collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    @ParameterizedTest(name = "pushdown {0}")
    @ValueSource(booleans = {true, false})
    void aCorrectMigrationHasNoDifferences(boolean pushdown) throws IOException {
        Path out = report("report-clean", pushdown);
        Run run = verify(pushdown, clean, out);
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(0, summary.path("totalDifferences").asLong());
        assertEquals(10, summary.path("comparisons").size(), "every entity against every source");
        // The demo's Reddit counter drifts for posts 5 and 42 (Reddit and the mirror agree, the backfill
        // copied it): the check sees it, and the old data has it too, so it is inherited, not a difference.
        JsonNode numComments = find(summary.path("checks"), "post-num-comments", "checks");
        assertEquals(2, numComments.path("counts").path("inherited").asLong(), numComments.toString());
        assertEquals(0, numComments.path("counts").path("aggregate").asLong(), numComments.toString());
        assertTrue(run.out().contains("2 inherited"), run.out());
        assertTrue(Files.readString(out.resolve("report.html")).contains("<th>inherited</th>"));
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
        TemplateWorlds.copy(world);
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
        Run future = verify(faulty, dir.resolve("report-future"), "--entity", "comment", "--since", "2999-01-01");
        assertEquals(ExitCode.USAGE, future.exitCode(), future.err());
        assertTrue(future.err().contains("--since 2999-01-01T00:00:00Z is in the future"), future.err());
        Run all = verify(faulty, dir.resolve("report-all"), "--entity", "comment", "--since", "2000-01-01");
        assertEquals(ExitCode.DIFFERENCES, all.exitCode());
        Dataset<Row> diffs = TestSpark.session().read().parquet(dir.resolve("report-all").resolve("differences").toString());
        assertTrue(diffs.count() > 10);
    }

    @ParameterizedTest(name = "pushdown {0}")
    @ValueSource(booleans = {true, false})
    void mappingProblemsAreReportedBeforeAnyWorkWithFileAndLine(boolean pushdown) throws IOException {
        String shipped = new String(getClass().getResourceAsStream("/io/cutover/mapping/open-discussions.yaml").readAllBytes());
        Path bad = dir.resolve("bad-mapping.yaml");
        Files.writeString(bad, shipped.replace("{new: title, key: title}", "{new: titel, key: title}")
                .replace("old: preview_text", "old: preview_txt"));
        Run run = verify(pushdown, faulty, report("report-bad", pushdown), "--mapping", bad.toString());
        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("bad-mapping.yaml:") && run.err().contains("titel") && run.err().contains("preview_txt"),
                "every problem, with file:line: " + run.err());
        assertFalse(Files.exists(report("report-bad", pushdown).resolve("summary.json")));
    }

    @ParameterizedTest(name = "pushdown {0}")
    @ValueSource(booleans = {true, false})
    void aMissingDatabaseFailsNamingTheComparison(boolean pushdown) {
        Run run = verify(pushdown, faulty, report("report-gone", pushdown), "--source", "reddit=db:no_such_db", "--entity", "post");
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

    @ParameterizedTest(name = "pushdown {0}")
    @ValueSource(booleans = {true, false})
    void aMalformedExportValueStopsTheRunOnOneLineNamingFileLineAndColumn(boolean pushdown) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(faulty.voteExport()));
        int victim = 1;
        while (!lines.get(victim).split(",")[1].startsWith("t3_")) victim++;
        String[] fields = lines.get(victim).split(",");
        lines.set(victim, fields[0] + "," + fields[1] + "," + fields[2] + ",yesterday noon");
        Path bad = dir.resolve("votes-bad.csv");
        Files.write(bad, lines);
        Run run = verify(pushdown, faulty, report("report-bad-csv", pushdown), "--source", "votes=csv:" + bad, "--entity", "postvote");
        assertEquals(ExitCode.FAILURE, run.exitCode(), run.err());
        // lines.get(0) is the header, line 1 of the file
        String at = bad + ":" + (victim + 1) + ": column date holds \"yesterday noon\", not a timestamptz";
        assertTrue(run.err().contains("postvote vs votes") && run.err().contains(at)
                && run.err().contains(fields[0] + "," + fields[1]), run.err());

        if (!pushdown) return;
        // As a user runs it (its own JVM, the shipped logging): that one line, and none of Spark's task logs.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")).toList());
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        cmd.addAll(List.of("-Djava.io.tmpdir=" + dir, "-cp", java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes")).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)),
                Cutover.class.getName(), "verify", "--pg-properties", properties.toString(), "--source", "votes=csv:" + bad,
                "--target", "db:" + faulty.appDatabase(), "--entity", "postvote", "--out", dir.resolve("report-bad-csv-jvm").toString()));
        Path log = dir.resolve("bad-csv.err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "verify in its own JVM finished");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            p.destroyForcibly();
        }
        String err = Files.readString(log);
        assertEquals(ExitCode.FAILURE, p.exitValue(), err);
        List<String> failures = err.lines().filter(l -> l.startsWith("cutover verify:")).toList();
        assertEquals(1, failures.size(), err);
        assertTrue(failures.get(0).contains(at), err);
        assertFalse(err.contains("Exception in task") || err.contains("Lost task") || err.contains("aborting job")
                || err.contains("\tat ") || err.contains("Putting block"), err);
    }

    @ParameterizedTest(name = "pushdown {0}")
    @ValueSource(booleans = {true, false})
    void anUnknownEntityOrSourceIsAUsageError(boolean pushdown) {
        assertEquals(ExitCode.USAGE, verify(pushdown, faulty, report("r1", pushdown), "--entity", "posts").exitCode());
        assertEquals(ExitCode.USAGE, verify(pushdown, faulty, report("r2", pushdown), "--source", "cassandra=db:x").exitCode());
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

package io.cutover.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.cli.Cutover;
import io.cutover.outcome.ExitCode;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.postgres.PostgresServer;
import io.cutover.snapshot.ManifestFile;
import io.cutover.snapshot.SnapshotJob;
import io.cutover.snapshot.SnapshotManifest;
import io.cutover.snapshot.SnapshotSpec;
import io.cutover.snapshot.SnapshotSpec.DatabaseSelection;
import io.cutover.testing.S3Proxy;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.SharedDemoWorld;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * Executes every notebook in notebooks/ headless against real reports of a tiny demo world with
 * faults (a verify report, its recheck, two snapshots) and the query review, and checks the
 * rendered pages: no error cell, the reports' numbers, a chart. The pages stay in
 * spark-jobs/target/notebooks/ to be looked at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PNG = "src=\"data:image/png;base64,";

    private final Path root = Path.of("").toAbsolutePath().getParent();
    private final Path work = Path.of("target", "notebooks").toAbsolutePath();
    private JupyterRunner jupyter;
    private PostgresServer pg;
    private DemoSpec world;
    private Path report;
    private Path recheck;
    private Path history;
    private Path snapshots;
    private Path biCheck;
    private int postsAdded;
    private Path repair;
    private long appWrote;

    @BeforeAll
    void reports() throws Exception {
        assertTrue(Files.isDirectory(root.resolve("notebooks")), "run from spark-jobs/: " + root);
        // The Python side installs (half a minute on a clean clone) while the reports are made, not before them.
        CompletableFuture<JupyterRunner.Setup> installing = CompletableFuture.supplyAsync(() -> {
            try {
                return JupyterRunner.setUp(root, Path.of("target", "python-venv").toAbsolutePath(), work);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("notebooks/setup-env.sh could not run", e);
            }
        });
        long t0 = System.nanoTime();

        pg = TestPostgres.server();
        TestSpark.session();
        Path reports = work.resolve("reports");
        deleteTree(reports);
        Files.createDirectories(reports);
        world = DemoSpec.of(Scale.TINY, 21, 3, reports.resolve("demo-world")).withDatabases("nb_reddit", "nb_app").replacing();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        TemplateWorlds.copy(world); // the same world as RepairTest's: generated once per JVM

        long t1 = System.nanoTime();
        report = reports.resolve("verify-report");
        // Both verify runs add their line to a history (not named verify-history: the other pages must not find it).
        history = reports.resolve("history");
        // Every entity the faults touch (user and channel have none; leaving them out saves a minute).
        assertEquals(ExitCode.DIFFERENCES, verify(report, List.of("reddit", "mirror", "votes"),
                "--entity", "post", "--entity", "comment", "--entity", "postvote", "--entity", "commentvote",
                "--history", history.toString()));
        // The query review reads what `cutover bi-check` wrote, not a copy of its format. As in the
        // quickstart, on a zero-fault world: injected faults would make rewrites look wrong.
        DemoSpec clean = SharedDemoWorld.clean(); // read only: bi-check runs queries
        biCheck = reports.resolve("bi-check.md");
        int biCheckExit = Cutover.execute("bi-check", root.resolve("bi-queries/old").toString(), "--pg-properties",
                pgProperties().toString(), "--old-database", clean.appDatabase(), "--new-database", clean.appDatabase(),
                "--report", biCheck.toString(), "--timeout", "5");
        assertTrue(biCheckExit <= ExitCode.DIFFERENCES && Files.isRegularFile(biCheck), "bi-check exit " + biCheckExit);
        long t2 = System.nanoTime();
        snapshots = reports.resolve("snapshots");
        SnapshotJob.run(TestSpark.session(), pg, SnapshotSpec.of(snapshots, List.of(
                        new DatabaseSelection(world.redditDatabase(), List.of()), new DatabaseSelection(world.appDatabase(), List.of())))
                .withSnapshotId("before").withFiles(List.of(new SnapshotSpec.FileSource("votes", world.voteExport()))), quiet);

        // The app keeps writing, and the team repairs one post: what a recheck and a second snapshot see.
        JsonNode truth = JSON.readTree(world.groundTruth().toFile());
        postsAdded = 7;
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            for (JsonNode f : truth.path("faults")) {
                if (f.path("kind").asText().equals("changed_title")) {
                    st.executeUpdate("UPDATE discussions_post SET title = '" + f.path("before").asText().replace("'", "''")
                            + "' WHERE id = " + f.path("key").path("id").asLong());
                    break;
                }
            }
            st.execute("CREATE TEMP TABLE fresh AS SELECT * FROM discussions_post ORDER BY id LIMIT " + postsAdded);
            st.execute("UPDATE fresh SET id = id + 900000");
            st.execute("INSERT INTO discussions_post SELECT * FROM fresh");
        }
        recheck = reports.resolve("recheck-report");
        assertEquals(ExitCode.DIFFERENCES, verify(recheck, List.of("reddit"), "--entity", "post", "--recheck", report.toString(),
                "--settle", "0", "--history", history.toString()));
        SnapshotJob.run(TestSpark.session(), pg, SnapshotSpec.of(snapshots,
                List.of(new DatabaseSelection(world.appDatabase(), List.of()))).withSnapshotId("after"), quiet);

        // Last (it changes the world): the app writes one more reported title, and the team repairs the report beside it.
        for (JsonNode f : truth.path("faults")) {
            if (f.path("kind").asText().equals("changed_title")) appWrote = f.path("key").path("id").asLong();
        }
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE discussions_post SET title = 'written by the app' WHERE id = " + appWrote);
        }
        repair = reports.resolve("repair-report");
        assertEquals(ExitCode.DIFFERENCES, cutover(List.of("repair", report.toString(), "--out", repair.toString(), "--execute"),
                List.of("reddit", "mirror", "votes")), "some keys are left to a person");
        System.out.printf("NotebooksTest reports: demo world %.0f s, verify and bi-check %.0f s, snapshots and recheck %.0f s%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);

        // Without the Python side there is nothing to test, and we say so loudly.
        JupyterRunner.Setup setup = installing.join();
        if (setup.unavailable()) {
            String banner = "\n" + "!".repeat(100) + "\n!!! NOTEBOOK TESTS SKIPPED: no Python stack could be installed here "
                    + "(notebooks/setup-env.sh):\n" + setup.log() + "\n" + "!".repeat(100) + "\n";
            System.err.println(banner);
            Assumptions.abort("NOTEBOOK TESTS SKIPPED: no Python stack could be installed: " + setup.log());
        }
        jupyter = setup.runner();
    }

    private Path pgProperties() throws IOException {
        Path properties = work.resolve("pg.properties");
        Files.writeString(properties, "url=jdbc:postgresql://127.0.0.1:" + pg.port() + "/\nuser=postgres\n");
        return properties;
    }

    private int verify(Path out, List<String> sources, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("verify", "--out", out.toString(), "--buckets", "64"));
        args.addAll(List.of(extra));
        return cutover(args, sources);
    }

    /** A cutover command on the world, reading these sources; it must not fail (exit 0 or 1). */
    private int cutover(List<String> command, List<String> sources) throws IOException {
        Path properties = pgProperties();
        Map<String, String> where = Map.of("reddit", "db:" + world.redditDatabase(), "mirror", "db:" + world.appDatabase(),
                "votes", "csv:" + world.voteExport());
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--pg-properties", properties.toString(), "--target", "db:" + world.appDatabase()));
        for (String source : sources) args.addAll(List.of("--source", source + "=" + where.get(source)));
        CommandLine cmd = Cutover.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        try {
            int code = cmd.execute(args.toArray(String[]::new));
            if (code > ExitCode.DIFFERENCES) throw new AssertionError(command.get(0) + " failed: " + err);
            return code;
        } finally {
            System.setOut(stdout);
        }
    }

    /** Charts in a page: images embedded by the outputs (the page's CSS has a data: URL too, but no src=). */
    private static int charts(String html) {
        return html.split(Pattern.quote(PNG), -1).length - 1;
    }

    private static JsonNode column(JsonNode summary, String entity, String source, String name) {
        for (JsonNode c : summary.path("comparisons")) {
            if (c.path("entity").asText().equals(entity) && c.path("source").asText().equals(source)) {
                for (JsonNode col : c.path("columns")) if (col.path("column").asText().equals(name)) return col;
            }
        }
        throw new AssertionError("no column " + entity + "." + name + " against " + source);
    }

    private static String cell(long n) {
        return "\\s*<td>" + n + "</td>";
    }

    /** Executes a notebook; it must finish without an error cell. */
    private String run(String notebook, String page, Map<String, String> env) throws Exception {
        JupyterRunner.Execution run = jupyter.execute(root.resolve("notebooks").resolve(notebook), page, env);
        assertEquals(0, run.exitCode(), notebook + " failed:\n" + run.output());
        String html = run.page();
        assertFalse(html.contains("Traceback (most recent call last)"), notebook + ": an error cell in " + run.html());
        return html;
    }

    // ---- 1. verify report ----------------------------------------------------------------------

    @Test
    void verifyReport() throws Exception {
        String html = run("verify_report.ipynb", "verify_report", Map.of("CUTOVER_REPORT", report.toString()));
        JsonNode summary = JSON.readTree(report.resolve("summary.json").toFile());
        long total = summary.path("totalDifferences").asLong();
        JsonNode truth = JSON.readTree(world.groundTruth().toFile());
        int faults = truth.path("faults").size();
        assertEquals(3 * io.cutover.demo.FaultKind.values().length, faults, "3 faults of each kind");
        assertTrue(total >= faults, "verify reported " + total);
        assertTrue(html.contains(faults + " of " + faults + " injected faults are reported"), "every injected fault, found");
        assertTrue(html.contains(total + " differences in " + summary.path("comparisons").size() + " comparisons"), "headline");
        // Every comparison's row: entity, source, old rows, new rows, then the counts by category, as the report has them.
        for (JsonNode c : summary.path("comparisons")) {
            StringBuilder row = new StringBuilder("<td>" + c.path("entity").asText() + "</td>\\s*<td>" + c.path("source").asText() + "</td>");
            row.append(cell(c.path("oldRows").asLong())).append(cell(c.path("newRows").asLong()));
            for (String category : List.of("missing_in_new", "extra_in_new", "changed", "duplicate_key", "null_key")) {
                row.append(cell(c.path("counts").path(category).asLong(0)));
            }
            assertTrue(Pattern.compile(row.toString()).matcher(html).find(), "counts of " + c);
        }
        // The three injected changed_url faults, old and new value side by side.
        int urls = 0;
        for (JsonNode f : truth.path("faults")) {
            if (f.path("kind").asText().equals("changed_url")) {
                urls++;
                assertTrue(html.contains(f.path("after").asText()) && html.contains(f.path("before").asText()), f.toString());
            }
        }
        assertEquals(3, urls);
        assertEquals(1, charts(html), "a chart of mismatches per column (and none for a recheck)");
        // Every differing key of the worst column of a comparison: as many as the report counted.
        long worst = 0;
        for (JsonNode c : summary.path("comparisons")) {
            for (JsonNode col : c.path("columns")) worst = Math.max(worst, col.path("mismatches").asLong());
        }
        Matcher pulled = Pattern.compile("(\\w+)\\.(\\w+) against (\\w+): (\\d+) differing keys").matcher(html);
        assertTrue(pulled.find(), "the keys of one column");
        assertEquals(worst, Long.parseLong(pulled.group(4)), pulled.group());
        assertEquals(worst, column(summary, pulled.group(1), pulled.group(3), pulled.group(2)).path("mismatches").asLong());
        assertTrue(html.contains("not a recheck"), "the recheck section says there is none");
        assertTrue(html.contains("This run had no settle pass"), "the settle section says there was none");
        // The comment trees: a row per rule, a column per tree table, and the nodes checked.
        assertTrue(Pattern.compile("<td>nodes checked</td>(\\s*<td>\\d+</td>){3}").matcher(html).find(), "the tree rules per table");
        assertTrue(html.contains("<td>node_missing</td>") && html.contains("<td>sort_key</td>"), "every tree rule");
        assertTrue(html.contains("No verify history"), "the history section says there is none");
        // The repair beside the report, found: its counts per entity and category, and the keys to act on.
        assertTrue(html.contains("Repair in " + repair + " of " + report + " (executed)"), "the repair of this report, found beside it");
        assertRepairSection(html);
    }

    /** Section 9 shows what repair-summary.json counts, and the key the app wrote since as skipped, with its column. */
    private void assertRepairSection(String html) throws IOException {
        JsonNode summary = JSON.readTree(repair.resolve("repair-summary.json").toFile());
        List<String> shown = List.of("fixed", "failed", "skipped", "resolved", "left");
        int rows = 0;
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) summary.path("outcome")::fields) {
            for (var c : (Iterable<Map.Entry<String, JsonNode>>) e.getValue()::fields) {
                StringBuilder row = new StringBuilder("<td>" + e.getKey() + "</td>\\s*<td>" + c.getKey() + "</td>");
                for (String outcome : shown) row.append(cell(c.getValue().path(outcome).asLong(0)));
                assertTrue(Pattern.compile(row.toString()).matcher(html).find(), "the counts of " + e.getKey() + " " + c.getKey() + ": " + c.getValue());
                rows++;
            }
        }
        assertTrue(rows > 3, summary.path("outcome").toString());
        assertTrue(summary.path("recheckDifferences").isNumber()
                && html.contains("recheck of the keys: " + summary.path("recheckDifferences").asLong() + " differences remain"), "the recheck");
        assertTrue(Pattern.compile("<td>skipped</td>\\s*<td>post</td>\\s*<td>changed</td>\\s*<td>\\{\"id\":" + appWrote
                + "\\}</td>\\s*<td>title</td>\\s*<td>the application wrote the row since").matcher(html).find(), "the app's key, skipped");
        assertTrue(html.contains("Why keys were left to a person"), "the reasons");
        Map<String, Long> reasons = new java.util.HashMap<>();
        for (JsonNode l : summary.path("left")) reasons.merge(l.path("why").asText(), 1L, Long::sum);
        String frequent = reasons.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertTrue(html.contains(frequent.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")), "the most frequent reason: " + frequent);
    }

    @Test
    void verifyReportOfARepairDirectory() throws Exception {
        String html = run("verify_report.ipynb", "verify_repair", Map.of("CUTOVER_REPORT", repair.toString()));
        assertTrue(html.contains(repair + " is a repair: below, its recheck/ report"), "the recheck is the report shown");
        JsonNode recheck = JSON.readTree(repair.resolve("recheck").resolve("summary.json").toFile());
        assertTrue(html.contains(recheck.path("totalDifferences").asLong() + " differences in "), "the recheck's headline");
        assertTrue(html.contains("Repair in " + repair + " of " + report + " (executed)"), "and the repair");
        assertRepairSection(html);
    }

    @Test
    void verifyHistory() throws Exception {
        Path broken = history.resolve("runs").resolve("20200101T000000.000Z-broken.jsonl");
        Files.writeString(broken, "{\"runId\": \"cut short\n");
        String html;
        try {
            html = run("verify_report.ipynb", "verify_history",
                    Map.of("CUTOVER_REPORT", recheck.toString(), "CUTOVER_HISTORY", history.toString()));
        } finally {
            Files.delete(broken);
        }
        assertEquals(4, charts(html), "mismatches per column, resolved vs persisting, persistent vs transient, and the runs");
        assertTrue(html.contains("left out of the history: " + broken + ":1: "), "the damaged line, named");
        // A row per run, the recheck (this report) last, with what its history line says.
        JsonNode summary = JSON.readTree(recheck.resolve("summary.json").toFile());
        Matcher last = Pattern.compile("<td>[-0-9: ]+ \\(this report\\)</td>\\s*<td>recheck of " + Pattern.quote(report.toString())
                + ", settled</td>\\s*<td>(\\d+)</td>").matcher(html);
        assertTrue(last.find(), "this report's run in the table");
        assertEquals(summary.path("persistentDifferences").asLong(), Long.parseLong(last.group(1)), "its persistent differences");
        assertTrue(Pattern.compile("<td>[-0-9: ]+</td>\\s*<td>full</td>").matcher(html).find(), "the full run before it");
    }

    @Test
    void verifyRecheckReport() throws Exception {
        String html = run("verify_report.ipynb", "verify_recheck", Map.of("CUTOVER_REPORT", recheck.toString()));
        JsonNode summary = JSON.readTree(recheck.resolve("summary.json").toFile());
        JsonNode post = null;
        for (JsonNode c : summary.path("comparisons")) {
            if (c.path("entity").asText().equals("post") && c.path("source").asText().equals("reddit")) post = c.path("recheck");
        }
        assertEquals(1, post.path("resolved").asLong(), "one title was repaired");
        Matcher row = Pattern.compile("<td>post</td>\\s*<td>reddit</td>\\s*<td>(\\d+)</td>\\s*<td>(\\d+)</td>\\s*<td>(\\d+)</td>\\s*</tr>")
                .matcher(html);
        assertTrue(row.find(), "a recheck row for post vs reddit");
        assertEquals(List.of(post.path("earlierKeys").asLong(), 1L, post.path("persisting").asLong()),
                List.of(Long.parseLong(row.group(1)), Long.parseLong(row.group(2)), Long.parseLong(row.group(3))));
        long persistent = summary.path("persistentDifferences").asLong();
        assertTrue(persistent > 0 && html.contains("Settled after 0 s: " + persistent + " persistent, "
                + (summary.path("totalDifferences").asLong() - persistent) + " transient"), "the settle section");
        assertEquals(3, charts(html), "mismatches per column, resolved vs persisting, persistent vs transient");
        assertTrue(Pattern.compile("<td>changed_title</td>\\s*<td>post</td>\\s*<td>title</td>\\s*<td>3</td>\\s*<td>2</td>")
                .matcher(html).find(), "the repaired title is no longer among the faults reported");
    }

    // ---- 2. snapshot inventory -----------------------------------------------------------------

    @Test
    void snapshotInventory() throws Exception {
        Path after = snapshots.resolve("after");
        String html = run("snapshot_inventory.ipynb", "snapshot_inventory",
                Map.of("CUTOVER_SNAPSHOT", after.toString(), "CUTOVER_EARLIER_SNAPSHOT", snapshots.resolve("before").toString()));
        SnapshotManifest m = ManifestFile.read(after);
        long rows = m.databases().stream().flatMap(d -> d.tables().stream()).mapToLong(SnapshotManifest.TableEntry::rowsWritten).sum();
        long files = m.databases().stream().flatMap(d -> d.tables().stream()).mapToLong(t -> t.files().size()).sum()
                + m.fileSources().stream().mapToLong(f -> f.files().size()).sum();
        long tables = m.databases().stream().mapToLong(d -> d.tables().size()).sum();
        assertTrue(html.contains(tables + " tables, " + rows + " rows"), "totals of the manifest");
        assertTrue(html.contains(files + " of " + files + " files match the manifest"), "checksum status");
        long before = ManifestFile.read(snapshots.resolve("before"))
                .databases().stream().filter(d -> d.database().equals(world.appDatabase())).flatMap(d -> d.tables().stream())
                .filter(t -> t.table().equals("discussions_post")).findFirst().orElseThrow().rowsWritten();
        assertTrue(Pattern.compile("<td>" + world.appDatabase() + "</td>\\s*<td>public.discussions_post</td>\\s*<td>" + before
                + "</td>\\s*<td>" + (before + postsAdded) + "</td>\\s*<td>" + postsAdded + "</td>").matcher(html).find(),
                "growth of discussions_post by the rows the test added");
        assertEquals(2, charts(html), "sizes per table, growth per table");
        assertTrue(Pattern.compile("<td>created_on</td>\\s*<td>timestamp with time zone</td>\\s*<td>True</td>\\s*"
                + "<td>TIMESTAMPTZ_MICROS</td>\\s*<td>timestamp\\[us, tz=UTC\\]</td>").matcher(html).find(),
                "a timestamptz column read by pyarrow alone as UTC microseconds");
    }

    @Test
    void snapshotInventoryCatchesADamagedFile() throws Exception {
        Path copy = work.resolve("reports/damaged");
        deleteTree(copy);
        copyTree(snapshots.resolve("before"), copy);
        SnapshotManifest m = ManifestFile.read(copy);
        SnapshotManifest.TableEntry t = m.databases().get(0).tables().get(0);
        Path file = copy.resolve(t.path()).resolve(t.files().get(0).name());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        String html = run("snapshot_inventory.ipynb", "snapshot_damaged", Map.of("CUTOVER_SNAPSHOT", copy.toString()));
        assertTrue(html.contains("FAILED") && html.contains("sha256"), "the flipped byte is reported");
        assertTrue(html.contains("No earlier snapshot given"), "growth says why it is empty");
    }

    // ---- 3. query review -----------------------------------------------------------------------

    /** The rewriter's committed output (CorpusTest keeps it current). */
    private Path reviewDirectory() {
        Path committed = root.resolve("bi-queries/new");
        assertTrue(Files.isRegularFile(committed.resolve("REVIEW.md")), committed + " holds the committed rewrites");
        return committed;
    }

    @Test
    void queryReviewWithBiCheck() throws Exception {
        Path review = reviewDirectory();
        String html = run("query_review.ipynb", "query_review",
                Map.of("CUTOVER_REVIEW", review.toString(), "CUTOVER_BI_CHECK", biCheck.toString()));
        // Expected from the findings files themselves, not from the index the notebook reads.
        int queries = 0, needsHuman = 0;
        try (Stream<Path> sql = Files.list(review)) {
            for (Path q : sql.filter(p -> p.toString().endsWith(".sql")).toList()) {
                queries++;
                Path findings = review.resolve("review").resolve(q.getFileName().toString().replace(".sql", ".findings.txt"));
                if (Files.exists(findings) && Files.readString(findings).contains(" ERROR [")) needsHuman++;
            }
        }
        assertTrue(html.contains(queries + " queries: " + needsHuman + " need a human"), "status counts");
        assertTrue(html.contains("-SELECT") && html.contains("+SELECT"), "a diff is shown");
        assertTrue(html.contains("id-kinds") || html.contains("no-rewrite"), "error findings are listed");
        String md = Files.readString(biCheck);
        long equal = md.lines().filter(l -> l.contains("| EQUAL |")).count();
        long silent = md.lines().filter(l -> l.contains("**SILENT**")).count();
        assertTrue(html.contains("bi-check: " + equal + " equal"), "bi-check verdicts");
        assertTrue(html.contains(silent + " silent"), "silent differences");
        assertEquals(2, charts(html), "status, bi-check verdict by status");
    }

    @Test
    void queryReviewWithoutBiCheckSaysSo() throws Exception {
        String html = run("query_review.ipynb", "query_review_no_bicheck",
                Map.of("CUTOVER_REVIEW", reviewDirectory().toString(), "CUTOVER_BI_CHECK", work.resolve("no-such-file.md").toString()));
        assertTrue(html.contains("No bi-check result"), "the missing bi-check is a message, not an error");
        assertEquals(1, charts(html), "the status chart only");
    }

    // ---- 4. reports on S3 ----------------------------------------------------------------------

    /**
     * The verify report (with its demo world's ground truth) and both snapshots, uploaded to a
     * real S3 server (s3proxy on 127.0.0.1, signatures checked): both notebooks read them through
     * {@code s3a://} URIs, the endpoint and keys from the environment only, and say what they say
     * from the local copies.
     */
    @Test
    void notebooksReadReportsAndSnapshotsOnS3() throws Exception {
        Path scratch = work.resolve("s3");
        deleteTree(scratch);
        try (S3Proxy s3 = S3Proxy.start(scratch)) {
            s3.createBucket("reports");
            Configuration conf = new Configuration();
            s3.s3aSettings(scratch.resolve("s3a-buffer"), true).forEach(conf::set);
            try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://reports/"), conf)) {
                for (Path local : List.of(report, world.groundTruth().getParent(), snapshots.resolve("before"), snapshots.resolve("after"))) {
                    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()),
                            new org.apache.hadoop.fs.Path("s3a://reports/run1/" + work.resolve("reports").relativize(local)));
                }
            }
            Map<String, String> env = new java.util.HashMap<>(s3.environment());
            env.put("CUTOVER_S3_ENDPOINT", s3.endpoint());
            String onS3 = "s3a://reports/run1/" + work.resolve("reports").relativize(report);
            env.put("CUTOVER_REPORT", onS3);
            String html = run("verify_report.ipynb", "verify_report_s3", env);
            JsonNode summary = JSON.readTree(report.resolve("summary.json").toFile());
            int faults = JSON.readTree(world.groundTruth().toFile()).path("faults").size();
            assertTrue(html.contains(summary.path("totalDifferences").asLong() + " differences in "
                    + summary.path("comparisons").size() + " comparisons"), "the headline, from S3");
            assertTrue(html.contains(faults + " of " + faults + " injected faults are reported"), "the ground truth beside it on S3");
            assertEquals(1, charts(html), "mismatches per column");

            env.remove("CUTOVER_REPORT");
            env.put("CUTOVER_SNAPSHOT", "s3a://reports/run1/snapshots/after");
            env.put("CUTOVER_EARLIER_SNAPSHOT", "s3a://reports/run1/snapshots/before");
            String inventory = run("snapshot_inventory.ipynb", "snapshot_inventory_s3", env);
            SnapshotManifest m = ManifestFile.read(snapshots.resolve("after"));
            long files = m.databases().stream().flatMap(d -> d.tables().stream()).mapToLong(t -> t.files().size()).sum()
                    + m.fileSources().stream().mapToLong(f -> f.files().size()).sum();
            assertTrue(inventory.contains("snapshot after in s3a://reports/run1/snapshots/after"), "where it read");
            assertTrue(inventory.contains(files + " of " + files + " files match the manifest"), "sizes, sha256 and footers, from S3");
            assertTrue(inventory.contains("checksum status: OK"), "checksum status");
            assertEquals(2, charts(inventory), "sizes per table, growth per table");
            assertFalse(html.contains(s3.secretKey()) || inventory.contains(s3.secretKey()), "the secret key is on no page");
        }
    }

    // ---- files ---------------------------------------------------------------------------------

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}

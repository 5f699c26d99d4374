package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.cli.Cutover;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.report.VerifyReportWriter;
import io.cutover.storage.Location;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * verify --history over three runs of a faulted world, as the team runs it while repairing: a full
 * run, some faults repaired in SQL, a second full run, then a settled recheck of its keys. The
 * history holds one line per run with the reports' counts, a damaged line is named and skipped,
 * and the HTML report draws every run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyHistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;
    private DemoSpec world;
    private Path properties;
    private Path history;
    private final List<Path> reports = new ArrayList<>();
    private final List<String> consoles = new ArrayList<>();
    private int repaired;

    @BeforeAll
    void threeRuns() throws Exception {
        TestSpark.session();
        properties = dir.resolve("pg.properties");
        Files.writeString(properties, "url=jdbc:postgresql://127.0.0.1:" + pg.port() + "/\nuser=postgres\n");
        world = DemoSpec.of(Scale.TINY, 31, 3, dir.resolve("world")).withDatabases("vh_reddit", "vh_app").replacing();
        TemplateWorlds.copy(world);
        history = dir.resolve("history");

        verify("run-1");
        // The team repairs every changed title; everything else stays as it was.
        JsonNode truth = JSON.readTree(world.groundTruth().toFile());
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            for (JsonNode f : truth.path("faults")) {
                if (!f.path("kind").asText().equals("changed_title")) continue;
                repaired += st.executeUpdate("UPDATE discussions_post SET title = '" + f.path("before").asText().replace("'", "''")
                        + "' WHERE id = " + f.path("key").path("id").asLong());
            }
        }
        assertEquals(3, repaired, "three changed titles repaired");
        verify("run-2");
        // A history someone compacted by hand, with a line cut short, and a run file that is not JSON.
        Path first = only(history.resolve(VerifyHistory.RUNS), 0);
        Files.writeString(history.resolve("compacted.jsonl"), Files.readString(first) + "{\"runId\": \"cut\", \"ti\n");
        Files.writeString(history.resolve(VerifyHistory.RUNS).resolve("20200101T000000.000Z-broken.jsonl"), "not json\n");
        verify("run-3", "--recheck", reports.get(1).toString(), "--settle", "0");
    }

    private void verify(String name, String... extra) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("verify", "--pg-properties", properties.toString(),
                "--source", "reddit=db:" + world.redditDatabase(), "--source", "mirror=db:" + world.appDatabase(),
                "--target", "db:" + world.appDatabase(), "--entity", "post", "--entity", "comment",
                "--out", out.toString(), "--buckets", "64", "--history", history.toString()));
        args.addAll(List.of(extra));
        CommandLine cmd = Cutover.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = cmd.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
        String text = console.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCode.DIFFERENCES, code, name + ":\n" + text + err);
        reports.add(out);
        consoles.add(text);
    }

    private static Path only(Path runs, int index) throws IOException {
        try (var files = Files.list(runs)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList().get(index);
        }
    }

    private VerifyHistory.Read read() throws IOException {
        return new VerifyHistory(Location.local(history)).read();
    }

    private static VerifyHistoryEntry.Comparison comparison(VerifyHistoryEntry run, String entity, String source) {
        return run.comparisons().stream().filter(c -> c.entity().equals(entity) && c.source().equals(source)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + entity + " vs " + source + " in " + run));
    }

    @Test
    void eachRunIsOneLineWithItsReportsCounts() throws Exception {
        VerifyHistory.Read read = read();
        assertEquals(3, read.runs().size(), "one line per run, the compacted copy of the first counted once: " + read);
        assertEquals(List.of("full", "full", "recheck"), read.runs().stream().map(VerifyHistoryEntry::mode).toList());
        for (int i = 0; i < 3; i++) {
            VerifyHistoryEntry run = read.runs().get(i);
            JsonNode summary = JSON.readTree(reports.get(i).resolve("summary.json").toFile());
            assertEquals(reports.get(i).toString(), run.report());
            assertEquals(ExitCode.DIFFERENCES, run.exitCode());
            assertEquals(summary.path("seconds").asDouble(), run.seconds(), 1e-9, "wall time");
            assertTrue(run.rowsRead() > 0, "rows read");
            assertEquals(summary.path("mapping").asText(), run.mapping());
            assertEquals(summary.path("comparisons").size() + summary.path("checks").size(), run.comparisons().size());
            long rows = 0;
            for (JsonNode c : summary.path("comparisons")) {
                VerifyHistoryEntry.Comparison line = comparison(run, c.path("entity").asText(), c.path("source").asText());
                Map<String, Long> counts = new HashMap<>();
                c.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
                assertEquals(counts, line.differences(), "counts of " + line);
                rows += c.path("oldRows").asLong() + c.path("newRows").asLong();
            }
            assertEquals(rows, run.rowsRead(), "rows read on both sides");
        }
        // The repair shows: three changed titles fewer against each source.
        for (String source : List.of("reddit", "mirror")) {
            long before = comparison(read.runs().get(0), "post", source).differences().getOrDefault("changed", 0L);
            long after = comparison(read.runs().get(1), "post", source).differences().getOrDefault("changed", 0L);
            assertEquals(repaired, before - after, "post vs " + source + ": the repaired titles");
        }
        // Nothing changed between the second run and its recheck: every difference persists, none is transient.
        VerifyHistoryEntry second = read.runs().get(1);
        VerifyHistoryEntry recheck = read.runs().get(2);
        assertFalse(second.settled());
        assertTrue(recheck.settled());
        assertEquals(reports.get(1).toString(), recheck.recheckOf());
        for (String entity : List.of("post", "comment")) {
            for (String source : List.of("reddit", "mirror")) {
                VerifyHistoryEntry.Comparison was = comparison(second, entity, source);
                VerifyHistoryEntry.Comparison now = comparison(recheck, entity, source);
                assertNull(was.persistent(), "no settle pass, no labels");
                assertEquals(was.differences(), now.persistent(), entity + " vs " + source + ": persistent per category");
                assertEquals(0, now.transients().values().stream().mapToLong(Long::longValue).sum(), entity + " vs " + source);
                assertEquals(was.counted(), now.counted());
            }
        }
        assertTrue(comparison(read.runs().get(0), "post", "reddit").counted() > 0);
    }

    @Test
    void aDamagedLineIsNamedAndSkipped() throws Exception {
        VerifyHistory.Read read = read();
        assertEquals(2, read.skipped().size(), String.valueOf(read.skipped()));
        assertTrue(read.skipped().get(0).startsWith(history.resolve("compacted.jsonl") + ":2: "), read.skipped().get(0));
        assertTrue(read.skipped().get(1).startsWith(history.resolve("runs/20200101T000000.000Z-broken.jsonl") + ":1: "),
                read.skipped().get(1));
        String console = consoles.get(2);
        assertTrue(console.contains("history: skipped " + history.resolve("compacted.jsonl") + ":2: "), console);
        String html = Files.readString(reports.get(2).resolve("report.html"));
        assertTrue(html.contains("Left out of the history: " + history.resolve("compacted.jsonl") + ":2: "), "named in the report");
    }

    @Test
    void theReportDrawsEveryRunPerEntityWithThisRunMarked() throws Exception {
        String html = Files.readString(reports.get(2).resolve("report.html"));
        assertTrue(html.contains("<h2 id=\"convergence\">Convergence over the runs</h2>"), "the section");
        assertFalse(html.contains("<script"), "no script: the page renders offline");
        String lastRun = read().runs().get(2).runId();
        for (String entity : List.of("post", "comment")) {
            assertTrue(html.contains("<svg class=\"runs\" data-panel=\"" + entity + "\""), "a chart for " + entity);
            for (String source : List.of("reddit", "mirror")) {
                String line = "data-entity=\"" + entity + "\" data-source=\"" + source + "\"";
                assertEquals(3, count(html, line), entity + " vs " + source + ": a point per run");
                assertEquals(1, count(html, "class=\"pt current\" " + line + " data-run=\"" + lastRun + "\""), "this run, marked");
            }
        }
        // The first run's report drew its history as it stood then: one point each.
        String first = Files.readString(reports.get(0).resolve("report.html"));
        assertEquals(1, count(first, "data-entity=\"post\" data-source=\"reddit\""));
        // Without a history, the page is as it always was.
        VerifyReport report = VerifyReportWriter.read(reports.get(2));
        Path plain = dir.resolve("plain");
        VerifyReportWriter.write(report, Location.local(plain));
        assertFalse(Files.readString(plain.resolve("report.html")).contains("convergence"));
        assertNotNull(report);
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}

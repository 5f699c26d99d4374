package io.cutover.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.cli.Cutover;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import io.cutover.traffic.Phase;
import io.cutover.traffic.Traffic;
import io.cutover.traffic.TrafficReport;
import io.cutover.traffic.TrafficSpec;
import io.cutover.traffic.TruthEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The application writes between the report and the repair: {@code cutover traffic} edits rows of
 * the new tables (the old writes already cut) after verify named their keys. Repair leaves every
 * value the traffic wrote as the traffic wrote it, reports those keys as skipped, and fixes the rest.
 */
class RepairUnderTrafficTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAMAGE = " (damaged)";
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    Path dir;

    @Test
    void theKeysTheAppWroteSinceTheReportAreSkippedAndKeepItsWrites() throws Exception {
        TestSpark.session();
        Path properties = dir.resolve("pg.properties");
        Files.writeString(properties, "url=jdbc:postgresql://127.0.0.1:" + pg.port() + "/\nuser=postgres\n");
        DemoSpec world = DemoSpec.of(Scale.TINY, 43, 0, dir.resolve("world")).withDatabases("rt_reddit", "rt_app").replacing();
        TemplateWorlds.copy(world);
        // Damage the new tables by hand, outside the ground truth, so that the traffic may write these rows too.
        sql(world, "UPDATE discussions_post SET title = title || '" + DAMAGE + "' WHERE id % 2 = 0");
        sql(world, "UPDATE discussions_comment SET text = text || '" + DAMAGE + "' WHERE id % 2 = 0 AND text <> ''");
        Path report = dir.resolve("verify-before");
        // Posts and comments: the only rows damaged (a world without faults), and the only ones the traffic's writes are checked on.
        assertEquals(ExitCode.DIFFERENCES, run(sources(world, properties, "verify", "--out", report.toString(), "--buckets", "16",
                "--entity", "post", "--entity", "comment")));

        TrafficReport traffic = Traffic.start(pg, TrafficSpec.of(world, 300, 1, 11).withPhase(Phase.NEW_ONLY)).awaitDone();
        // Every value the traffic wrote to a post or comment, as it stands once the traffic is done.
        Map<String, String> written = new LinkedHashMap<>();
        List<String> damagedAndWritten = new ArrayList<>();
        for (TruthEntry e : traffic.truth()) {
            if (e.column() == null || !List.of("post", "comment").contains(e.entity()) || !e.category().equals("changed")) continue;
            String key = TrafficReport.keyJson(e.key());
            long id = ((Number) e.key().get("id")).longValue();
            String table = e.entity().equals("post") ? "discussions_post" : "discussions_comment";
            written.put(table + " " + id + " " + e.column(), value(world, table, id, e.column()));
            if (id % 2 == 0 && List.of("title", "text").contains(e.column())) damagedAndWritten.add(e.entity() + " " + key);
        }
        assertFalse(damagedAndWritten.isEmpty(), "the traffic wrote some damaged rows: " + traffic.truth().size() + " writes");

        Path plan = dir.resolve("repair");
        int exit = run(sources(world, properties, "repair", report.toString(), "--out", plan.toString(), "--execute"));
        assertEquals(ExitCode.DIFFERENCES, exit, "the skipped keys are named as left");
        JsonNode summary = JSON.readTree(plan.resolve(PlanFiles.SUMMARY).toFile());
        for (Map.Entry<String, String> w : written.entrySet()) {
            String[] t = w.getKey().split(" ");
            assertEquals(w.getValue(), value(world, t[0], Long.parseLong(t[1]), t[2]), "the app's write is kept: " + w.getKey());
        }
        List<String> skipped = new ArrayList<>();
        for (JsonNode s : summary.path("skipped")) skipped.add(s.path("entity").asText() + " " + s.path("key").asText());
        for (String k : damagedAndWritten) assertTrue(skipped.contains(k), k + " reported skipped: " + skipped);
        // The damaged rows the traffic did not write are fixed.
        assertTrue(summary.path("applied").asLong() > 0, summary.toString());
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, title FROM discussions_post WHERE title LIKE '%" + DAMAGE + "'")) {
            while (rs.next()) {
                String key = "post {\"id\":" + rs.getLong(1) + "}";
                assertTrue(damagedAndWritten.contains(key) || skipped.contains(key), "still damaged, not written by the app: " + key);
            }
        }
    }

    private String value(DemoSpec world, String table, long id, String column) throws Exception {
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT \"" + column + "\"::text FROM " + table + " WHERE id = " + id)) {
            return rs.next() ? rs.getString(1) : "(no row)";
        }
    }

    private void sql(DemoSpec world, String statement) throws Exception {
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private static List<String> sources(DemoSpec world, Path properties, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--pg-properties", properties.toString(), "--source", "reddit=db:" + world.redditDatabase(),
                "--source", "mirror=db:" + world.appDatabase(), "--source", "votes=csv:" + world.voteExport(),
                "--target", "db:" + world.appDatabase()));
        return all;
    }

    private static int run(List<String> args) {
        CommandLine cmd = Cutover.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            int code = cmd.execute(args.toArray(String[]::new));
            stdout.println(captured + err.toString());
            return code;
        } finally {
            System.setOut(stdout);
        }
    }
}

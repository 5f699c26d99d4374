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
import io.cutover.report.RepairReportWriter;
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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * repair on a faulted demo world, through the command line: verify, print the plan, an app write
 * in between, execute, verify again, execute again; and the inputs it refuses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepairTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;
    private Path properties;
    private DemoSpec world;
    private Path report;
    private JsonNode truth;

    private record Run(int exitCode, String out, String err) {}

    /**
     * The entities the world's faults touch (its users and channels have none, and no check totals them):
     * the verifies that find them compare these, a full comparison less of each entity left out; the verify after
     * the repair compares every entity, so that a write outside the plan would show.
     */
    private static final String[] FAULTED_ENTITIES = {"--entity", "post", "--entity", "comment", "--entity", "postvote",
            "--entity", "commentvote"};

    @BeforeAll
    void world() throws IOException {
        TestSpark.session();
        properties = dir.resolve("pg.properties");
        Files.writeString(properties, "url=jdbc:postgresql://127.0.0.1:" + pg.port() + "/\nuser=postgres\n");
        world = DemoSpec.of(Scale.TINY, 21, 3, dir.resolve("world")).withDatabases("rp_reddit", "rp_app").replacing();
        TemplateWorlds.copy(world);
        truth = JSON.readTree(world.groundTruth().toFile());
        for (JsonNode f : truth.path("faults")) {
            assertFalse(List.of("user", "channel").contains(f.path("entity").asText()), "a fault in an entity left unverified: " + f);
        }
        report = dir.resolve("verify-before");
        assertEquals(ExitCode.DIFFERENCES, verify(report, FAULTED_ENTITIES).exitCode());
    }

    private Run verify(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "--out", out.toString(), "--buckets", "64"));
        args.addAll(List.of(extra));
        return run(sources(args));
    }

    private Run repair(Path plan, String... extra) {
        List<String> args = sources(new ArrayList<>(List.of("repair", report.toString(), "--out", plan.toString())));
        args.addAll(List.of(extra));
        return run(args);
    }

    private List<String> sources(List<String> args) {
        args.addAll(List.of("--pg-properties", properties.toString(), "--source", "reddit=db:" + world.redditDatabase(),
                "--source", "mirror=db:" + world.appDatabase(), "--source", "votes=csv:" + world.voteExport(),
                "--target", "db:" + world.appDatabase()));
        return args;
    }

    private static Run run(List<String> args) {
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

    /** The faults of these kinds, as the ground truth names them. */
    private List<JsonNode> faults(String... kinds) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode f : truth.path("faults")) if (List.of(kinds).contains(f.path("kind").asText())) found.add(f);
        return found;
    }

    private String postTitle(long id) throws Exception {
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT title FROM discussions_post WHERE id = " + id)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    @Test
    @Order(1)
    void printWritesAReviewablePlanThatMatchesTheGroundTruth() throws Exception {
        Path plan = dir.resolve("plan-print");
        Run run = repair(plan, "--delete-extra");
        assertEquals(ExitCode.DIFFERENCES, run.exitCode(), run.out() + run.err());
        String sql = Files.readString(plan.resolve(PlanFiles.SQL));
        JsonNode summary = JSON.readTree(plan.resolve(PlanFiles.SUMMARY).toFile());
        System.out.println(run.out());
        // extra posts: one guarded delete each; missing comments: one insert each, of the row built from the old sources.
        assertEquals(faults("extra_in_new").size(), summary.path("fixes").path("post").path("extra_in_new").asInt(), sql);
        assertEquals(faults("missing_in_new").size(), summary.path("fixes").path("comment").path("missing_in_new").asInt(),
                summary.toString());
        for (JsonNode f : faults("missing_in_new")) {
            String key = "{\"id\":" + f.path("key").path("id").asLong() + "}";
            assertTrue(sql.contains("-- report " + report + " | comment " + key + " | missing_in_new"), key + "\n" + sql);
        }
        assertTrue(sql.contains("ON CONFLICT (\"id\") DO NOTHING"), sql);
        // the author is named by username in the old sources: looked up in the target when the insert runs.
        assertTrue(sql.contains("(SELECT \"id\" FROM \"auth_user\" WHERE \"username\" = "), sql);
        // one guarded update per changed key of the ground truth, per entity.
        Map<String, java.util.Set<String>> changedKeys = new java.util.TreeMap<>();
        for (JsonNode f : truth.path("faults")) {
            String kind = f.path("kind").asText();
            if (kind.startsWith("tree_") || f.path("column").isNull() || f.path("column").asText().isEmpty()) continue;
            if (List.of("missing_in_new", "extra_in_new", "duplicate_vote_export", "missing_in_old").contains(kind)) continue;
            changedKeys.computeIfAbsent(f.path("entity").asText(), e -> new java.util.TreeSet<>()).add(f.path("key").toString());
        }
        assertFalse(changedKeys.isEmpty());
        changedKeys.forEach((entity, keys) -> assertEquals(keys.size(),
                summary.path("fixes").path(entity).path("changed").asInt(), entity + " " + summary.path("fixes")));
        // a comment missing in the mirror only is the old sources' disagreement: never deleted.
        long oldSourcesDisagree = 0;
        for (JsonNode l : summary.path("left")) {
            if (l.path("category").asText().equals("extra_in_new") && l.path("why").asText().contains("old sources disagree")) oldSourcesDisagree++;
        }
        assertEquals(faults("missing_in_old").size(), oldSourcesDisagree, summary.path("left").toString());
        assertEquals(0, summary.path("fixes").path("comment").path("extra_in_new").asInt());
        // every changed post title of the ground truth has its guarded update, naming the report and the key.
        for (JsonNode f : faults("changed_title")) {
            String key = "{\"id\":" + f.path("key").path("id").asLong() + "}";
            assertTrue(sql.contains("-- report " + report + " | post " + key + " | changed"), key + "\n" + sql);
        }
        assertTrue(sql.contains("IS NOT DISTINCT FROM"));
        assertFalse(sql.contains("REPLACE"));
        // what is left to a person is named, each with why.
        for (JsonNode l : summary.path("left")) assertFalse(l.path("why").asText().isBlank(), l.toString());
        // the tree faults become rebuilds of their posts' trees, each named in repair.sql.
        assertTrue(summary.path("treeRebuilds").asInt() > 0, summary.toString());
        assertTrue(sql.contains(" | tree | "), sql);
        // an aggregate left is left with why; the counts the plan's row fixes settle are recounted, after them.
        for (JsonNode l : summary.path("left")) {
            if (l.path("category").asText().equals("aggregate")) assertFalse(l.path("why").asText().isBlank());
        }
        assertTrue(summary.path("fixes").path("post").path("aggregate").asInt() > 0, summary.path("fixes").toString());
        assertTrue(sql.indexOf("UPDATE \"discussions_post\" t SET \"num_comments\"") > 0, sql);
        // printing changes nothing.
        long id = faults("changed_title").get(0).path("key").path("id").asLong();
        assertEquals(faults("changed_title").get(0).path("after").asText(), postTitle(id));

        // the page: the plan's counts as the summary has them, and what is left to a person, with why.
        String page = Files.readString(plan.resolve(RepairReportWriter.PAGE));
        Map<String, Map<String, Long>> counts = pageCounts(page);
        assertSameCounts(summary, counts);
        summary.path("fixes").fields().forEachRemaining(e -> e.getValue().fields().forEachRemaining(c ->
                assertEquals(c.getValue().asLong(), counts.get(e.getKey() + " " + c.getKey()).get("planned"), e.getKey() + " " + c.getKey())));
        summary.path("leftToHuman").fields().forEachRemaining(e -> e.getValue().fields().forEachRemaining(c ->
                assertEquals(c.getValue().asLong(), counts.get(e.getKey() + " " + c.getKey()).get("left to a person"), e.getKey() + " " + c.getKey())));
        assertEquals(summary.path("treeRebuilds").asLong(), counts.get("post tree").get("planned"), "the tree rebuilds, their own row");
        assertEquals(summary.path("resolved").asLong(), counts.get("all").get("resolved"));
        assertTrue(page.contains("Printed only: nothing was applied"), page);
        assertTrue(page.contains("From the verify report <code>" + report + "</code> (written "), "where the plan came from");
        JsonNode oldSourcesRow = null;
        for (JsonNode l : summary.path("left")) if (l.path("why").asText().contains("old sources disagree")) oldSourcesRow = l;
        assertTrue(section(page, "left").contains(keyRow(oldSourcesRow)), "a key left to a person, with why: " + oldSourcesRow);
        assertEquals(Files.readAllLines(plan.resolve(RepairReportWriter.KEYS)).size(), counts.get("all").values().stream().mapToLong(n -> n).sum(),
                "every key counted is in repair-keys.jsonl");
    }

    /** The page's table of counts: per "entity category" (and "all"), per column heading. */
    static Map<String, Map<String, Long>> pageCounts(String page) {
        String table = page.substring(page.indexOf("<h2>Per entity and category</h2>"));
        table = table.substring(0, table.indexOf("</table>"));
        List<String> headings = new ArrayList<>();
        java.util.regex.Matcher th = java.util.regex.Pattern.compile("<th[^>]*>([^<]*)</th>").matcher(table);
        while (th.find()) headings.add(th.group(1));
        Map<String, Map<String, Long>> counts = new java.util.TreeMap<>();
        java.util.regex.Matcher tr = java.util.regex.Pattern.compile("<tr[^>]*><td>([^<]*)</td><td>([^<]*)</td>((?:<td class=\"n[^\"]*\">[0-9,]+</td>)+)</tr>")
                .matcher(table);
        while (tr.find()) {
            Map<String, Long> row = new java.util.LinkedHashMap<>();
            java.util.regex.Matcher td = java.util.regex.Pattern.compile(">([0-9,]+)<").matcher(tr.group(3));
            for (int i = 2; td.find(); i++) row.put(headings.get(i), Long.parseLong(td.group(1).replace(",", "")));
            String category = tr.group(2).replaceFirst(" \\(.*\\)$", "");
            counts.put(tr.group(1) + (category.isEmpty() ? "" : " " + category), row);
        }
        assertTrue(counts.containsKey("all"), table);
        return counts;
    }

    /** The page's counts are repair-summary.json's {@code outcome}, cell by cell. */
    static void assertSameCounts(JsonNode summary, Map<String, Map<String, Long>> page) {
        Map<String, String> headings = Map.of("planned", "planned", "fixed", "fixed", "failed", "failed", "skipped",
                "skipped: the app wrote since", "resolved", "resolved", "left", "left to a person");
        summary.path("outcome").fields().forEachRemaining(e -> e.getValue().fields().forEachRemaining(c -> c.getValue().fields()
                .forEachRemaining(o -> assertEquals(o.getValue().asLong(), page.get(e.getKey() + " " + c.getKey()).get(headings.get(o.getKey())),
                        e.getKey() + " " + c.getKey() + " " + o.getKey()))));
    }

    /** The part of the page listing the keys of one outcome. */
    static String section(String page, String outcome) {
        int from = page.indexOf("<h2 id=\"" + outcome + "\">");
        assertTrue(from > 0, "a section " + outcome);
        int to = page.indexOf("<h2", from + 1);
        return page.substring(from, to < 0 ? page.length() : to);
    }

    /** A key's row in a section, escaped as the page writes it. */
    static String keyRow(JsonNode l) {
        return "<tr><td class=\"key\"><code>" + esc(l.path("key").asText()) + "</code></td><td>" + (l.path("column").isNull() ? "" : esc(l.path("column").asText()))
                + "</td><td>" + esc(l.path("why").asText()) + "</td></tr>";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Test
    @Order(2)
    void executeFixesWhatItPlansLeavesTheAppsWriteAndRechecks() throws Exception {
        JsonNode written = faults("changed_title").get(0);
        long id = written.path("key").path("id").asLong();
        sql("UPDATE discussions_post SET title = 'written by the app' WHERE id = " + id);

        Path plan = dir.resolve("plan-execute");
        Run run = repair(plan, "--execute", "--delete-extra", "--chunk-size", "7");
        System.out.println(run.out() + run.err());
        assertEquals(ExitCode.DIFFERENCES, run.exitCode(), "some are left to a person: " + run.out() + run.err());
        assertEquals("written by the app", postTitle(id), "the app's write is not clobbered");
        JsonNode summary = JSON.readTree(plan.resolve(PlanFiles.SUMMARY).toFile());
        assertTrue(summary.path("applied").asLong() > 0, summary.toString());
        assertTrue(summary.path("skipped").toString().contains("{\\\"id\\\":" + id + "}")
                        || summary.path("skipped").toString().contains("{\"id\":" + id + "}"),
                "the app's key is reported as skipped: " + summary.path("skipped"));
        assertTrue(Files.exists(plan.resolve("recheck").resolve("summary.json")), "the recheck is written beside repair.sql");

        // verify again: no changed, extra or aggregate difference is left but the app's key.
        Path after = dir.resolve("verify-after");
        // Every entity: the repair must have changed nothing outside the rows its plan names.
        verify(after);
        List<String> remaining = new ArrayList<>();
        for (var r : TestSpark.session().read().parquet(after.resolve("differences").toString())
                .selectExpr("CAST(entity AS STRING)", "category", "key", "column").collectAsList()) {
            String category = r.getString(1);
            if (!List.of("changed", "extra_in_new", "aggregate").contains(category)) continue;
            remaining.add(r.getString(0) + " " + category + " " + r.getString(2) + " " + r.getString(3));
        }
        Map<String, Object> none = Map.of();
        assertTrue(remaining.stream().allMatch(r -> r.contains("{\"id\":" + id + "}") || leftToHuman(summary, r)),
                "differences repair should have fixed: " + remaining + none);
        // every missing comment is there again, and no count of comments differs from the rows.
        List<String> stillMissing = new ArrayList<>();
        for (var r : TestSpark.session().read().parquet(after.resolve("differences").toString())
                .selectExpr("CAST(entity AS STRING)", "category", "key", "column").collectAsList()) {
            if (r.getString(1).equals("missing_in_new")
                    || (r.getString(1).equals("aggregate") && r.getString(3).equals("post-num-comments") && !leftToHuman(summary, r.getString(0) + " " + r.getString(2)))) {
                stillMissing.add(r.getString(0) + " " + r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
            }
        }
        assertTrue(stillMissing.isEmpty(), "inserted and recounted: " + stillMissing);
        // the comment trees: rebuilt from the comments, no tree difference is left but those left to a person.
        assertTrue(summary.path("treesRebuilt").asLong() > 0 && summary.path("treeNodesWritten").asLong() > 0, summary.toString());
        List<String> trees = new ArrayList<>();
        for (var r : TestSpark.session().read().parquet(after.resolve("differences").toString())
                .selectExpr("CAST(entity AS STRING)", "category", "key", "column").collectAsList()) {
            String d = r.getString(0) + " " + r.getString(2);
            if (r.getString(1).equals("tree") && !leftToHuman(summary, d)) trees.add(d + " " + r.getString(3));
        }
        assertTrue(trees.isEmpty(), "tree differences after the rebuild: " + trees);
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            for (JsonNode f : faults("missing_in_new")) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM discussions_comment WHERE id = " + f.path("key").path("id").asLong())) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "missing comment inserted: " + f);
                }
            }
        }

        // the page: fixed, skipped (the app's key, with its column), left and resolved as the summary counts them; the recheck's verdict.
        String page = Files.readString(plan.resolve(RepairReportWriter.PAGE));
        Map<String, Map<String, Long>> counts = pageCounts(page);
        assertSameCounts(summary, counts);
        long applied = 0;
        for (Map.Entry<String, Map<String, Long>> c : counts.entrySet()) {
            if (!c.getKey().equals("all") && !c.getKey().endsWith(" tree")) applied += c.getValue().get("fixed") + c.getValue().get("failed");
        }
        assertEquals(summary.path("applied").asLong(), applied, "fixed and failed: the statements applied");
        assertEquals(0, counts.get("all").get("failed"), "each fixed key verifies equal: " + section(page, "fixed").length());
        assertEquals(summary.path("treesRebuilt").asLong(), counts.get("post tree").get("fixed"), "the tree rebuilds, their own row");
        assertEquals(summary.path("skipped").size(), counts.get("all").get("skipped: the app wrote since"));
        assertEquals(summary.path("resolved").asLong(), counts.get("all").get("resolved"));
        summary.path("leftToHuman").fields().forEachRemaining(e -> e.getValue().fields().forEachRemaining(c ->
                assertEquals(c.getValue().asLong(), counts.get(e.getKey() + " " + c.getKey()).get("left to a person"), e.getKey() + " " + c.getKey())));
        String skipped = section(page, "skipped");
        assertTrue(skipped.contains("<tr><td class=\"key\"><code>" + esc("{\"id\":" + id + "}") + "</code></td><td>title</td><td>the application wrote the row since"),
                "the app's key under skipped, with the column it wrote: " + skipped);
        assertTrue(page.contains(String.format("<b>%,d difference", summary.path("recheckDifferences").asLong()))
                && page.contains("<a href=\"recheck/report.html\">"), "the recheck's verdict and its report");
        for (JsonNode l : summary.path("left")) assertTrue(section(page, "left").contains(keyRow(l)) || summary.path("left").size() > 100, l.toString());
    }

    /** Whether the plan left this remaining difference to a person (a column the sources disagree on...). */
    private static boolean leftToHuman(JsonNode summary, String remaining) {
        for (JsonNode l : summary.path("left")) {
            if (remaining.startsWith(l.path("entity").asText() + " ") && remaining.contains(l.path("key").asText())) return true;
        }
        return false;
    }

    @Test
    @Order(3)
    void aSecondExecuteChangesNothing() throws Exception {
        // The app writes a title that means something in HTML to a key the first execute fixed.
        String hostile = "<script>alert(\"x\")</script> & 'app'";
        long written = faults("changed_title").get(2).path("key").path("id").asLong();
        sql("UPDATE discussions_post SET title = '" + hostile.replace("'", "''") + "' WHERE id = " + written);
        Path plan = dir.resolve("plan-again");
        Run run = repair(plan, "--execute", "--delete-extra");
        JsonNode summary = JSON.readTree(plan.resolve(PlanFiles.SUMMARY).toFile());
        assertEquals(0, summary.path("applied").asLong(), run.out() + run.err());

        assertEquals(hostile, postTitle(written), "the app's write is kept");
        String page = Files.readString(plan.resolve(RepairReportWriter.PAGE));
        assertSameCounts(summary, pageCounts(page));
        String skipped = section(page, "skipped");
        assertTrue(skipped.contains("<code>" + esc("{\"id\":" + written + "}") + "</code></td><td>title</td>"), skipped);
        assertTrue(skipped.contains(esc(hostile)) && !page.contains("<script>"), "the app's value, escaped: " + skipped);
    }

    @Test
    @Order(4)
    void badInputIsRefusedAndNothingIsWritten() throws Exception {
        Path notAReport = Files.createDirectories(dir.resolve("not-a-report"));
        Run run = run(sources(new ArrayList<>(List.of("repair", notAReport.toString(), "--out", dir.resolve("p1").toString()))));
        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("summary.json"), run.err());

        Path mapping = dir.resolve("other-mapping.yaml");
        try (var in = io.cutover.mapping.Mapping.class.getResourceAsStream("/io/cutover/mapping/open-discussions.yaml")) {
            Files.writeString(mapping, new String(in.readAllBytes()) + "\n# another mapping\n");
        }
        run = repair(dir.resolve("p2"), "--mapping", mapping.toString());
        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("another mapping"), run.err());

        Path older = Files.createDirectories(dir.resolve("older-report"));
        Files.createDirectories(older.resolve("differences"));
        ObjectMapper m = new ObjectMapper();
        var s = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(report.resolve("summary.json").toFile());
        s.remove("mappingDigest");
        Files.write(older.resolve("summary.json"), m.writeValueAsBytes(s));
        run = run(sources(new ArrayList<>(List.of("repair", older.toString(), "--out", dir.resolve("p3").toString()))));
        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("run cutover verify again"), run.err());

        // a fresh fault, then a plan larger than allowed: refused, the row stays as it is. The fault is a post's:
        // verifying posts alone finds it, where all entities would cost a full comparison more.
        long id = faults("changed_title").get(1).path("key").path("id").asLong();
        sql("UPDATE discussions_post SET title = 'damaged again' WHERE id = " + id);
        Path damaged = dir.resolve("verify-damaged");
        assertEquals(ExitCode.DIFFERENCES, verify(damaged, "--entity", "post").exitCode());
        run = run(sources(new ArrayList<>(List.of("repair", damaged.toString(), "--out", dir.resolve("p4").toString(),
                "--execute", "--max-fixes", "0"))));
        assertEquals(ExitCode.USAGE, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("--max-fixes"), run.err());
        assertEquals("damaged again", postTitle(id));
        assertFalse(Files.exists(dir.resolve("p4").resolve(PlanFiles.SQL)));
    }
}

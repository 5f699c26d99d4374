package io.cutover.traffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.cli.Cutover;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.outcome.CutoverException;
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
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Dual-write traffic on real tiny demo worlds in PostgreSQL, judged by verify through the command line. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrafficTest {
    private final PostgresServer pg = TestPostgres.server();
    /** Static: JUnit fills an instance field only after @BeforeAll, even per class. */
    @TempDir
    static Path dir;
    private Path properties;

    @BeforeAll
    void server() throws IOException {
        properties = dir.resolve("pg.properties");
        Files.writeString(properties, "url=jdbc:postgresql://127.0.0.1:" + pg.port() + "/\nuser=postgres\n");
    }

    private DemoSpec world(String name, long seed) {
        DemoSpec spec = DemoSpec.of(Scale.TINY, seed, 0, dir.resolve(name)).withDatabases(name + "_reddit", name + "_app").replacing();
        TemplateWorlds.copy(spec);
        return spec;
    }

    private record Run(int exitCode, String out, String err) {}

    private Run cli(String... args) {
        CommandLine cmd = Cutover.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            return new Run(cmd.execute(args), captured.toString(), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    private Run traffic(DemoSpec world, String... extra) {
        List<String> args = new ArrayList<>(List.of("traffic", "--pg-properties", properties.toString(),
                "--world", world.outputDir().toString(), "--reddit-db", world.redditDatabase(),
                "--app-db", world.appDatabase()));
        args.addAll(List.of(extra));
        return cli(args.toArray(String[]::new));
    }

    private Run verify(DemoSpec world, Path out, String... extra) {
        TestSpark.session();
        List<String> args = new ArrayList<>(List.of("verify", "--pg-properties", properties.toString(),
                "--source", "reddit=db:" + world.redditDatabase(), "--source", "mirror=db:" + world.appDatabase(),
                "--source", "votes=csv:" + world.voteExport(), "--target", "db:" + world.appDatabase(),
                "--out", out.toString(), "--buckets", "16"));
        args.addAll(List.of(extra));
        return cli(args.toArray(String[]::new));
    }

    // ---- the key test: correct dual writes leave nothing for verify to find --------------------

    @Test
    void correctDualWritesLeaveNoDifference() throws Exception {
        DemoSpec world = world("tr_clean", 31);
        long exportLines = Files.readAllLines(world.voteExport()).size();
        Run run = traffic(world, "--rate", "250", "--seconds", "2", "--seed", "5");
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("traffic: 500 of 500 writes in "), run.out());

        TrafficReport report = TrafficReport.read(world.outputDir().resolve(TrafficSpec.TRUTH_FILE));
        assertEquals(500, report.done());
        assertEquals(500, report.counts().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(List.of(), report.truth());
        for (String kind : List.of("new_post_link", "new_post_text", "new_comment_top_level", "new_comment_reply", "edit_text_post",
                "edit_text_comment", "edit_title", "vote_up", "vote_down", "unvote", "revote")) {
            assertTrue(report.counts().getOrDefault(kind, 0L) > 0, kind + " in " + report.counts());
        }
        List<String> lines = Files.readAllLines(world.voteExport());
        long appended = lines.size() - exportLines;
        assertTrue(appended > 150, appended + " vote lines appended");
        assertTrue(lines.subList((int) exportLines, lines.size()).stream().anyMatch(l -> l.split(",")[2].equals("0")), "un-votes");
        try (Connection app = pg.connect(world.appDatabase())) {
            assertTrue(count(app, "SELECT max(depth) FROM (WITH RECURSIVE t(id, depth) AS (SELECT id, 0 FROM discussions_comment"
                    + " WHERE parent_id IS NULL UNION ALL SELECT c.id, t.depth + 1 FROM discussions_comment c JOIN t ON c.parent_id = t.id)"
                    + " SELECT depth FROM t) d") >= 5, "deep threads");
        }

        Path out = dir.resolve("verify-clean");
        Run verified = verify(world, out);
        assertEquals(ExitCode.OK, verified.exitCode(), verified.out() + verified.err());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(0, summary.path("totalDifferences").asLong());

        assertTrue(lines.subList(1, (int) exportLines).stream().anyMatch(l -> l.split(",")[2].equals("0")),
                "the static export has cleared votes, and they are no difference");
    }

    // ---- lost and damaged writes: verify finds each, and nothing else ------------------------

    @Test
    void everyLostOrDamagedWriteIsReportedAndNothingElseAndAStoredZeroVoteIsOne() throws Exception {
        DemoSpec world = world("tr_lost", 32);
        TrafficSpec spec = TrafficSpec.of(world, 250, 2, 9).withLost(12).withLag(30);
        Traffic traffic = Traffic.start(pg, spec);
        TrafficReport report = traffic.awaitDone();
        assertEquals(500, report.done());
        assertTrue(report.lost() > 10 && report.damaged() > 5, report.lost() + " lost, " + report.damaged() + " damaged");
        TrafficReport file = TrafficReport.read(spec.truthFile());
        assertEquals(report.counts(), file.counts(), "the truth file holds the report");
        assertEquals(keys(report), keys(file));

        TreeSet<String> truth = new TreeSet<>();
        for (TruthEntry e : report.truth()) {
            truth.add(e.entity() + "|" + TrafficReport.keyJson(e.key()) + "|" + e.category() + "|" + e.column());
        }
        assertTrue(truth.stream().anyMatch(t -> t.contains("|missing_in_new|")), "lost rows");
        assertTrue(truth.stream().anyMatch(t -> t.contains("|extra_in_new|")), "lost un-votes");
        assertTrue(truth.stream().anyMatch(t -> t.contains("|aggregate|")), "damaged post votes");

        // A cleared vote is no vote: a 0 stored in the new tables is a difference (two more, known here).
        truth.addAll(storeZeroVotes(world, truth));

        Path out = dir.resolve("verify-lost");
        Run verified = verify(world, out);
        assertEquals(ExitCode.DIFFERENCES, verified.exitCode(), verified.err());
        TreeSet<String> found = reported(out);
        TreeSet<String> missed = new TreeSet<>(truth);
        missed.removeAll(found);
        TreeSet<String> unexplained = new TreeSet<>(found);
        unexplained.removeAll(truth);
        assertEquals(new TreeSet<>(), missed, "truth entries verify did not report");
        assertEquals(new TreeSet<>(), unexplained, "differences outside the truth file");
    }

    // ---- the same seed, the same writes -----------------------------------------------------

    @Test
    void theSameSeedMakesTheSameWrites() throws Exception {
        DemoSpec first = world("tr_seed_a", 33);
        DemoSpec second = world("tr_seed_b", 33);
        TrafficReport a = Traffic.start(pg, TrafficSpec.of(first, 400, 1, 77).withLost(5)).awaitDone();
        TrafficReport b = Traffic.start(pg, TrafficSpec.of(second, 400, 1, 77).withLost(5).withLag(10)).awaitDone();
        assertEquals(a.counts(), b.counts());
        assertEquals(withoutInstants(a), withoutInstants(b));
        assertTrue(a.lost() + a.damaged() > 0);
        assertEquals(contentWithoutInstants(first), contentWithoutInstants(second));
        assertEquals(exportWithoutDates(first), exportWithoutDates(second));
        // The id sequences follow the ids written (lost writes included), the same for the same seed.
        for (DemoSpec w : List.of(first, second)) {
            for (String db : List.of(w.redditDatabase(), w.appDatabase())) {
                assertEquals(List.of(), io.cutover.testing.IdSequences.behindTheirTable(pg, db), db);
            }
        }
        assertEquals(io.cutover.testing.IdSequences.states(pg, first.appDatabase()),
                io.cutover.testing.IdSequences.states(pg, second.appDatabase()));
        assertEquals(io.cutover.testing.IdSequences.states(pg, first.redditDatabase()),
                io.cutover.testing.IdSequences.states(pg, second.redditDatabase()));

        DemoSpec third = world("tr_seed_c", 33);
        Traffic.start(pg, TrafficSpec.of(third, 400, 1, 78).withLost(5)).awaitDone();
        assertNotEquals(contentWithoutInstants(first), contentWithoutInstants(third), "another seed, other writes");
    }

    // ---- a run others drive from Java --------------------------------------------------------

    @Test
    void aRunWritesOnItsOwnThreadsAndStopsAfterTheWritesInFlight() throws Exception {
        DemoSpec world = world("tr_stop", 35);
        long posts, links;
        try (Connection app = pg.connect(world.appDatabase()); Connection reddit = pg.connect(world.redditDatabase())) {
            posts = count(app, "SELECT count(*) FROM channels_post");
            links = count(reddit, "SELECT count(*) FROM reddit_thing_link");
        }
        Traffic traffic = Traffic.start(pg, TrafficSpec.of(world, 100, 60, 4).withLag(300));
        long waited = 0;
        while (traffic.writesDone() < 50 && waited < 30_000) {
            Thread.sleep(50);
            waited += 50;
        }
        assertTrue(!traffic.isDone() && traffic.writesDone() >= 50, "writing while the caller goes on");
        TrafficReport report = traffic.stopAndAwait();
        assertTrue(report.stoppedEarly() && report.done() < 6_000 && report.done() >= 50, report.done() + " writes");
        long newPosts = report.counts().entrySet().stream().filter(e -> e.getKey().startsWith("new_post_"))
                .mapToLong(Map.Entry::getValue).sum();
        try (Connection app = pg.connect(world.appDatabase()); Connection reddit = pg.connect(world.redditDatabase())) {
            // every write whose Reddit part was made got its app part too, lag or not
            assertEquals(links + newPosts, count(reddit, "SELECT count(*) FROM reddit_thing_link"));
            assertEquals(posts + newPosts, count(app, "SELECT count(*) FROM channels_post"));
            assertEquals(posts + newPosts, count(app, "SELECT count(*) FROM discussions_post"));
        }
        assertEquals(report.done(), TrafficReport.read(world.outputDir().resolve(TrafficSpec.TRUTH_FILE)).done());
    }

    // ---- after the cut: only the new tables -------------------------------------------------

    @Test
    void newOnlyWritesNothingToRedditOrTheMirror() throws Exception {
        DemoSpec world = world("tr_new", 34);
        // First the migration's dual writes, some failing; then the old writes are cut.
        TrafficReport dual = Traffic.start(pg, TrafficSpec.of(world, 300, 0.5, 2).withLost(20)).awaitDone();
        assertTrue(dual.truth().size() > 5);
        Map<String, String> before = digests(world);
        byte[] export = Files.readAllBytes(world.voteExport());
        TrafficReport report = Traffic.start(pg, TrafficSpec.of(world, 300, 1, 3).withPhase(Phase.NEW_ONLY)).awaitDone();
        assertEquals(300, report.done());
        // The truth file is the world's: the dual run's entries stay, and no new-only write touched their things.
        assertEquals(dual.truth().size(), report.carriedOver());
        assertEquals(keys(dual), keys(report).subList(0, dual.truth().size()));
        java.util.Set<String> earlierThings = new java.util.HashSet<>();
        for (TruthEntry e : dual.truth()) earlierThings.add(e.entity() + TrafficReport.keyJson(e.key()));
        List<TruthEntry> fresh = report.truth().subList(dual.truth().size(), report.truth().size());
        assertTrue(fresh.stream().noneMatch(e -> earlierThings.contains(e.entity() + TrafficReport.keyJson(e.key()))));
        Map<String, String> after = digests(world);
        for (String table : before.keySet()) {
            if (table.startsWith("reddit.") || table.startsWith("app.channels_")) {
                assertEquals(before.get(table), after.get(table), table + " received a write");
            }
        }
        for (String table : List.of("app.discussions_post", "app.discussions_comment", "app.discussions_postvote")) {
            assertNotEquals(before.get(table), after.get(table), table + " received no write");
        }
        assertArrayEquals(export, Files.readAllBytes(world.voteExport()), "the export got no line");
        assertTrue(fresh.size() >= 300 && fresh.stream().allMatch(e -> e.kind().equals("new_only")));
    }

    // ---- bad input ----------------------------------------------------------------------------

    @Test
    void badInputIsAUsageErrorNamingTheOption() throws Exception {
        Path notAWorld = Files.createDirectories(dir.resolve("not-a-world"));
        DemoSpec fake = DemoSpec.of(Scale.TINY, 1, 0, notAWorld).withDatabases("tr_plain_reddit", "tr_plain_app");
        assertUsage(traffic(fake, "--rate", "0"), "--rate");
        assertUsage(traffic(fake, "--rate", "-5"), "--rate");
        assertUsage(traffic(fake, "--phase", "cutover"), "--phase");
        assertUsage(traffic(fake, "--lost", "101"), "--lost");
        assertUsage(traffic(fake, "--lost", "-1"), "--lost");
        assertUsage(traffic(fake, "--phase", "new-only", "--lost", "5"), "--lost");
        assertUsage(traffic(fake), "votes-export.csv");
        // a directory that looks like a world, over databases cutover did not make
        Files.writeString(notAWorld.resolve("votes-export.csv"), "voter,thing,direction,date\n");
        try (Connection admin = pg.connect("postgres"); Statement st = admin.createStatement()) {
            for (String db : List.of("tr_plain_reddit", "tr_plain_app")) {
                st.execute("DROP DATABASE IF EXISTS " + db);
                st.execute("CREATE DATABASE " + db);
            }
        }
        assertUsage(traffic(fake), "--reddit-db tr_plain_reddit: not a database cutover demo created");
        assertUsage(cli("traffic", "--pg-url", "jdbc:postgresql://10.11.12.13:5432/", "--world", notAWorld.toString()), "loopback");
        CutoverException e = assertThrows(CutoverException.class, () -> TrafficSpec.of(fake, 0, 1, 1));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    private static void assertUsage(Run run, String names) {
        assertEquals(ExitCode.USAGE, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains(names), "the error names " + names + ": " + run.err());
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * Stores direction 0 in the new tables twice: a row for a cleared vote of the static export
     * (the old side has no vote: extra_in_new), and an existing down-vote set to 0 (changed).
     */
    private TreeSet<String> storeZeroVotes(DemoSpec world, TreeSet<String> truth) throws Exception {
        List<String> lines = Files.readAllLines(world.voteExport());
        TreeSet<String> expected = new TreeSet<>();
        try (Connection app = pg.connect(world.appDatabase()); Statement st = app.createStatement()) {
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (!f[2].equals("0")) continue;
                boolean post = f[1].startsWith("t3_");
                String entity = post ? "postvote" : "commentvote", thingColumn = post ? "post_id" : "comment_id";
                long thing = io.cutover.mapping.Fullname.parse(f[1]).id();
                long voter = count(app, "SELECT id FROM auth_user WHERE username = '" + f[0] + "'");
                String key = entity + "|{\"" + thingColumn + "\":" + thing + ",\"voter_id\":\"" + f[0] + "\"}";
                if (truth.stream().anyMatch(t -> t.startsWith(key + "|")) || count(app, "SELECT count(*) FROM discussions_" + entity
                        + " WHERE " + thingColumn + " = " + thing + " AND voter_id = " + voter) > 0) {
                    continue;   // voted on again, or a failed write's: not this test's
                }
                st.executeUpdate("INSERT INTO discussions_" + entity + " (id, created_on, updated_on, " + thingColumn
                        + ", voter_id, direction) SELECT max(id) + 1, now(), now(), " + thing + ", " + voter + ", 0 FROM discussions_" + entity);
                expected.add(key + "|extra_in_new|null");
                break;
            }
            try (ResultSet rs = st.executeQuery("SELECT v.post_id, v.voter_id, u.username FROM discussions_postvote v"
                    + " JOIN auth_user u ON u.id = v.voter_id WHERE v.direction = -1 ORDER BY v.id")) {
                while (rs.next() && expected.size() < 2) {
                    String key = "postvote|{\"post_id\":" + rs.getLong(1) + ",\"voter_id\":\"" + rs.getString(3) + "\"}";
                    if (truth.stream().anyMatch(t -> t.startsWith(key + "|"))) continue;
                    try (Statement up = app.createStatement()) {
                        up.executeUpdate("UPDATE discussions_postvote SET direction = 0 WHERE post_id = " + rs.getLong(1)
                                + " AND voter_id = " + rs.getLong(2));
                    }
                    expected.add(key + "|changed|direction");
                }
            }
        }
        assertEquals(2, expected.size(), "a cleared vote and a down-vote to store as 0: " + expected);
        return expected;
    }

    /** What verify reported: "entity|key|category|column". */
    private static TreeSet<String> reported(Path report) {
        TreeSet<String> out = new TreeSet<>();
        // An inherited check hit (the demo's old data drifts too) is shown, but is no difference.
        for (Row r : TestSpark.session().read().parquet(report.resolve("differences").toString()).where("category <> 'inherited'")
                .selectExpr("CAST(entity AS STRING)", "key", "category", "column").collectAsList()) {
            out.add(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3));
        }
        return out;
    }

    private static List<String> keys(TrafficReport r) {
        return r.truth().stream().map(e -> e.entity() + "|" + TrafficReport.keyJson(e.key()) + "|" + e.column() + "|" + e.when()).toList();
    }

    private static List<String> withoutInstants(TrafficReport r) {
        return r.truth().stream().map(e -> e.entity() + "|" + e.key() + "|" + e.column() + "|" + e.category() + "|" + e.kind()
                + "|" + e.operation()).toList();
    }

    /** Every table's rows with the instants (and the pickled edit times) left out. */
    private Map<String, String> contentWithoutInstants(DemoSpec world) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        String[][] queries = {
            {world.redditDatabase(), "SELECT thing_id, ups, downs, deleted, spam FROM reddit_thing_link"},
            {world.redditDatabase(), "SELECT thing_id, ups, downs, deleted, spam FROM reddit_thing_comment"},
            {world.redditDatabase(), "SELECT thing_id, key, CASE WHEN kind = 'pickle' THEN kind ELSE value END FROM reddit_data_link"},
            {world.redditDatabase(), "SELECT thing_id, key, CASE WHEN kind = 'pickle' THEN kind ELSE value END FROM reddit_data_comment"},
            {world.appDatabase(), "SELECT id, post_id, title, text, preview_text, url, score, num_comments, edited, removed, deleted FROM channels_post"},
            {world.appDatabase(), "SELECT id, post_id, comment_id, parent_id, text, score, edited, removed, deleted FROM channels_comment"},
            {world.appDatabase(), "SELECT id, channel_id, title, text, url, plain_text, score, num_comments, edited, removed, deleted FROM discussions_post"},
            {world.appDatabase(), "SELECT id, post_id, parent_id, text, score, edited, removed, deleted FROM discussions_comment"},
            {world.appDatabase(), "SELECT id, post_id, voter_id, direction FROM discussions_postvote"},
            {world.appDatabase(), "SELECT id, comment_id, voter_id, direction FROM discussions_commentvote"},
            {world.appDatabase(), "SELECT id, post_id, content FROM channels_article"},
        };
        for (String[] q : queries) {
            try (Connection c = pg.connect(q[0]); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                         + " FROM (" + q[1] + ") t")) {
                rs.next();
                out.put(q[1], rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> exportWithoutDates(DemoSpec world) throws IOException {
        return Files.readAllLines(world.voteExport()).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    private Map<String, String> digests(DemoSpec world) throws SQLException {
        return io.cutover.testing.TableDigests.of(pg, Map.of("reddit", world.redditDatabase(), "app", world.appDatabase()));
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

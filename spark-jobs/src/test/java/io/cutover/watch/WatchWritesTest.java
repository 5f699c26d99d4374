package io.cutover.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.cutover.traffic.TrafficSpec;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The proof that the old writes stopped, on a real tiny demo world: watch-writes while traffic
 * plays (dual writes, then new-only), a statistics reset in the window, and snapshot diffs of
 * the old tables around quiet and busy windows.
 *
 * <p>Every window ends with {@link WatchSpec#FLUSH_WAIT} of waiting for late statistics, so the
 * two one-window scenarios start as soon as the class does, each on databases of its own (a reset
 * or a scratch table would be a write in another scenario's window), and wait out their windows
 * while the long scenario runs; their tests check what they saw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchWritesTest {
    private static final String SCRATCH_DATABASE = "ww_scratch";
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;
    private Path properties;
    private DemoSpec world;
    private final ExecutorService scenarios = Executors.newCachedThreadPool();
    private Future<Run> statisticsReset;
    private Future<Run> scratchTables;

    @BeforeAll
    void worldsAndTheOneWindowScenarios() throws Exception {
        properties = dir.resolve("pg.properties");
        Files.writeString(properties, "url=jdbc:postgresql://127.0.0.1:" + pg.port() + "/\nuser=postgres\n");
        world = DemoSpec.of(Scale.TINY, 41, 0, dir.resolve("w")).withDatabases("ww_reddit", "ww_app").replacing();
        TemplateWorlds.copy(world);
        DemoSpec resetWorld = DemoSpec.of(Scale.TINY, 43, 0, dir.resolve("reset")).withDatabases("ww_reset_reddit", "ww_reset_app")
                .replacing();
        TemplateWorlds.copy(resetWorld);
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + SCRATCH_DATABASE);
            st.execute("CREATE DATABASE " + SCRATCH_DATABASE);
        }
        statisticsReset = scenarios.submit(() -> statisticsResetInTheWindow(resetWorld));
        scratchTables = scenarios.submit(this::scratchTablesTruncatedCreatedAndDroppedInTheWindow);
    }

    @AfterAll
    void scenariosEnded() throws InterruptedException {
        scenarios.shutdown();
        // A test run alone leaves the other scenarios running: they end within one window.
        scenarios.awaitTermination(2, TimeUnit.MINUTES);
    }

    private record Run(int exitCode, String out, String err) {}

    private Run cli(String... args) {
        return cli(new CountDownLatch(1), args);
    }

    /** Runs a command; {@code watching} opens once watch-writes has taken its first sample. */
    private Run cli(CountDownLatch watching, String... args) {
        CommandLine cmd = Cutover.commandLine();
        StringWriter out = new StringWriter() {
            @Override
            public void write(String str, int off, int len) {
                super.write(str, off, len);
                if (toString().contains("watch-writes: watching ")) watching.countDown();
            }
        };
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        Run run;
        try {
            run = new Run(cmd.execute(args), out.toString(), err.toString());
        } finally {
            watching.countDown(); // a run that failed before its first sample frees its waiter
        }
        System.out.println("$ cutover " + args[0] + (args.length > 1 && !args[1].startsWith("-") ? " " + args[1] : "") + " -> exit "
                + run.exitCode() + "\n" + run.out() + run.err());
        return run;
    }

    /** watch-writes in the background, returned once its first sample is taken: writes from then on are in its window. */
    private CompletableFuture<Run> watch(String window, String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of("watch-writes", "--pg-properties", properties.toString(), "--for", window));
        all.addAll(List.of(args));
        CountDownLatch watching = new CountDownLatch(1);
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> cli(watching, all.toArray(String[]::new)), scenarios);
        assertTrue(watching.await(2, TimeUnit.MINUTES), "watch-writes never took its first sample");
        return run;
    }

    private CompletableFuture<Run> watch(String window, DemoSpec world) throws InterruptedException {
        return watch(window, "--progress", "1s", "--database", "reddit=" + world.redditDatabase(),
                "--database", "app=" + world.appDatabase());
    }

    private Run snapshot(String id) {
        TestSpark.session();
        return cli("snapshot", "--pg-properties", properties.toString(), "-o", dir.resolve("snap").toString(), "--id", id,
                "-d", world.redditDatabase() + ":reddit_thing_link", "-d", world.appDatabase() + ":channels_post,auth_user");
    }

    private Run diff(String a, String b, String... extra) {
        List<String> args = new ArrayList<>(List.of("snapshot", "diff", dir.resolve("snap").resolve(a).toString(),
                dir.resolve("snap").resolve(b).toString()));
        args.addAll(List.of(extra));
        return cli(args.toArray(String[]::new));
    }

    @Test
    void newOnlyTrafficIsQuietAndDualTrafficIsNamedAndTheSnapshotsAroundSayTheSame() throws Exception {
        assertEquals(0, snapshot("a").exitCode());

        CompletableFuture<Run> quiet = watch("3s", world);
        Traffic.start(pg, TrafficSpec.of(world, 200, 1.5, 7).withPhase(Phase.NEW_ONLY)).awaitDone();
        Run q = quiet.get();
        assertEquals(ExitCode.OK, q.exitCode(), q.out() + q.err());
        assertTrue(q.out().contains("watch-writes: quiet: no writes to "), q.out());
        assertTrue(q.out().contains(" / 3s, "), "progress lines: " + q.out());

        assertEquals(0, snapshot("b").exitCode());
        Run equal = diff("a", "b");
        assertEquals(ExitCode.OK, equal.exitCode(), equal.out() + equal.err());
        assertTrue(equal.out().contains("snapshot diff: a and b are equal"), equal.out());

        CompletableFuture<Run> busy = watch("3s", world);
        Traffic.start(pg, TrafficSpec.of(world, 200, 1.5, 8)).awaitDone();
        Run w = busy.get();
        assertEquals(ExitCode.DIFFERENCES, w.exitCode(), w.out() + w.err());
        String named = w.out().lines().filter(l -> l.startsWith("watch-writes: WRITTEN: ")).findFirst().orElse("");
        assertTrue(named.contains(world.redditDatabase() + ".public.reddit_thing_link"), w.out());
        assertTrue(named.contains(world.appDatabase() + ".public.channels_post"), w.out());
        assertFalse(w.out().contains("discussions_"), "new tables are not watched: " + w.out());
        assertTrue(w.out().contains("rows carry an xmin newer than the window's start"), w.out());

        assertEquals(0, snapshot("c").exitCode());
        Run changed = diff("b", "c");
        assertEquals(ExitCode.DIFFERENCES, changed.exitCode(), changed.out() + changed.err());
        assertTrue(changed.out().contains(world.redditDatabase() + ".public.reddit_thing_link: rows "), changed.out());
        assertTrue(changed.out().contains(world.appDatabase() + ".public.channels_post"), changed.out());

        Run rows = diff("b", "c", "--rows", "--limit", "3");
        assertEquals(ExitCode.DIFFERENCES, rows.exitCode(), rows.out() + rows.err());
        assertTrue(rows.out().contains(world.appDatabase() + ".public.channels_post (key id): "), rows.out());
        assertTrue(rows.out().lines().anyMatch(l -> l.matches("  added \\{\"id\":\\d+}")), rows.out());
        assertTrue(rows.out().lines().anyMatch(l -> l.startsWith("  ... and ")), "capped lists: " + rows.out());
    }

    private Run statisticsResetInTheWindow(DemoSpec world) throws Exception {
        CompletableFuture<Run> watching = watch("3s", world);
        try (Connection c = pg.connect(world.redditDatabase()); Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_reset()");
        }
        return watching.get();
    }

    @Test
    void aStatisticsResetInTheWindowIsUnknownNotQuiet() throws Exception {
        Run r = statisticsReset.get(2, TimeUnit.MINUTES);
        assertEquals(ExitCode.DIFFERENCES, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("watch-writes: UNKNOWN (statistics reset"), r.out());
        assertTrue(r.out().contains("UNKNOWN: the database's statistics were reset"), r.out());
    }

    private Run scratchTablesTruncatedCreatedAndDroppedInTheWindow() throws Exception {
        try (Connection c = pg.connect(SCRATCH_DATABASE); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ww_scratch_a AS SELECT g AS id FROM generate_series(1, 5) g");
            st.execute("CREATE TABLE ww_scratch_c (id int)");
        }
        CompletableFuture<Run> watching = watch("3s", "--database", SCRATCH_DATABASE, "--tables", "ww_scratch_*");
        try (Connection c = pg.connect(SCRATCH_DATABASE); Statement st = c.createStatement()) {
            st.execute("TRUNCATE ww_scratch_a");
            st.execute("CREATE TABLE ww_scratch_b (id int)");
            st.execute("DROP TABLE ww_scratch_c");
        }
        return watching.get();
    }

    @Test
    void aTableTruncatedCreatedOrDroppedInTheWindowIsReported() throws Exception {
        Run r = scratchTables.get(2, TimeUnit.MINUTES);
        assertEquals(ExitCode.DIFFERENCES, r.exitCode(), r.out() + r.err());
        String app = SCRATCH_DATABASE + ".public.";
        assertTrue(r.out().contains(app + "ww_scratch_a: 0 inserted, 0 updated, 0 deleted; rewritten (TRUNCATE"), r.out());
        assertTrue(r.out().contains(app + "ww_scratch_b: 0 inserted, 0 updated, 0 deleted; created during the window"), r.out());
        assertTrue(r.out().contains(app + "ww_scratch_c: 0 inserted, 0 updated, 0 deleted; dropped during the window"), r.out());
        assertTrue(r.out().contains("watch-writes: WRITTEN: 3 of 3 tables"), r.out());
    }

    @Test
    void aDirectoryThatIsNoCommittedSnapshotIsABadArgument() throws Exception {
        Path notSnapshot = Files.createDirectories(dir.resolve("snap").resolve("half"));
        Files.createDirectories(dir.resolve("snap").resolve("other"));
        Run r = diff("half", "other");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(notSnapshot.toString()), r.err());
    }
}

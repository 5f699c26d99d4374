package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.cli.VerifyCommand;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import io.cutover.traffic.Traffic;
import io.cutover.traffic.TrafficReport;
import io.cutover.traffic.TrafficSpec;
import io.cutover.traffic.TruthEntry;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify against a world that `cutover traffic` keeps writing to, judged by the traffic's truth
 * file: the settle pass tells writes in flight from lost ones, and a --since window misses no
 * lost write made inside it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveVerifyTest {
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;

    @BeforeAll
    void spark() {
        TestSpark.session();
    }

    private DemoSpec world(String name, long seed) {
        DemoSpec spec = DemoSpec.of(Scale.TINY, seed, 0, dir.resolve(name)).withDatabases(name + "_reddit", name + "_app").replacing();
        TemplateWorlds.copy(spec);
        return spec;
    }

    @Test
    void everyWriteLostBeforeVerifyStartedIsPersistentAndNothingPersistentIsOutsideTheTruth() throws Exception {
        DemoSpec world = world("lv_settle", 41);
        TrafficSpec writes = TrafficSpec.of(world, 100, 120, 17).withLost(0.5).withLag(50);
        Traffic traffic = Traffic.start(pg, writes, new PrintStream(new ByteArrayOutputStream()));
        // Enough writes before verify starts that some are lost (0.5% of them), then verify runs while
        // they go on; the traffic stops when the settle pass announces its second read.
        while (traffic.writesDone() < 700 && !traffic.isDone()) Thread.sleep(100);
        Instant verifyStarted = Instant.now();
        TrafficReport[] stopped = new TrafficReport[1];
        Console console = new Console(line -> {
            if (line.startsWith("settle:") && stopped[0] == null) stopped[0] = traffic.stopAndAwait();
        });
        Path out = dir.resolve("settle-report");
        int exit;
        try {
            exit = VerifyCommand.run(spec(world, out, null, Duration.ofSeconds(2)), console.stream());
        } finally {
            if (stopped[0] == null) stopped[0] = traffic.stopAndAwait();
        }
        TrafficReport report = stopped[0];
        TreeSet<String> lostBefore = new TreeSet<>();
        TreeSet<String> truth = new TreeSet<>();
        for (TruthEntry e : report.truth()) {
            truth.add(entry(e.entity(), TrafficReport.keyJson(e.key())));
            if (Instant.parse(e.when()).isBefore(verifyStarted)) lostBefore.add(entry(e.entity(), TrafficReport.keyJson(e.key())));
        }
        assertTrue(lostBefore.size() >= 2, "writes lost before verify started: " + lostBefore + "\n" + console.text());

        TreeSet<String> persistent = differences(out, "persistent");
        TreeSet<String> missed = new TreeSet<>(lostBefore);
        missed.removeAll(persistent);
        assertEquals(new TreeSet<>(), missed, "lost writes not reported persistent\n" + console.text());
        TreeSet<String> outside = new TreeSet<>(persistent);
        outside.removeAll(truth);
        assertEquals(new TreeSet<>(), outside, "persistent differences outside the truth file\n" + console.text());
        assertEquals(ExitCode.DIFFERENCES, exit, console.text());
        assertTrue(console.text().contains("persistent, "), console.text());
    }

    @Test
    void aWindowMissesNoWriteLostInsideItAndHoldsNothingElse() throws Exception {
        DemoSpec world = world("lv_since", 42);
        // Writes lost before the window opens are real differences, but not the window's.
        TrafficReport before = Traffic.start(pg, TrafficSpec.of(world, 300, 1, 3).withLost(10),
                new PrintStream(new ByteArrayOutputStream())).awaitDone();
        Thread.sleep(50);
        Instant opened = Instant.now();
        TrafficReport inside = Traffic.start(pg, TrafficSpec.of(world, 300, 1.5, 4).withLost(10),
                new PrintStream(new ByteArrayOutputStream())).awaitDone();
        TreeSet<String> truth = new TreeSet<>();
        for (TruthEntry e : inside.truth()) {
            if (Instant.parse(e.when()).isBefore(opened) || e.category().equals("aggregate")) continue;
            truth.add(entry(e.entity(), TrafficReport.keyJson(e.key())) + "|" + e.category() + "|" + e.column());
        }
        assertTrue(truth.size() >= 10 && before.truth().size() >= 10, truth.size() + " lost inside, " + before.truth().size() + " before");

        Console console = new Console(line -> { });
        Path out = dir.resolve("since-report");
        int exit = VerifyCommand.run(spec(world, out, opened, null), console.stream());
        assertEquals(ExitCode.DIFFERENCES, exit, console.text());
        TreeSet<String> found = new TreeSet<>();
        for (Row r : TestSpark.session().read().parquet(out.resolve("differences").toString()).where("category <> 'inherited'")
                .selectExpr("CAST(entity AS STRING)", "key", "category", "column").collectAsList()) {
            found.add(entry(r.getString(0), r.getString(1)) + "|" + r.getString(2) + "|" + r.getString(3));
        }
        TreeSet<String> missed = new TreeSet<>(truth);
        missed.removeAll(found);
        assertEquals(new TreeSet<>(), missed, "writes lost inside the window that it missed\n" + console.text());
        TreeSet<String> outside = new TreeSet<>(found);
        outside.removeAll(truth);
        assertEquals(new TreeSet<>(), outside, "differences that no write lost inside the window explains\n" + console.text());
    }

    private VerifySpec spec(DemoSpec world, Path out, Instant since, Duration settle) {
        Map<String, SourceLocation> sources = new LinkedHashMap<>();
        sources.put("reddit", new SourceLocation.Database(pg, world.redditDatabase()));
        sources.put("mirror", new SourceLocation.Database(pg, world.appDatabase()));
        sources.put("votes", new SourceLocation.CsvFile(world.voteExport()));
        return new VerifySpec(Mapping.shipped(), sources, new SourceLocation.Database(pg, world.appDatabase()), List.of(),
                since, null, io.cutover.storage.Location.local(out), 0, 64, 3, true, true, settle);
    }

    private static String entry(String entity, String keyJson) {
        return entity + "|" + keyJson;
    }

    /** The (entity, key) of every difference with this settle label. */
    private static TreeSet<String> differences(Path report, String label) {
        TreeSet<String> out = new TreeSet<>();
        for (Row r : TestSpark.session().read().parquet(report.resolve("differences").toString())
                .where("settled = '" + label + "'").selectExpr("CAST(entity AS STRING)", "key").collectAsList()) {
            out.add(entry(r.getString(0), r.getString(1)));
        }
        return out;
    }

    /** A console that keeps what verify prints and hands each line to a hook, on verify's own thread. */
    private static final class Console {
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private final PrintStream stream;

        Console(Consumer<String> onLine) {
            stream = new PrintStream(new OutputStream() {
                private final ByteArrayOutputStream line = new ByteArrayOutputStream();

                @Override
                public synchronized void write(int b) {
                    seen.write(b);
                    if (b != '\n') {
                        line.write(b);
                        return;
                    }
                    onLine.accept(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                }
            }, true, StandardCharsets.UTF_8);
        }

        PrintStream stream() {
            return stream;
        }

        String text() {
            return seen.toString(StandardCharsets.UTF_8);
        }
    }
}

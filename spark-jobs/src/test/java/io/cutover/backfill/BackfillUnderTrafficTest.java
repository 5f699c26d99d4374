package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.cli.VerifyCommand;
import io.cutover.demo.NewTables;
import io.cutover.testing.TestSpark;
import io.cutover.traffic.DualWrites;
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
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The silo order under the app's traffic, on a tiny world at the posts stage (new comments,
 * votes and trees empty): {@code cutover traffic} dual-writes channels, posts and comments at
 * 100 writes/s while the comments are backfilled, then verify with a settle pass. With no write
 * lost, the comments show no persistent difference; with 1% lost, only the truth file's, and all of
 * them but those lost while the backfill ran (which its re-read may make good). Every
 * comment the app wrote while the backfill ran ends as the app wrote it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillUnderTrafficTest {
    /** The columns the app's comment writes set, alike in the mirror and the new table (the score is Reddit's in the mirror). */
    private static final List<String> APP_COLUMNS = List.of("text", "edited", "removed", "deleted", "created_on", "updated_on");
    /** Chunks of 100 rows: the tiny world's comments take several chunks, each re-read under the traffic. */
    private static final BackfillOptions SMALL_CHUNKS = BackfillOptions.DEFAULT
            .withChunkSizer(new ChunkSizer(100, 100, 100, Duration.ofMillis(500)));

    @TempDir
    static Path dir;

    @BeforeAll
    void spark() {
        TestSpark.session();
    }

    @Test
    void commentsBackfilledWhileTheAppDualWritesThemVerifyWithoutAPersistentDifference() {
        Outcome o = backfillUnderTraffic("bft_clean", 31, 0);
        assertEquals(new TreeSet<>(), o.persistent, "persistent comment differences with no write lost\n" + o.console);
        assertTrue(o.truth.isEmpty(), o.truth.toString());
    }

    @Test
    void withOnePercentLostThePersistentDifferencesAreExactlyTheTruthFilesComments() {
        Outcome o = backfillUnderTraffic("bft_lost", 32, 1);
        assertFalse(o.persistent.isEmpty(), "no lost comment write stayed lost: the run proves nothing\n" + o.console);
        TreeSet<String> unexplained = new TreeSet<>(o.persistent);
        unexplained.removeAll(o.truth);
        assertEquals(new TreeSet<>(), unexplained, "persistent comment differences the truth file does not name\n" + o.console);
        // A write lost while the backfill ran may be made good by it: the app's UPDATE of the new row was lost, the old
        // row changed, and the chunk's re-read brought the new row to the old one (or the chunk was read after the write).
        // Any other lost write stays a difference.
        TreeSet<String> notFound = new TreeSet<>(o.truth);
        notFound.removeAll(o.persistent);
        notFound.removeAll(o.lostDuringBackfill);
        assertEquals(new TreeSet<>(), notFound, "lost comment writes verify did not find (lost during the backfill: "
                + o.lostDuringBackfill + ")\n" + o.console);
    }

    /**
     * What one run left: the comment keys verify found persistent, those the truth file names (and of them those whose
     * write was lost while the backfill ran), and what verify printed.
     */
    private record Outcome(TreeSet<String> persistent, TreeSet<String> truth, TreeSet<String> lostDuringBackfill, String console) {}

    private Outcome backfillUnderTraffic(String name, long seed, double lostPercent) {
        SiloWorld world = SiloWorld.generate(dir, name, seed, NewTables.POSTS);
        assertEquals("0", world.one("SELECT count(*) FROM discussions_comment"));
        TrafficSpec writes = TrafficSpec.of(world.spec(), 100, 120, seed).withLost(lostPercent)
                .withDualWrites(DualWrites.parse("channel,post,comment"));
        Traffic traffic = Traffic.start(world.pg(), writes, new PrintStream(OutputStream.nullOutputStream()));
        Console console = new Console(line -> { });
        Instant backfillStarted, backfillEnded;
        BackfillSummary comments;
        TrafficReport report;
        try {
            awaitWrites(traffic, 50);
            backfillStarted = Instant.now();
            List<BackfillSummary> s = new BackfillRun(TestSpark.session(), world.backfill(List.of("comment"), SMALL_CHUNKS),
                    console.stream).run();
            backfillEnded = Instant.now();
            comments = s.get(0);
            // A few writes after the backfill too, then the traffic stops: the run stays a few seconds of traffic.
            awaitWrites(traffic, traffic.writesDone() + 50);
        } finally {
            report = traffic.stopAndAwait();
        }
        int exit = VerifyCommand.run(world.verify(dir.resolve(name + "-report"), List.of("comment"), Duration.ofSeconds(1)),
                console.stream);
        String printed = console.text() + "\nexit " + exit + ", traffic " + report.counts();
        assertTrue(comments.written() > 0 && comments.chunks() > 2, comments.line());
        assertEquals(0, comments.failed(), comments.line());

        // Every comment the app wrote while the backfill ran (the mirror's updated_on is set by each app write)
        // ends with the app's values; a lost write is the truth file's.
        TreeSet<String> truth = new TreeSet<>();
        TreeSet<String> lostDuringBackfill = new TreeSet<>();
        for (TruthEntry e : report.truth()) {
            if (!e.entity().equals("comment")) continue;
            String key = "comment|" + TrafficReport.keyJson(e.key());
            truth.add(key);
            Instant when = Instant.parse(e.when());
            if (!when.isBefore(backfillStarted) && !when.isAfter(backfillEnded)) lostDuringBackfill.add(key);
        }
        String during = "o.updated_on BETWEEN '" + backfillStarted + "' AND '" + backfillEnded + "'";
        List<String> written = world.rows("SELECT o.comment_id, o.created_on < '" + backfillStarted + "' FROM channels_comment o WHERE "
                + during + " ORDER BY 1");
        assertTrue(written.size() >= 5, "the traffic wrote few comments during the backfill: " + written + "\n" + printed);
        assertTrue(written.stream().anyMatch(r -> r.endsWith("|t")), "no comment older than the backfill was edited during it\n"
                + written + "\n" + printed);
        StringBuilder differs = new StringBuilder("(");
        for (String c : APP_COLUMNS) differs.append(differs.length() > 1 ? " OR " : "").append("n.").append(c)
                .append(" IS DISTINCT FROM o.").append(c);
        differs.append(")");
        List<String> notTheApps = world.rows("SELECT o.comment_id, n.id IS NULL FROM channels_comment o LEFT JOIN discussions_comment n"
                + " ON n.id = o.comment_id WHERE " + during + " AND (n.id IS NULL OR " + differs + ") ORDER BY 1");
        TreeSet<String> unexplained = new TreeSet<>();
        for (String r : notTheApps) {
            String key = "comment|{\"id\":" + r.substring(0, r.indexOf('|')) + "}";
            if (!truth.contains(key)) unexplained.add(r);
        }
        assertEquals(new TreeSet<>(), unexplained, "comments written during the backfill whose new row is not the app's write\n" + printed);

        TreeSet<String> persistent = new TreeSet<>();
        StringBuilder details = new StringBuilder();
        for (Row r : TestSpark.session().read().parquet(dir.resolve(name + "-report").resolve("differences").toString())
                .where("settled = 'persistent' AND CAST(entity AS STRING) = 'comment' AND category <> 'tree'")
                .selectExpr("CAST(entity AS STRING)", "key", "CAST(source AS STRING)", "category", "column", "old_value", "new_value")
                .collectAsList()) {
            persistent.add(r.getString(0) + "|" + r.getString(1));
            details.append("\n  ").append(r.mkString(" | "));
        }
        return new Outcome(persistent, truth, lostDuringBackfill, printed + "\npersistent:" + details + "\ntruth: " + report.truth());
    }

    private static void awaitWrites(Traffic traffic, long writes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (traffic.writesDone() < writes && !traffic.isDone() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertTrue(traffic.writesDone() >= writes, "the traffic made " + traffic.writesDone() + " writes, not " + writes);
    }

    /** A console that keeps what is printed and hands each line to a hook. */
    private static final class Console {
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        final PrintStream stream;

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

        synchronized String text() {
            return seen.toString(StandardCharsets.UTF_8);
        }
    }
}

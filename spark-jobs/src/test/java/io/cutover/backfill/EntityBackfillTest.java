package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** An entity's whole run: chunks, checkpoint, restart, a finished entity, refusals, pacing and its account. */
class EntityBackfillTest {
    private final TargetDatabase db = new TargetDatabase();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private static final BackfillOptions SMALL_CHUNKS = BackfillOptions.DEFAULT
            .withChunkSizer(new ChunkSizer(10, 10, 10, Duration.ofMillis(500)));

    private BackfillJob job(String digest, long expected) {
        return new BackfillJob("comment", Rows.COMMENTS, digest, "run-" + System.nanoTime(), expected);
    }

    private EntityBackfill open(String digest, BackfillOptions options) {
        return EntityBackfill.open(db.server, db.name, job(digest, 100), options, out);
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** Rows 1..n that stop the run (as a kill would) once {@code stopAfter} rows have been taken. */
    private static Iterator<Object[]> stoppingAfter(List<Object[]> rows, int stopAfter) {
        Iterator<Object[]> it = rows.iterator();
        return new Iterator<>() {
            int taken;

            @Override
            public boolean hasNext() {
                if (taken == stopAfter) throw new IllegalStateException("killed");
                return it.hasNext();
            }

            @Override
            public Object[] next() {
                taken++;
                return it.next();
            }
        };
    }

    @Test
    void aStoppedRunRestartedWithTheSameArgumentsContinuesAfterTheLastChunkAndAFinishedOneWritesNothing() {
        db.execute("INSERT INTO discussions_comment (id, created_on, updated_on, post_id, text, score) "
                + "VALUES (33, now(), now(), 100, 'the app''s comment', 0)");
        List<Object[]> rows = Rows.comments(1, 45);
        try (EntityBackfill b = open("sha256:m", SMALL_CHUNKS)) {
            assertFalse(b.resumePoint().started());
            assertThrows(IllegalStateException.class, () -> b.load(stoppingAfter(rows, 25), ConcurrentEdits.NONE));
        }
        // Two chunks of ten committed; the third was never written.
        assertEquals("{20}|20|0", db.one("SELECT last_key, rows_written, rows_skipped FROM cutover_backfill"));
        assertEquals("21", db.one("SELECT count(*) FROM discussions_comment"));

        try (EntityBackfill b = open("sha256:m", SMALL_CHUNKS)) {
            assertEquals(List.of("20"), b.resumePoint().lastKey());
            // The row builder may hand over all rows again: those at or before the checkpoint are passed over.
            BackfillSummary s = b.load(rows.iterator(), ConcurrentEdits.NONE);
            assertEquals(24, s.written());
            assertEquals(1, s.skipped());
            assertEquals(3, s.chunks());
        }
        assertTrue(printed().contains("backfill comment: resuming after [id] = [20]"), printed());
        assertTrue(printed().contains("comment -> discussions_comment: 24 rows written, 1 skipped as already present, "
                + "0 re-read after a concurrent write, 0 failed; 3 chunks in"), printed());
        assertEquals(List.of("45|1"), db.rows("SELECT count(*), count(*) FILTER (WHERE text = 'the app''s comment') FROM discussions_comment"));
        assertEquals("{45}|44|1|t", db.one("SELECT last_key, rows_written, rows_skipped, finished_at IS NOT NULL FROM cutover_backfill"));

        try (EntityBackfill b = open("sha256:m", SMALL_CHUNKS)) {
            assertTrue(b.resumePoint().finished());
            BackfillSummary again = b.load(Rows.comments(1, 50).iterator(), ConcurrentEdits.NONE);
            assertEquals(0, again.written());
            assertTrue(again.alreadyFinished());
        }
        assertEquals("45", db.one("SELECT count(*) FROM discussions_comment"));
    }

    @Test
    void aCheckpointOfAnotherMappingIsRefusedBeforeAnythingIsWritten() {
        try (EntityBackfill b = open("sha256:old", SMALL_CHUNKS)) {
            b.load(stoppingAfter(Rows.comments(1, 30), 15), ConcurrentEdits.NONE);
        } catch (IllegalStateException killed) {
            // stopped after one chunk
        }
        CutoverException e = assertThrows(CutoverException.class, () -> open("sha256:new", SMALL_CHUNKS));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("backfill of comment: the checkpoint in cutover_backfill was written with another "
                + "mapping (digest sha256:old"), e.getMessage());
        assertEquals("10", db.one("SELECT count(*) FROM discussions_comment"));
    }

    @Test
    void aSecondRunOfTheSameEntityAtOnceIsRefused() {
        try (EntityBackfill first = open("sha256:m", SMALL_CHUNKS)) {
            CutoverException e = assertThrows(CutoverException.class, () -> open("sha256:m", SMALL_CHUNKS));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("another backfill of this entity is running"), e.getMessage());
        }
        open("sha256:m", SMALL_CHUNKS).close(); // the first run let go of the entity when it closed
    }

    @Test
    void rowsOutOfKeyOrderFailTheRunNamingTheKeys() {
        List<Object[]> rows = Rows.comments(1, 5);
        rows.add(Rows.comment(3, "again"));
        try (EntityBackfill b = open("sha256:m", SMALL_CHUNKS)) {
            CutoverException e = assertThrows(CutoverException.class, () -> b.load(rows.iterator(), ConcurrentEdits.NONE));
            assertEquals(ExitCode.FAILURE, e.exitCode());
            assertTrue(e.getMessage().contains("rows out of key order (3 after 5)"), e.getMessage());
        }
        assertEquals("0", db.one("SELECT count(*) FROM discussions_comment"));
    }

    @Test
    void aChunkKilledMidTransactionLeavesNeitherRowsNorCountsAndTheRestartCompletesIt() throws Exception {
        BackfillOptions slowLocks = SMALL_CHUNKS.withLockTimeout(Duration.ofSeconds(30));
        try (Connection app = db.connect()) {
            try (EntityBackfill b = open("sha256:m", slowLocks)) {
                CompletableFuture<Void> killer = new CompletableFuture<>();
                // Once the first chunk is in (its re-read runs before the next chunk), the app locks the table;
                // the second chunk then waits inside its transaction, and its server process is killed there, as
                // a SIGKILL of the run would end it.
                ConcurrentEdits lockAfterFirstChunk = chunk -> {
                    if (chunk.lastKey()[0].equals(10L)) {
                        try {
                            app.setAutoCommit(false);
                            app.createStatement().execute("LOCK TABLE discussions_comment IN SHARE MODE");
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                        CompletableFuture.runAsync(() -> {
                            try (Connection admin = db.connect(); Statement st = admin.createStatement()) {
                                String pid;
                                while ((pid = waitingBackend()) == null) Thread.sleep(20);
                                st.execute("SELECT pg_terminate_backend(" + pid + ")");
                                killer.complete(null);
                            } catch (Exception e) {
                                killer.completeExceptionally(e);
                            }
                        });
                    }
                    return List.of();
                };
                CutoverException e = assertThrows(CutoverException.class,
                        () -> b.load(Rows.comments(1, 25).iterator(), lockAfterFirstChunk));
                killer.get();
                assertEquals(ExitCode.FAILURE, e.exitCode());
                assertTrue(e.getMessage().contains("chunk id 11..20 (10 rows) failed and was rolled back"), e.getMessage());
            } finally {
                app.rollback();
            }
        }
        assertEquals("10|{10}|10", db.one("SELECT (SELECT count(*) FROM discussions_comment), last_key, rows_written FROM cutover_backfill"));
        try (EntityBackfill b = open("sha256:m", SMALL_CHUNKS)) {
            assertEquals(15, b.load(Rows.comments(1, 25).iterator(), ConcurrentEdits.NONE).written());
        }
        assertEquals("25|25", db.one("SELECT count(*), count(DISTINCT id) FROM discussions_comment"));
    }

    /** The backfill's server process while it waits for a lock in the test database, or null. */
    private String waitingBackend() {
        List<String> pids = db.rows("SELECT pid FROM pg_stat_activity WHERE datname = '" + db.name
                + "' AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO \"discussions_comment\"%'");
        return pids.isEmpty() ? null : pids.get(0);
    }

    @Test
    void chunkSizesGrowTowardTheTargetTimeAndTheRunReportsProgressAndItsAccount() {
        BackfillOptions options = BackfillOptions.DEFAULT
                .withChunkSizer(new ChunkSizer(10, 10, 5_000, Duration.ofMillis(500)));
        BackfillSummary s;
        try (EntityBackfill b = EntityBackfill.open(db.server, db.name, job("sha256:m", 2_000), options, out)) {
            s = b.load(Rows.comments(1, 2_000).iterator(), ConcurrentEdits.NONE);
        }
        assertEquals(2_000, s.written());
        // Chunks far quicker than half a second double: 10, 20, 40, ... reach 2,000 rows in 8 chunks, not 200.
        assertTrue(s.chunks() < 20, "chunks: " + s.chunks());
        assertTrue(printed().contains("  backfill comment: 2,000 / 2,000 (100%)"), printed());
    }

    @Test
    void theRereadOfEachChunkIsCountedInTheAccount() {
        BackfillSummary s;
        try (EntityBackfill b = open("sha256:m", SMALL_CHUNKS)) {
            // A row builder whose re-read finds comment 5 and 15 edited by the app meanwhile.
            s = b.load(Rows.comments(1, 20).iterator(), chunk -> chunk.rows().stream()
                    .filter(r -> (long) r[0] % 10 == 5)
                    .map(r -> new Reread(r, Rows.comment((long) r[0], "edited")))
                    .toList());
        }
        assertEquals(2, s.reread());
        assertEquals(List.of("5|edited", "15|edited"), db.rows("SELECT id, text FROM discussions_comment WHERE text = 'edited' ORDER BY id"));
        assertEquals("{20}|2", db.one("SELECT reread_key, rows_reread FROM cutover_backfill"));
        assertTrue(printed().contains("20 rows written, 0 skipped as already present, 2 re-read after a concurrent write"), printed());
    }

    @Test
    void aFailedReReadKeepsItsCommittedChunkAndTheNextRunWarnsThatTheChunkWasNotReRead() {
        try (EntityBackfill b = open("sha256:m", SMALL_CHUNKS)) {
            // The re-read hands back a row the target refuses (text is NOT NULL): the compare-and-set fails.
            CutoverException e = assertThrows(CutoverException.class, () -> b.load(Rows.comments(1, 20).iterator(),
                    chunk -> List.of(new Reread(chunk.rows().get(0), Rows.comment((long) chunk.rows().get(0)[0], null)))));
            assertEquals(ExitCode.FAILURE, e.exitCode());
            assertTrue(e.getMessage().contains("the re-read of chunk id 1..10 after concurrent writes failed and was rolled back "
                    + "(the chunk itself is written"), e.getMessage());
        }
        assertEquals("10|{10}|null|10", db.one("SELECT (SELECT count(*) FROM discussions_comment), last_key, reread_key, rows_written "
                + "FROM cutover_backfill"));
        assertTrue(printed().contains("comment -> discussions_comment: 10 rows written, 0 skipped as already present, 0 re-read "
                + "after a concurrent write, 0 failed; 1 chunk in"), printed());
        try (EntityBackfill b = open("sha256:m", SMALL_CHUNKS)) {
            assertTrue(b.resumePoint().rereadPending());
            assertEquals(10, b.load(Rows.comments(1, 20).iterator(), ConcurrentEdits.NONE).written());
        }
        assertTrue(printed().contains("backfill comment: warning: the last run stopped after committing the chunk ending at [10] "
                + "and before re-reading it"), printed());
    }

    @Test
    void pausesWhileTheQueryHoldsAndSaysSo() throws Exception {
        db.execute("CREATE TABLE replica_lag (behind boolean)", "INSERT INTO replica_lag VALUES (true)");
        BackfillOptions options = new BackfillOptions(0, Duration.ofSeconds(2), "SELECT behind FROM replica_lag",
                Duration.ofMillis(100), new ChunkSizer(10, 10, 10, Duration.ofMillis(500)), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Pacing.SYSTEM);
        try (EntityBackfill b = EntityBackfill.open(db.server, db.name, job("sha256:m", 20), options, out)) {
            CompletableFuture<BackfillSummary> run = CompletableFuture.supplyAsync(
                    () -> b.load(Rows.comments(1, 20).iterator(), ConcurrentEdits.NONE));
            Thread.sleep(600);
            assertEquals("0", db.one("SELECT count(*) FROM discussions_comment"));
            db.execute("UPDATE replica_lag SET behind = false");
            assertEquals(20, run.get().written());
        }
        assertTrue(printed().contains("  backfill comment: paused, --pause-while is true; asking again every 100 ms"), printed());
        assertTrue(printed().contains("  backfill comment: resumed after"), printed());
    }

    @Test
    void aPauseQueryThatIsNotOneBooleanIsAUsageError() {
        CutoverException e = assertThrows(CutoverException.class,
                () -> open("sha256:m", SMALL_CHUNKS.withPauseWhile("SELECT 1, 2")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("--pause-while must return a single boolean column"), e.getMessage());
        CutoverException broken = assertThrows(CutoverException.class,
                () -> open("sha256:m", SMALL_CHUNKS.withPauseWhile("SELECT lag FROM nowhere")));
        assertEquals(ExitCode.USAGE, broken.exitCode());
    }
}

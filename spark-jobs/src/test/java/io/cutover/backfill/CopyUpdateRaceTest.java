package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The copy/update race of every online copy (github/gh-ost#1113), played step by step against a
 * real PostgreSQL: the backfill reads the old rows at T0, the app edits an old row and runs its
 * UPDATE (or DELETE) on the new table, the backfill writes the T0 value, re-reads the rows that
 * changed, and compare-and-sets. The final new row is always the app's.
 */
class CopyUpdateRaceTest {
    private final TargetDatabase db = new TargetDatabase();

    /**
     * The backfill's two writing steps for the comments on one connection, sharing run-1's checkpoint: the chunk's
     * insert and the compare-and-set of the rows re-read, which waits at most {@code casLockTimeout} for the app's locks.
     */
    private record CommentBackfill(ChunkWriter writer, CompareAndSet cas) {
        static CommentBackfill open(Connection backfill, Duration casLockTimeout) throws SQLException {
            BackfillCheckpoint checkpoint = new BackfillCheckpoint("comment", "discussions_comment", "sha256:m", "run-1");
            checkpoint.open(backfill);
            return new CommentBackfill(new ChunkWriter(backfill, "comment", Rows.COMMENTS, Duration.ofSeconds(2), checkpoint),
                    new CompareAndSet(backfill, "comment", Rows.COMMENTS, casLockTimeout, checkpoint));
        }
    }

    /** The test's row builder: the mirror's comments 1..5 in the new table's shape, as of the connection's snapshot. */
    private static List<Object[]> readComments(Connection c) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT comment_id, created_on, updated_on, "
                + "100::bigint, coalesce(text, ''), coalesce(score, 0)::int FROM channels_comment ORDER BY comment_id")) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getObject(3, OffsetDateTime.class),
                        rs.getLong(4), rs.getString(5), rs.getInt(6)});
            }
        }
        return rows;
    }

    /** The re-read: the chunk's rows whose old row's updated_on moved since it was read (every app write sets it). */
    private ConcurrentEdits rereadFromMirror() {
        return chunk -> {
            try (Connection c = db.connect()) {
                List<Object[]> now = readComments(c);
                List<Reread> changed = new ArrayList<>();
                for (Object[] written : chunk.rows()) {
                    for (Object[] current : now) {
                        if (current[0].equals(written[0]) && !Objects.equals(current[2], written[2])) {
                            changed.add(new Reread(written, current));
                        }
                    }
                }
                return changed;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** The app's dual write: the old row, then the new row, in one transaction; returns the new rows it updated. */
    private int appEdits(long commentId, String text) throws SQLException {
        try (Connection app = db.connect()) {
            app.setAutoCommit(false);
            try (PreparedStatement old = app.prepareStatement("UPDATE channels_comment SET text = ?, "
                    + "updated_on = clock_timestamp() WHERE comment_id = ?");
                 PreparedStatement neu = app.prepareStatement("UPDATE discussions_comment n SET text = o.text, "
                         + "updated_on = o.updated_on FROM channels_comment o WHERE o.comment_id = ? AND n.id = o.comment_id")) {
                old.setString(1, text);
                old.setLong(2, commentId);
                assertEquals(1, old.executeUpdate());
                neu.setLong(1, commentId);
                int updated = neu.executeUpdate();
                app.commit();
                return updated;
            }
        }
    }

    /** The app's dual write of comment 3, left open: returns the new rows its UPDATE found. */
    private static int appStartsEditing(Connection app, String text) throws SQLException {
        app.setAutoCommit(false);
        try (Statement st = app.createStatement()) {
            st.executeUpdate("UPDATE channels_comment SET text = '" + text + "', updated_on = clock_timestamp() WHERE comment_id = 3");
            return st.executeUpdate("UPDATE discussions_comment n SET text = o.text, updated_on = o.updated_on "
                    + "FROM channels_comment o WHERE o.comment_id = 3 AND n.id = o.comment_id");
        }
    }

    private static CompletableFuture<Integer> awaitAppWriters(InFlightAppWrites inFlight) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return inFlight.awaitWritersOf(Rows.COMMENTS);
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void seedMirror() {
        db.execute("INSERT INTO channels_comment (id, created_on, updated_on, post_id, comment_id, text, score) "
                + "SELECT i, '2020-01-01 00:00+00', '2020-01-01 00:00+00', 1, i, 'v0', 0 FROM generate_series(1, 5) i");
    }

    private String comment3() {
        return db.one("SELECT n.text, n.updated_on = o.updated_on FROM discussions_comment n JOIN channels_comment o "
                + "ON o.comment_id = n.id WHERE n.id = 3");
    }

    @Test
    void anEditBeforeTheChunkIsWrittenIsReReadAndCompareAndSetToTheAppsValue() throws SQLException {
        seedMirror();
        try (Connection backfill = db.connect(); Connection snapshot = db.connect()) {
            CommentBackfill steps = CommentBackfill.open(backfill, Duration.ofSeconds(2));
            ChunkWriter writer = steps.writer();
            CompareAndSet cas = steps.cas();

            // T0: the backfill reads the old rows in its snapshot.
            snapshot.setAutoCommit(false);
            snapshot.createStatement().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            Chunk chunk = Rows.chunk(readComments(snapshot));
            snapshot.commit();
            // T1: the app edits comment 3; its UPDATE of the new table finds no row yet.
            assertEquals(0, appEdits(3, "the app's edit"));
            // T2: the backfill writes the T0 value: the stale row the race leaves without a re-read.
            assertEquals(5, writer.write(chunk).inserted());
            assertEquals("v0|f", comment3());
            // T3: the re-read finds comment 3 changed; the compare-and-set brings it to the app's value.
            List<Reread> rereads = rereadFromMirror().changedSince(chunk);
            assertEquals(1, rereads.size());
            assertEquals(new CompareAndSet.Result(1, 0), cas.apply(chunk, rereads));
        }
        assertEquals("the app's edit|t", comment3());
        assertEquals(List.of("v0"), db.rows("SELECT DISTINCT text FROM discussions_comment WHERE id <> 3"));
        assertEquals("{5}|{5}|5|1", db.one("SELECT last_key, reread_key, rows_written, rows_reread FROM cutover_backfill"));
    }

    @Test
    void anEditAfterTheChunkIsWrittenIsTheAppsAndTheCompareAndSetNeverClobbersIt() throws SQLException {
        seedMirror();
        try (Connection backfill = db.connect()) {
            CommentBackfill steps = CommentBackfill.open(backfill, Duration.ofSeconds(2));
            ChunkWriter writer = steps.writer();
            CompareAndSet cas = steps.cas();

            Chunk chunk = Rows.chunk(readComments(backfill));
            assertEquals(5, writer.write(chunk).inserted());
            // The app edits comment 3 after the insert: its UPDATE finds the backfill's row.
            assertEquals(1, appEdits(3, "first edit"));
            List<Reread> rereads = rereadFromMirror().changedSince(chunk);
            assertEquals("first edit", rereads.get(0).current()[4]);
            // And again between the re-read and the compare-and-set: the re-read value is already stale.
            assertEquals(1, appEdits(3, "second edit"));
            assertEquals(new CompareAndSet.Result(0, 1), cas.apply(chunk, rereads));
        }
        assertEquals("second edit|t", comment3());
        assertEquals("{5}|0", db.one("SELECT reread_key, rows_reread FROM cutover_backfill"));
    }

    /** The app's dual write of a vote on a comment: the old row's score, then the new row's, in one transaction. */
    private int appVotes(long commentId, int score) throws SQLException {
        try (Connection app = db.connect()) {
            app.setAutoCommit(false);
            try (PreparedStatement old = app.prepareStatement("UPDATE channels_comment SET score = ?, "
                    + "updated_on = clock_timestamp() WHERE comment_id = ?");
                 PreparedStatement neu = app.prepareStatement("UPDATE discussions_comment n SET score = o.score, "
                         + "updated_on = o.updated_on FROM channels_comment o WHERE o.comment_id = ? AND n.id = o.comment_id")) {
                old.setInt(1, score);
                old.setLong(2, commentId);
                assertEquals(1, old.executeUpdate());
                neu.setLong(1, commentId);
                int updated = neu.executeUpdate();
                app.commit();
                return updated;
            }
        }
    }

    @Test
    void twoAppWritesStraddlingTheChunksCommitKeepTheLaterOnesColumnsAndBringTheEarlierOnesUpToDate() throws SQLException {
        seedMirror();
        try (Connection backfill = db.connect(); Connection snapshot = db.connect()) {
            CommentBackfill steps = CommentBackfill.open(backfill, Duration.ofSeconds(2));
            ChunkWriter writer = steps.writer();
            CompareAndSet cas = steps.cas();

            snapshot.setAutoCommit(false);
            snapshot.createStatement().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            Chunk chunk = Rows.chunk(readComments(snapshot));
            snapshot.commit();
            // T1: a vote on comment 3; its UPDATE of the new table finds no row yet.
            assertEquals(0, appVotes(3, 5));
            // T2: the backfill writes the T0 row (score 0).
            assertEquals(5, writer.write(chunk).inserted());
            // T3: a text edit of comment 3 finds the backfill's row and writes its own columns.
            assertEquals(1, appEdits(3, "edited after the copy"));
            // T4: the re-read; the row no longer holds what the backfill wrote (the edit's text), its score still does.
            List<Reread> rereads = rereadFromMirror().changedSince(chunk);
            assertEquals(1, rereads.size());
            assertEquals(new CompareAndSet.Result(1, 0), cas.apply(chunk, rereads));
        }
        // The vote's score is brought up; the edit's text and time stay the app's.
        assertEquals("edited after the copy|t|5", db.one("SELECT n.text, n.updated_on = o.updated_on, n.score "
                + "FROM discussions_comment n JOIN channels_comment o ON o.comment_id = n.id WHERE n.id = 3"));
    }

    /** A vote found no new row; the chunk wrote the score read before it (0); the re-read saw the vote (5). */
    private List<Reread> aVoteMissedByTheChunk(Connection backfill, Connection snapshot, ChunkWriter writer, Chunk[] chunk)
            throws SQLException {
        snapshot.setAutoCommit(false);
        snapshot.createStatement().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        chunk[0] = Rows.chunk(readComments(snapshot));
        snapshot.commit();
        assertEquals(0, appVotes(3, 5));
        assertEquals(5, writer.write(chunk[0]).inserted());
        List<Reread> seen = rereadFromMirror().changedSince(chunk[0]);
        assertEquals(5, seen.get(0).current()[5]);
        return seen;
    }

    @Test
    void aVoteAndItsUndoBetweenTheReReadAndTheCompareAndSetAreNotUndone() throws SQLException {
        seedMirror();
        try (Connection backfill = db.connect(); Connection snapshot = db.connect()) {
            CommentBackfill steps = CommentBackfill.open(backfill, Duration.ofSeconds(10));
            ChunkWriter writer = steps.writer();
            CompareAndSet cas = steps.cas();
            Chunk[] chunk = new Chunk[1];
            List<Reread> seen = aVoteMissedByTheChunk(backfill, snapshot, writer, chunk);
            // The undo finds the row and stores 0 again: the score column holds what the backfill wrote, so its
            // guard alone would let the re-read's 5 through. Read again under the row's lock, the 0 stands.
            assertEquals(1, appVotes(3, 0));
            cas.applyLocked(chunk[0], seen, rereadFromMirror());
        }
        assertEquals("0|t", db.one("SELECT n.score, n.updated_on = o.updated_on FROM discussions_comment n "
                + "JOIN channels_comment o ON o.comment_id = n.id WHERE n.id = 3"));
    }

    @Test
    void anAppWriteToARowBeingComparedAndSetWaitsForItAndThenStands() throws Exception {
        seedMirror();
        try (Connection backfill = db.connect(); Connection snapshot = db.connect()) {
            CommentBackfill steps = CommentBackfill.open(backfill, Duration.ofSeconds(10));
            ChunkWriter writer = steps.writer();
            CompareAndSet cas = steps.cas();
            Chunk[] chunk = new Chunk[1];
            List<Reread> seen = aVoteMissedByTheChunk(backfill, snapshot, writer, chunk);
            CompletableFuture<Integer> during = new CompletableFuture<>();
            ConcurrentEdits readAgainWhileAVoteWaits = c -> {
                during.completeAsync(() -> {
                    try {
                        return appVotes(3, 7);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                assertFalse(during.isDone(), "the app's write to a locked row must wait for the compare-and-set");
                return rereadFromMirror().changedSince(c);
            };
            assertEquals(new CompareAndSet.Result(1, 0), cas.applyLocked(chunk[0], seen, readAgainWhileAVoteWaits));
            assertEquals(1, during.get(30, TimeUnit.SECONDS));
        }
        assertEquals("7|t", db.one("SELECT n.score, n.updated_on = o.updated_on FROM discussions_comment n "
                + "JOIN channels_comment o ON o.comment_id = n.id WHERE n.id = 3"));
    }

    @Test
    void aRowTheAppHoldsIsNeverWaitedForButTriedAgainUntilTheAppCommits() throws Exception {
        seedMirror();
        try (Connection backfill = db.connect(); Connection snapshot = db.connect(); Connection app = db.connect()) {
            CommentBackfill steps = CommentBackfill.open(backfill, Duration.ofSeconds(20));
            ChunkWriter writer = steps.writer();
            CompareAndSet cas = steps.cas();
            Chunk[] chunk = new Chunk[1];
            List<Reread> seen = aVoteMissedByTheChunk(backfill, snapshot, writer, chunk);
            // The app's transaction edits the row and holds it (in its own lock order, which could close a deadlock).
            assertEquals(1, appStartsEditing(app, "held"));
            CompletableFuture<CompareAndSet.Result> applied = CompletableFuture.supplyAsync(
                    () -> cas.applyLocked(chunk[0], seen, rereadFromMirror()));
            Thread.sleep(500);
            assertFalse(applied.isDone(), "the row is the app's until it commits");
            assertEquals("0", db.one("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    + "WHERE NOT l.granted AND a.query LIKE '%FOR UPDATE%'"), "the backfill waits in no lock queue");
            app.commit();
            CompareAndSet.Result result = applied.get(30, TimeUnit.SECONDS);
            assertEquals(0, result.unlocked());
        }
        // The vote's score brought up under the lock; the edit's text and time, committed first, stay the app's.
        assertEquals("held|5|t", db.one("SELECT n.text, n.score, n.updated_on = o.updated_on FROM discussions_comment n "
                + "JOIN channels_comment o ON o.comment_id = n.id WHERE n.id = 3"));
    }

    @Test
    void anAppTransactionThatFoundNoRowBeforeTheChunkCommittedIsWaitedForAndThenReRead() throws Exception {
        seedMirror();
        try (Connection backfill = db.connect(); Connection app = db.connect()) {
            CommentBackfill steps = CommentBackfill.open(backfill, Duration.ofSeconds(2));
            ChunkWriter writer = steps.writer();
            CompareAndSet cas = steps.cas();

            Chunk chunk = Rows.chunk(readComments(backfill));
            // The app's transaction has written the old row and updated no new row, and has not committed.
            assertEquals(0, appStartsEditing(app, "late commit"));
            assertEquals(5, writer.write(chunk).inserted());
            // A re-read right after the chunk's commit cannot see the change yet: the window this closes.
            assertEquals(List.of(), rereadFromMirror().changedSince(chunk));
            CompletableFuture<Integer> waited = awaitAppWriters(new InFlightAppWrites(backfill, Duration.ofSeconds(60), Pacing.SYSTEM));
            Thread.sleep(300);
            assertFalse(waited.isDone(), "the re-read must wait for the app's open transaction on the table");
            app.commit();
            assertEquals(0, waited.get(30, TimeUnit.SECONDS));
            List<Reread> rereads = rereadFromMirror().changedSince(chunk);
            assertEquals(1, rereads.size());
            assertEquals(new CompareAndSet.Result(1, 0), cas.apply(chunk, rereads));
        }
        assertEquals("late commit|t", comment3());
    }

    @Test
    void readersAreNeverWaitedForAndAnAppTransactionOpenPastThePatienceIsCountedNotWaitedForForever() throws Exception {
        seedMirror();
        try (Connection backfill = db.connect(); Connection reader = db.connect(); Connection app = db.connect()) {
            reader.setAutoCommit(false);
            reader.createStatement().executeQuery("SELECT count(*) FROM discussions_comment").close();
            InFlightAppWrites inFlight = new InFlightAppWrites(backfill, Duration.ofMillis(200), Pacing.SYSTEM);
            assertEquals(0, inFlight.awaitWritersOf(Rows.COMMENTS));
            assertEquals(0, appStartsEditing(app, "never committed"));
            long start = System.nanoTime();
            assertEquals(1, inFlight.awaitWritersOf(Rows.COMMENTS));
            assertTrue((System.nanoTime() - start) / 1e9 < 10);
            app.rollback();
            reader.rollback();
        }
    }

    @Test
    void aKeyReReadTwiceInOneChunkIsRefusedBeforeAnythingIsUpdated() throws SQLException {
        seedMirror();
        try (Connection backfill = db.connect()) {
            CommentBackfill steps = CommentBackfill.open(backfill, Duration.ofSeconds(2));
            ChunkWriter writer = steps.writer();
            CompareAndSet cas = steps.cas();
            Chunk chunk = Rows.chunk(Rows.comments(1, 3));
            writer.write(chunk);
            Object[] written = chunk.rows().get(1);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> cas.apply(chunk, List.of(new Reread(written, Rows.comment(2, "one")), new Reread(written, Rows.comment(2, "two")))));
            assertTrue(e.getMessage().contains("key 2 is re-read twice in chunk id 1..3"), e.getMessage());
        }
        assertEquals("c2", db.one("SELECT text FROM discussions_comment WHERE id = 2"));
        assertEquals("null", db.one("SELECT reread_key FROM cutover_backfill"));
    }

    private static final TargetTable VOTES = TargetTable.of(TargetDatabase.CATALOG, "discussions_postvote",
            List.of("post_id", "voter_id"), List.of("post_id", "voter_id", "direction", "created_on", "updated_on"));

    private static Object[] vote(long post, int voter, int direction) {
        return new Object[] {post, voter, (short) direction, Rows.T0, Rows.T0};
    }

    @Test
    void aVoteClearedWhileItsChunkWasCopiedIsRemovedOnlyIfItStillHoldsWhatTheBackfillWrote() throws SQLException {
        try (Connection backfill = db.connect()) {
            BackfillCheckpoint checkpoint = new BackfillCheckpoint("postvote", "discussions_postvote", "sha256:m", "run-1");
            checkpoint.open(backfill);
            ChunkWriter writer = new ChunkWriter(backfill, "postvote", VOTES, Duration.ofSeconds(2), checkpoint);
            CompareAndSet cas = new CompareAndSet(backfill, "postvote", VOTES, Duration.ofSeconds(2), checkpoint);

            // T0: votes (10, 1), (10, 2), (11, 1) read as up votes.
            Chunk chunk = new Chunk(VOTES, List.of(vote(10, 1, 1), vote(10, 2, 1), vote(11, 1, 1)));
            // The app clears (10, 1) before the chunk is written: its DELETE on the new table finds nothing.
            db.execute("DELETE FROM discussions_postvote WHERE post_id = 10 AND voter_id = 1");
            assertEquals(3, writer.write(chunk).inserted());
            // After the insert, voter 2 clears (10, 2) and votes down again: the app's row now holds -1.
            db.execute("UPDATE discussions_postvote SET direction = -1, updated_on = now() WHERE post_id = 10 AND voter_id = 2");
            // The re-read saw both votes cleared (the second one before its re-vote).
            List<Reread> rereads = List.of(new Reread(chunk.rows().get(0), null), new Reread(chunk.rows().get(1), null));
            assertEquals(new CompareAndSet.Result(1, 1), cas.apply(chunk, rereads));
        }
        assertEquals(List.of("10|2|-1", "11|1|1"),
                db.rows("SELECT post_id, voter_id, direction FROM discussions_postvote ORDER BY post_id, voter_id"));
    }
}

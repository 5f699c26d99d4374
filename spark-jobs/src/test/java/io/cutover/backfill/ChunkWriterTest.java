package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chunk transaction against a real PostgreSQL: what it inserts, what it leaves alone, what a failure leaves behind. */
class ChunkWriterTest {
    private final TargetDatabase db = new TargetDatabase();

    private ChunkWriter writer(Connection c, TargetTable target, Duration lockTimeout) {
        BackfillCheckpoint checkpoint = new BackfillCheckpoint("comment", target.table(), "sha256:m", "run-1");
        checkpoint.open(c);
        return new ChunkWriter(c, "comment", target, lockTimeout, checkpoint);
    }

    @Test
    void insertsMissingRowsAndNeverTouchesARowTheAppWrote() {
        db.execute("INSERT INTO discussions_comment (id, created_on, updated_on, post_id, text, score) "
                + "VALUES (2, now(), now(), 100, 'the app''s edit', 7)");
        try (Connection c = db.connect()) {
            ChunkWriter writer = writer(c, Rows.COMMENTS, Duration.ofSeconds(2));
            ChunkResult result = writer.write(Rows.chunk(Rows.comments(1, 3)));
            assertEquals(3, result.rows());
            assertEquals(2, result.inserted());
            assertEquals(1, result.skipped());
            // Rows that carry the id need no filter: ON CONFLICT alone skips a present key.
            assertTrue(writer.insertSql().endsWith("FROM \"cutover_stage_discussions_comment\" s ON CONFLICT (\"id\") DO NOTHING"),
                    writer.insertSql());
            // The same chunk again: everything is present, nothing changes.
            ChunkResult again = writer.write(Rows.chunk(Rows.comments(1, 3)));
            assertEquals(0, again.inserted());
            assertEquals(3, again.skipped());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(List.of("1|c1|0", "2|the app's edit|7", "3|c3|0"), db.rows("SELECT id, text, score FROM discussions_comment ORDER BY id"));
        assertEquals("{3}|2|4|0", db.one("SELECT last_key, rows_written, rows_skipped, rows_reread FROM cutover_backfill"));
    }

    @Test
    void aRenumberedSurrogateComesFromTheTargetsIdentityAndTheNaturalKeyIsTheConflictTarget() {
        db.execute("INSERT INTO discussions_channel (name, created_on, updated_on, title, channel_type, allowed_post_types, "
                + "membership_is_managed, public_description) VALUES ('beta', now(), now(), 'The app''s Beta', 'public', 3, false, '')");
        List<String> columns = List.of("name", "created_on", "updated_on", "title", "channel_type", "allowed_post_types",
                "membership_is_managed", "public_description", "about");
        TargetTable channels = TargetTable.of(TargetDatabase.CATALOG, "discussions_channel", List.of("name"), columns);
        List<Object[]> rows = new ArrayList<>();
        for (String name : List.of("alpha", "beta", "gamma")) {
            rows.add(new Object[] {name, Rows.T0, Rows.T0, "Title\tof " + name + "\nback\\slash", "public", 7L, true,
                    "", "{\"blurb\": \"\\u00e9t\\u00e9 \\\\ \\\"q\\\"\"}"});
        }
        try (Connection c = db.connect()) {
            ChunkWriter writer = writer(c, channels, Duration.ofSeconds(2));
            assertTrue(writer.insertSql().contains("WHERE NOT EXISTS (SELECT 1 FROM \"discussions_channel\" t WHERE t.\"name\" = s.\"name\")"),
                    writer.insertSql());
            ChunkResult result = writer.write(new Chunk(channels, rows));
            assertEquals(2, result.inserted());
            assertEquals(1, result.skipped());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        // 1 and 2, then 3: the skipped row drew no id from the identity.
        assertEquals(List.of("1|beta|The app's Beta", "2|alpha|Title\tof alpha\nback\\slash", "3|gamma|Title\tof gamma\nback\\slash"),
                db.rows("SELECT id, name, title FROM discussions_channel ORDER BY id"));
        assertEquals("{\"blurb\": \"été \\\\ \\\"q\\\"\"}|2020-01-02 03:04:05+00|t|7",
                db.one("SELECT about, created_on, membership_is_managed, allowed_post_types FROM discussions_channel WHERE name = 'gamma'"));
    }

    @Test
    void javaValuesArriveAsTheColumnsOwnTypesRead() {
        db.execute("CREATE TABLE typed (k bigint PRIMARY KEY, d numeric(12,3), day date, at timestamptz, bytes bytea, f double precision, s smallint)");
        TargetTable typed = new TargetTable("typed", List.of("k"), List.of("k", "d", "day", "at", "bytes", "f", "s"));
        List<Object[]> rows = List.of(
                new Object[] {1L, new BigDecimal("12345.678"), LocalDate.of(1999, 12, 31), Instant.parse("2021-06-01T10:11:12.345678Z"),
                        new byte[] {0, (byte) 0xff, 0x10}, 0.1, (short) -3},
                new Object[] {2, null, null, null, null, Double.NaN, null});
        try (Connection c = db.connect()) {
            writer(c, typed, Duration.ofSeconds(2)).write(new Chunk(typed, rows));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(List.of("1|12345.678|1999-12-31|2021-06-01 10:11:12.345678+00|\\x00ff10|0.1|-3", "2|null|null|null|null|NaN|null"),
                db.rows("SELECT * FROM typed ORDER BY k"));
    }

    @Test
    void sparkRowsGoInAsTheyAre() {
        db.execute("CREATE TABLE from_spark (k integer PRIMARY KEY, at timestamptz, day date, n numeric(5,2), b smallint, s text)");
        TargetTable target = new TargetTable("from_spark", List.of("k"), List.of("k", "at", "day", "n", "b", "s"));
        List<org.apache.spark.sql.Row> rows = List.of(
                org.apache.spark.sql.RowFactory.create(1, java.sql.Timestamp.from(Instant.parse("2021-06-01T10:11:12.5Z")),
                        java.sql.Date.valueOf("2020-02-29"), new BigDecimal("1.50"), (byte) 7, "x"),
                org.apache.spark.sql.RowFactory.create(2, null, null, null, null, null));
        List<Object[]> values = new ArrayList<>();
        SparkRowValues.of(rows.iterator()).forEachRemaining(values::add);
        try (Connection c = db.connect()) {
            writer(c, target, Duration.ofSeconds(2)).write(new Chunk(target, values));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(List.of("1|2021-06-01 10:11:12.5+00|2020-02-29|1.50|7|x", "2|null|null|null|null|null"),
                db.rows("SELECT * FROM from_spark ORDER BY k"));
    }

    @Test
    void aFailingRowRollsBackItsWholeChunkAndOnlyThatChunk() {
        try (Connection c = db.connect()) {
            ChunkWriter writer = writer(c, Rows.COMMENTS, Duration.ofSeconds(2));
            writer.write(Rows.chunk(Rows.comments(1, 3)));
            List<Object[]> bad = Rows.comments(4, 6);
            bad.set(1, Rows.comment(5, null)); // text is NOT NULL in the new table
            CutoverException e = assertThrows(CutoverException.class, () -> writer.write(Rows.chunk(bad)));
            assertEquals(ExitCode.FAILURE, e.exitCode());
            assertTrue(e.getMessage().contains("backfill of comment: chunk id 4..6 (3 rows) failed and was rolled back"), e.getMessage());
            assertTrue(e.getMessage().contains("23502"), e.getMessage());
            // The connection is usable again: the next chunk goes in.
            assertEquals(3, writer.write(Rows.chunk(Rows.comments(7, 9))).inserted());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(List.of("1", "2", "3", "7", "8", "9"), db.rows("SELECT id FROM discussions_comment ORDER BY id"));
        assertEquals("{9}|6|0", db.one("SELECT last_key, rows_written, rows_skipped FROM cutover_backfill"));
    }

    @Test
    void aLockTheAppHoldsLongerThanTheLockTimeoutFailsTheChunkInsteadOfQueueingBehindIt() throws Exception {
        try (Connection app = db.connect(); Connection c = db.connect()) {
            ChunkWriter writer = writer(c, Rows.COMMENTS, Duration.ofMillis(300));
            app.setAutoCommit(false);
            try (Statement st = app.createStatement()) {
                st.execute("LOCK TABLE discussions_comment IN SHARE MODE");
            }
            long start = System.nanoTime();
            CutoverException e = assertThrows(CutoverException.class, () -> writer.write(Rows.chunk(Rows.comments(1, 3))));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(ExitCode.FAILURE, e.exitCode());
            assertTrue(e.getMessage().contains("chunk id 1..3"), e.getMessage());
            assertTrue(e.getMessage().contains("lock_timeout of 300 ms"), e.getMessage());
            assertTrue(seconds < 5, "waited " + seconds + " s");
            app.rollback();
            assertEquals(3, writer.write(Rows.chunk(Rows.comments(1, 3))).inserted());
        }
        assertEquals("{3}|3", db.one("SELECT last_key, rows_written FROM cutover_backfill"));
    }

    @Test
    void aKeyWithoutAUniqueIndexIsAConfigurationErrorBeforeAnythingIsWritten() {
        TargetTable byPost = TargetTable.of(TargetDatabase.CATALOG, "discussions_comment", List.of("post_id"), Rows.COMMENT_COLUMNS);
        try (Connection c = db.connect()) {
            CutoverException e = assertThrows(CutoverException.class, () -> writer(c, byPost, Duration.ofSeconds(1)));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("discussions_comment has no unique index or key on (post_id)"), e.getMessage());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertEquals("0", db.one("SELECT count(*) FROM discussions_comment"));
    }

    @Test
    void aTargetTableOrColumnTheCatalogDoesNotKnowIsAConfigurationError() {
        CutoverException table = assertThrows(CutoverException.class,
                () -> TargetTable.of(TargetDatabase.CATALOG, "discussions_reply", List.of("id"), List.of("id")));
        assertEquals(ExitCode.USAGE, table.exitCode());
        CutoverException column = assertThrows(CutoverException.class,
                () -> TargetTable.of(TargetDatabase.CATALOG, "discussions_comment", List.of("id"), List.of("id", "body")));
        assertTrue(column.getMessage().contains("no such column(s) [body]"), column.getMessage());
        CutoverException key = assertThrows(CutoverException.class,
                () -> TargetTable.of(TargetDatabase.CATALOG, "discussions_comment", List.of("id"), List.of("text")));
        assertTrue(key.getMessage().contains("conflict key column id is not among the written columns"), key.getMessage());
    }
}

package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verify's progress: totals known before reading (footers, lines, estimates), rows counted as tasks read them. */
class VerifyProgressTest {
    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path dir;

    @Test
    void totalsComeFromFootersLinesAndTheDatabaseBeforeAnythingIsRead() throws Exception {
        spark.range(0, 12_345, 1, 3).write().parquet(dir.resolve("public.things").toString());
        Path csv = dir.resolve("votes.csv");
        Files.writeString(csv, "voter,thing\nanna,t3_1\nbob,t3_2\ncarl,t1_9");
        InputRows rows = new InputRows();
        assertEquals(12_345, rows.of(new SourceLocation.Snapshot(dir), "things"));
        assertEquals(3, rows.of(new SourceLocation.CsvFile(csv)), "header not counted, last line without newline counted");

        PostgresServer pg = TestPostgres.server();
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS progress_rows");
            // No autovacuum: an ANALYZE of its own would turn the first count into an estimate.
            st.execute("CREATE TABLE progress_rows WITH (autovacuum_enabled = false) AS SELECT g AS id FROM generate_series(1, 777) g");
        }
        SourceLocation.Database db = new SourceLocation.Database(pg, "postgres");
        InputRows counted = new InputRows();
        assertEquals(777, counted.of(db, "progress_rows"), "never analysed: counted");
        assertFalse(counted.estimated());
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("INSERT INTO progress_rows SELECT g FROM generate_series(1, 23) g");
            st.execute("ANALYZE progress_rows");
        }
        InputRows estimated = new InputRows();
        assertEquals(800, estimated.of(db, "progress_rows"), "analysed: the planner's estimate");
        assertTrue(estimated.estimated());
        CutoverException missing = assertThrows(CutoverException.class, () -> new InputRows().of(db, "no_such_table"));
        assertTrue(missing.getMessage().contains("no_such_table"), missing.getMessage());
    }

    @Test
    void rowsAreCountedAsTasksReadThemAndNeverPastTheComparisonsShare() throws IOException, InterruptedException {
        String table = dir.resolve("t").toString();
        spark.range(0, 10_000, 1, 4).write().parquet(table);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        VerifyProgress progress = new VerifyProgress(10_100, false, new PrintStream(printed, true));
        spark.sparkContext().addSparkListener(progress);
        try {
            progress.begin(10_000);
            spark.read().parquet(table).selectExpr("sum(id)").first();
            awaitDone(progress, 10_000);
            assertEquals(10_000, progress.done(), "counted from the tasks, before the comparison ended");
            progress.end();

            // A second pass over the same rows (the changed keys' re-read) does not count past the share.
            progress.begin(100);
            spark.read().parquet(table).selectExpr("sum(id)").first();
            spark.read().parquet(table).selectExpr("max(id)").first();
            awaitDone(progress, 10_100);
            Thread.sleep(300);
            assertEquals(10_100, progress.done());
            progress.end();
            progress.finish();
        } finally {
            spark.sparkContext().removeSparkListener(progress);
        }
        assertTrue(printed.toString().contains("rows read: 10,100 / 10,100 (100%)"), printed.toString());
    }

    private static void awaitDone(VerifyProgress progress, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (progress.done() < rows && System.nanoTime() < deadline) Thread.sleep(20);
    }
}

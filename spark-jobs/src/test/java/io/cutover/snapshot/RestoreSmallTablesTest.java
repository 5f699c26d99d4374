package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.outcome.CutoverException;
import io.cutover.snapshot.SnapshotManifest.TableEntry;
import io.cutover.snapshot.SnapshotSpec.DatabaseSelection;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore loads the small tables of every database of a snapshot side by side in one Spark job
 * (each with its own keys, indexes and checksum), the large ones each in its own; a small table
 * that fails to load is named.
 */
class RestoreSmallTablesTest {
    @TempDir
    Path out;

    @Test
    void smallTablesOfBothDatabasesLoadInOneJobAndAFailureNamesItsTable() throws Exception {
        ScratchDatabase first = new ScratchDatabase("packed_a");
        ScratchDatabase second = new ScratchDatabase("packed_b");
        long large = TableSchedule.PACKED_TABLE_ROWS + 10_000;
        first.execute("CREATE TABLE big (id integer PRIMARY KEY, label text)",
                "INSERT INTO big SELECT g, 'b' || g FROM generate_series(1, " + large + ") g",
                "CREATE TABLE tags (id integer PRIMARY KEY, name text NOT NULL UNIQUE)",
                "INSERT INTO tags SELECT g, 't' || g FROM generate_series(1, 300) g",
                "CREATE TABLE empty_one (id bigint PRIMARY KEY, at timestamptz)");
        second.execute("CREATE TABLE users (id integer PRIMARY KEY, email text, joined date)",
                "CREATE INDEX users_email ON users (email)",
                "INSERT INTO users SELECT g, 'u' || g || '@x.org', date '2020-01-01' + g FROM generate_series(1, 2000) g",
                "CREATE TABLE roles (user_id integer REFERENCES users (id), role text)",
                "INSERT INTO roles SELECT g, CASE WHEN g % 2 = 0 THEN 'admin' ELSE NULL END FROM generate_series(1, 2000, 7) g");
        SparkSession spark = TestSpark.session();
        SnapshotJob.run(spark, first.server, SnapshotSpec.of(out, List.of(new DatabaseSelection(first.name, List.of()),
                        new DatabaseSelection(second.name, List.of()))).withSnapshotId("s"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path dir = out.resolve("s");

        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                String group = start.properties().getProperty("spark.jobGroup.id", "");
                if (group.startsWith("cutover-restore-") && !group.startsWith("cutover-restore-check")) jobs.incrementAndGet();
            }
        };
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        spark.sparkContext().addSparkListener(counter);
        RestoreReport report;
        try {
            report = SnapshotRestore.run(spark, first.server, dir,
                    Map.of(first.name, first.name + "_r", second.name, second.name + "_r"),
                    new PrintStream(log, true, StandardCharsets.UTF_8));
        } finally {
            spark.sparkContext().listenerBus().waitUntilEmpty();
            spark.sparkContext().removeSparkListener(counter);
        }
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(report.matches(), report + "\n" + printed);
        assertEquals(5, report.tables().size(), printed);
        for (String small : List.of(first.name + "_r.public.tags", first.name + "_r.public.empty_one",
                second.name + "_r.public.users", second.name + "_r.public.roles")) {
            assertTrue(printed.contains(small + ": ") && printed.contains("one of 4 small tables loaded in one job"), printed);
        }
        assertTrue(printed.contains(first.name + "_r.public.big: " + String.format("%,d", large) + " rows loaded in "), printed);
        // The large table's load, and one for the four small ones.
        assertEquals(2, jobs.get(), printed);
        for (String q : List.of("SELECT t::text FROM tags t ORDER BY id", "SELECT count(*)::text FROM big")) {
            assertEquals(first.texts(first.name, q), first.texts(first.name + "_r", q));
        }
        for (String q : List.of("SELECT t::text FROM users t ORDER BY id", "SELECT t::text FROM roles t ORDER BY user_id")) {
            assertEquals(second.texts(second.name, q), second.texts(second.name + "_r", q));
        }
        // Keys, indexes and the foreign key of the packed tables are there.
        String indexes = "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'";
        assertEquals(second.texts(second.name, indexes), second.texts(second.name + "_r", indexes));
        String fks = "SELECT count(*)::text FROM pg_constraint WHERE contype = 'f'";
        assertEquals(List.of("1"), second.texts(second.name + "_r", fks));

        // A small table's file that no longer decodes fails the one job: the error names that table.
        SnapshotManifest m = ManifestFile.read(io.cutover.storage.Location.local(dir));
        TableEntry users = m.databases().get(1).tables().stream().filter(t -> t.table().equals("users")).findFirst().orElseThrow();
        Path file = dir.resolve(users.path()).resolve(users.files().get(0).name());
        Files.write(file, "not a parquet file".getBytes(StandardCharsets.UTF_8));
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
        CutoverException e = assertThrows(CutoverException.class, () -> SnapshotRestore.run(spark, first.server, dir,
                Map.of(first.name, first.name + "_bad", second.name, second.name + "_bad"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(second.name + "_bad.public.users"), e.getMessage());
    }
}

package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.snapshot.SnapshotManifest.TableEntry;
import io.cutover.snapshot.SnapshotSpec.DatabaseSelection;
import io.cutover.storage.Location;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore's check shares the load's pass: the content checksum of the rows as they are decoded
 * for COPY, and the rows PostgreSQL says COPY wrote, must both be the backup's; a table with a
 * generated column (and every table, when asked) is read back from PostgreSQL.
 */
class SnapshotRestoreCheckTest {
    @TempDir
    Path out;

    @Test
    void theLoadProvesWhatItCanAndAChangedFileIsCaught() throws Exception {
        ScratchDatabase db = new ScratchDatabase("restorecheck");
        db.execute("CREATE TABLE numbers (id integer PRIMARY KEY, label text, x double precision)",
                "INSERT INTO numbers SELECT g, 'n' || g, g / 3.0 FROM generate_series(1, 3000) g",
                "CREATE TABLE computed (id integer PRIMARY KEY, a integer, twice integer GENERATED ALWAYS AS (a * 2) STORED)",
                "INSERT INTO computed (id, a) SELECT g, g FROM generate_series(1, 50) g");
        SparkSession spark = TestSpark.session();
        SnapshotManifest m = SnapshotJob.run(spark, db.server,
                SnapshotSpec.of(out, List.of(new DatabaseSelection(db.name, List.of()))).withSnapshotId("s").withRowsPerSplit(1000),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path dir = out.resolve("s");

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RestoreReport shared = SnapshotRestore.run(spark, db.server, dir, Map.of(db.name, db.name + "_shared"),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(shared.matches(), shared + "\n" + printed);
        assertTrue(printed.contains(db.name + "_shared.public.numbers: 3,000 rows copied, checksum "), printed);
        assertTrue(printed.contains("as loaded = backup"), printed);
        assertTrue(printed.contains(db.name + "_shared.public.computed: 50 rows, checksum "), "read back: " + printed);
        String rows = "SELECT t::text FROM numbers t ORDER BY id";
        assertEquals(db.texts(db.name, rows), db.texts(db.name + "_shared", rows));

        log.reset();
        RestoreReport full = SnapshotRestore.run(spark, db.server, Location.local(dir), Map.of(db.name, db.name + "_full"),
                new PrintStream(log, true, StandardCharsets.UTF_8), true);
        printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(full.matches(), full + "\n" + printed);
        assertFalse(printed.contains("as loaded"), printed);
        assertEquals(shared.tables().stream().map(RestoreReport.TableResult::restoredChecksum).toList(),
                full.tables().stream().map(RestoreReport.TableResult::restoredChecksum).toList());

        // One file of numbers replaced by a valid Parquet file whose rows differ in one value:
        // its footer and size are plausible, only the content says otherwise.
        TableEntry numbers = m.databases().get(0).tables().stream().filter(t -> t.table().equals("numbers")).findFirst().orElseThrow();
        Path file = dir.resolve(numbers.path()).resolve(numbers.files().get(0).name());
        Path changed = out.resolve("changed");
        spark.read().parquet(file.toString()).createOrReplaceTempView("numbers_file");
        spark.sql("SELECT id, CASE WHEN id = (SELECT min(id) FROM numbers_file) THEN 'edited' ELSE label END AS label, x "
                + "FROM numbers_file").coalesce(1).write().option("compression", "zstd").parquet(changed.toString());
        File written = List.of(changed.toFile().listFiles()).stream().filter(f -> f.getName().endsWith(".parquet")).findFirst().orElseThrow();
        Files.copy(written.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));

        log.reset();
        RestoreReport caught = SnapshotRestore.run(spark, db.server, dir, Map.of(db.name, db.name + "_changed"),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        printed = log.toString(StandardCharsets.UTF_8);
        assertFalse(caught.matches(), printed);
        assertTrue(printed.contains("they changed after the snapshot"), printed);
        assertTrue(caught.tables().stream().filter(t -> !t.matches()).allMatch(t -> t.target().endsWith(".public.numbers")),
                caught.toString());
    }
}

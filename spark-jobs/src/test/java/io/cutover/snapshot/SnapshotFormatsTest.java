package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.snapshot.SnapshotManifest.TableEntry;
import io.cutover.snapshot.SnapshotSpec.DatabaseSelection;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot written by the format-1 writer (two xxhash64 per row; the fixture under
 * src/test/resources/snapshots/format-1 was taken by it: every type, a split table with a serial
 * and a generated column, a table without a key, a CSV file source) still verifies and restores
 * exactly, and a new snapshot of what it restored is format 2 with the same rows.
 */
class SnapshotFormatsTest {
    @TempDir
    Path out;

    private Path fixture() throws Exception {
        Path from = Path.of(getClass().getResource("/snapshots/format-1").toURI());
        Path to = out.resolve("format-1");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return to;
    }

    @Test
    void aFormat1SnapshotVerifiesRestoresAndIsNotComparedWithFormat2ByChecksum() throws Exception {
        Path old = fixture();
        SnapshotManifest m = ManifestFile.read(old);
        assertEquals(1, m.formatVersion());
        String source = m.databases().get(0).database();

        CliRun verified = CliRun.of("snapshot", "verify", old.toString());
        assertEquals(0, verified.exitCode(), verified.out() + verified.err());
        assertTrue(verified.out().contains("verified: 4 tables"), verified.out());

        SparkSession spark = TestSpark.session();
        ScratchDatabase db = new ScratchDatabase("format1_restore");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RestoreReport report = SnapshotRestore.run(spark, db.server, old, Map.of(source, db.name),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(report.matches(), report + "\n" + printed);
        assertEquals(3, report.tables().size());
        assertEquals(2500, db.count("SELECT count(*) FROM numbers WHERE doubled = id * 2"));
        assertEquals(List.of("-0"), db.texts(db.name, "SELECT f8::text FROM every_type WHERE id = 3"));

        // A new snapshot of the restored tables: format 2, the same rows, another checksum.
        SnapshotManifest now = SnapshotJob.run(spark, db.server,
                SnapshotSpec.of(out.resolve("new"), List.of(new DatabaseSelection(db.name, List.of()))).withSnapshotId("format-2")
                        .withRowsPerSplit(1000), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(SnapshotManifest.FORMAT_VERSION, now.formatVersion());
        for (TableEntry t : now.databases().get(0).tables()) {
            TableEntry before = m.databases().get(0).tables().stream().filter(o -> o.table().equals(t.table())).findFirst().orElseThrow();
            assertEquals(before.rowsWritten(), t.rowsWritten(), t.table());
            assertFalse(before.contentChecksum().equals(t.contentChecksum()), t.table() + ": another row hash");
        }
        CliRun diff = CliRun.of("snapshot", "diff", old.toString(), out.resolve("new").resolve("format-2").toString());
        assertEquals(2, diff.exitCode(), diff.out() + diff.err());
        assertTrue(diff.err().contains("different row hashes"), diff.err());

        // Damage in a format-1 snapshot is still named by table and file.
        TableEntry numbers = m.databases().get(0).tables().stream().filter(t -> t.table().equals("numbers")).findFirst().orElseThrow();
        String file = numbers.files().get(1).name();
        try (RandomAccessFile f = new RandomAccessFile(old.resolve(numbers.path()).resolve(file).toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x01);
        }
        CliRun damaged = CliRun.of("snapshot", "verify", old.toString());
        assertEquals(1, damaged.exitCode(), damaged.out() + damaged.err());
        assertTrue(damaged.out().contains("FAILED " + source + ".public.numbers " + numbers.path() + "/" + file + ": sha256"),
                damaged.out());
    }
}

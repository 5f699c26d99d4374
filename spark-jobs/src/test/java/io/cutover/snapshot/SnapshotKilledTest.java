package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot process killed with SIGKILL halfway (no shutdown hook, no finally) leaves files
 * but no manifest: verify calls it incomplete, restore refuses it, and a new run never reuses
 * its id.
 */
class SnapshotKilledTest {
    @TempDir
    Path out;
    /** Spark's scratch of the killed child, which no shutdown hook removes. */
    @TempDir
    Path scratch;

    @Test
    void aKilledSnapshotIsNeverTakenForComplete() throws Exception {
        ScratchDatabase db = new ScratchDatabase("killed");
        List<String> tables = List.of("t1", "t2", "t3", "t4", "t5", "t6");
        for (String t : tables) {
            db.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, v text)",
                    "INSERT INTO " + t + " SELECT g, md5(g::text) FROM generate_series(1, 5000) g");
        }
        String seen = KilledRun.runUntil(".public.t1: done", scratch, db.server.credentials().user(),
                List.of("snapshot", "--pg-url", CliRun.url(db.server), "-o", out.toString(), "--id", "k1", "-d", db.name,
                        "--rows-per-split", "1000"));
        assertTrue(seen.contains(".public.t1: done"), "the child got past its first table:\n" + seen);
        assertFalse(seen.contains("committed"), seen);

        Path dir = out.resolve("k1");
        assertTrue(Files.isDirectory(dir.resolve(db.name).resolve("public.t1")), "partial data is on disk");
        assertFalse(ManifestFile.isCommitted(dir));

        CliRun verify = CliRun.of("snapshot", "verify", dir.toString());
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("is not a complete snapshot"), verify.out());

        CliRun restore = CliRun.withServer(db.server, "restore", dir.toString(), "--into", db.name + "=" + db.name + "_r");
        assertEquals(2, restore.exitCode(), restore.out() + restore.err());
        assertTrue(restore.err().contains("not a complete snapshot"), restore.err());

        long filesBefore;
        try (Stream<Path> s = Files.walk(dir)) {
            filesBefore = s.count();
        }
        CliRun again = CliRun.withServer(db.server, "snapshot", "-o", out.toString(), "--id", "k1", "-d", db.name);
        assertEquals(2, again.exitCode(), again.out() + again.err());
        assertTrue(again.err().contains("exists but holds no manifest"), again.err());
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(filesBefore, s.count(), "the partial snapshot was left as it was");
        }
    }
}

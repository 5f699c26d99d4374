package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input gives a clear message, the right exit code, and no backup that looks complete. */
class SnapshotBadInputTest {
    static ScratchDatabase db;

    @TempDir
    Path out;

    @BeforeAll
    static void world() {
        db = new ScratchDatabase("badinput");
        db.execute("CREATE TABLE posts (id int PRIMARY KEY, title text)", "INSERT INTO posts VALUES (1, 'a')",
                "CREATE TABLE secret (id int)", "CREATE ROLE cutover_reader_" + db.name + " LOGIN",
                "GRANT SELECT ON posts TO cutover_reader_" + db.name);
    }

    private void assertNothingCommitted() throws Exception {
        try (var s = Files.walk(out)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().equals(SnapshotManifest.FILE_NAME)));
        }
    }

    @Test
    void missingTable() throws Exception {
        CliRun r = CliRun.withServer(db.server, "snapshot", "-o", out.toString(), "-d", db.name + ":posts,nope");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("table public.nope does not exist in database '" + db.name + "' (its tables: public.posts, public.secret)"), r.err());
        assertEquals(0, Files.list(out).count(), "nothing written");
    }

    @Test
    void permissionDenied() throws Exception {
        Path props = CliRun.propertiesFile(db.server, "cutover_reader_" + db.name);
        CliRun r = CliRun.of("snapshot", "--pg-properties", props.toString(), "-o", out.resolve("s").toString(),
                "-d", db.name);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("permission denied: the user cannot SELECT from " + db.name + ".public.secret"), r.err());
        assertFalse(Files.exists(out.resolve("s")));
    }

    @Test
    void unreachableServer() throws Exception {
        CliRun r = CliRun.of("snapshot", "--pg-url", "jdbc:postgresql://127.0.0.1:1/", "-o", out.toString(), "-d", "reddit");
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("cannot connect to PostgreSQL database 'reddit' at 127.0.0.1:1"), r.err());
        assertNothingCommitted();
    }

    @Test
    void outputDirectoryNotWritable() throws Exception {
        Path blocker = out.resolve("a-file");
        Files.writeString(blocker, "x");
        CliRun r = CliRun.withServer(db.server, "snapshot", "-o", blocker.resolve("snapshots").toString(), "-d", db.name + ":posts");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("cannot create"), r.err());
    }

    @Test
    void fetchSizeZeroIsRefused() {
        CliRun r = CliRun.withServer(db.server, "snapshot", "-o", out.toString(), "-d", db.name, "--fetch-size", "0");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("fetch size must be > 0"), r.err());
    }

    @Test
    void anExistingSnapshotIsNeverOverwritten() throws Exception {
        CliRun first = CliRun.withServer(db.server, "snapshot", "-o", out.toString(), "--id", "same", "-d", db.name + ":posts");
        assertEquals(0, first.exitCode(), first.out() + first.err());
        byte[] manifest = Files.readAllBytes(out.resolve("same").resolve(SnapshotManifest.FILE_NAME));
        CliRun second = CliRun.withServer(db.server, "snapshot", "-o", out.toString(), "--id", "same", "-d", db.name + ":posts");
        assertEquals(2, second.exitCode());
        assertTrue(second.err().contains("already exists and is committed"), second.err());
        assertEquals(new String(manifest), Files.readString(out.resolve("same").resolve(SnapshotManifest.FILE_NAME)));

        // A truncated Parquet file: verify names it (exit 1), restore still reads only committed snapshots.
        Path tableDir = out.resolve("same").resolve(db.name).resolve("public.posts");
        Path file = Path.of(ParquetFiles.list(io.cutover.storage.Location.local(tableDir)).get(0).hadoopPath().toUri());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliRun verify = CliRun.of("snapshot", "verify", out.resolve("same").toString());
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains(file.getFileName() + ": size " + bytes.length / 2 + " bytes, manifest says "
                + bytes.length + " (truncated)"), verify.out());
        assertTrue(verify.out().contains(file.getFileName() + ": not a readable Parquet file"), verify.out());
    }
}

package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.snapshot.SnapshotManifest.TableEntry;
import io.cutover.snapshot.SnapshotSpec.DatabaseSelection;
import io.cutover.testing.TestSpark;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify re-reads everything and names the table and file of each problem (exit 1). */
class SnapshotVerifyTest {
    @TempDir
    Path out;

    @Test
    void verifyCatchesAFlippedByteAndADeletedFile() throws Exception {
        ScratchDatabase db = new ScratchDatabase("verify");
        db.execute("CREATE TABLE posts (id int PRIMARY KEY, title text)",
                "INSERT INTO posts SELECT g, md5(g::text) FROM generate_series(1, 3000) g",
                "CREATE TABLE comments (id int PRIMARY KEY, body text)",
                "INSERT INTO comments SELECT g, repeat('c', g % 50) FROM generate_series(1, 2000) g");
        Path csv = out.resolve("votes.csv");
        Files.writeString(csv, "voter,thing,direction,date\nalice,t3_abc,1,2020-01-01T00:00:00Z\nbob,t1_007,-1,\n");
        SnapshotManifest m = SnapshotJob.run(TestSpark.session(), db.server,
                SnapshotSpec.of(out.resolve("snapshots"), List.of(new DatabaseSelection(db.name, List.of("posts", "public.comments"))))
                        .withSnapshotId("v1").withRowsPerSplit(1000).withFiles(List.of(new SnapshotSpec.FileSource("votes", csv))),
                new PrintStream(System.out, true));
        assertEquals(2, m.fileSources().get(0).rowsWritten());
        assertEquals(List.of("voter", "thing", "direction", "date"), m.fileSources().get(0).columns());
        Path dir = out.resolve("snapshots").resolve("v1");

        CliRun clean = CliRun.of("snapshot", "verify", dir.toString());
        assertEquals(0, clean.exitCode(), clean.out() + clean.err());
        assertTrue(clean.out().contains("verified: 3 tables"), clean.out());

        TableEntry posts = m.databases().get(0).tables().stream().filter(t -> t.table().equals("posts")).findFirst().orElseThrow();
        TableEntry comments = m.databases().get(0).tables().stream().filter(t -> t.table().equals("comments")).findFirst().orElseThrow();
        String flipped = posts.files().get(1).name();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(posts.path()).resolve(flipped).toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        CliRun one = CliRun.of("snapshot", "verify", dir.toString());
        assertEquals(1, one.exitCode(), one.out() + one.err());
        assertTrue(one.out().contains("FAILED " + db.name + ".public.posts " + posts.path() + "/" + flipped + ": sha256"), one.out());
        assertFalse(one.out().contains("FAILED " + db.name + ".public.comments"), one.out());

        String deleted = comments.files().get(0).name();
        Files.delete(dir.resolve(comments.path()).resolve(deleted));
        CliRun two = CliRun.of("snapshot", "verify", dir.toString());
        assertEquals(1, two.exitCode());
        assertTrue(two.out().contains("FAILED " + db.name + ".public.comments " + comments.path() + "/" + deleted + ": missing"), two.out());
        assertTrue(two.out().contains(flipped), two.out());
    }
}

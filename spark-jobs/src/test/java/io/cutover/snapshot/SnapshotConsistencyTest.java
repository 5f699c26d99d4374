package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.snapshot.SnapshotManifest.DatabaseEntry;
import io.cutover.snapshot.SnapshotManifest.TableEntry;
import io.cutover.snapshot.SnapshotSpec.DatabaseSelection;
import io.cutover.testing.TestSpark;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows are inserted all over the key range while the snapshot reads the table in several
 * ranges on several connections: the backup must hold exactly the rows of the exported
 * snapshot, no more (late inserts), no fewer.
 */
class SnapshotConsistencyTest {
    @TempDir
    Path out;

    @Test
    void backupHoldsExactlyTheRowsOfTheSnapshotWhileWritersRun() throws Exception {
        ScratchDatabase db = new ScratchDatabase("consistency");
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, writer xid8 NOT NULL DEFAULT pg_current_xact_id(), payload text)",
                "INSERT INTO events (id, payload) SELECT 2 * g, 'seed' FROM generate_series(1, 20000) g",
                "CREATE TABLE counters (id int PRIMARY KEY, writer xid8 NOT NULL DEFAULT pg_current_xact_id())",
                "INSERT INTO counters (id) SELECT g FROM generate_series(1, 1000) g");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger inserted = new AtomicInteger();
        Thread writer = new Thread(() -> {
            Random random = new Random(7);
            try (Connection c = db.server.connect(db.name);
                 PreparedStatement st = c.prepareStatement(
                         "INSERT INTO events (id, payload) VALUES (?, 'late') ON CONFLICT DO NOTHING")) {
                while (!stop.get()) {
                    // odd ids fall between the seeded ones, so late rows land in every key range
                    st.setLong(1, 2L * random.nextInt(20000) + 1);
                    inserted.addAndGet(st.executeUpdate());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "concurrent-writer");
        writer.start();
        while (inserted.get() < 50) Thread.sleep(10);
        int before;
        SnapshotManifest m;
        try {
            before = inserted.get();
            m = SnapshotJob.run(TestSpark.session(), db.server,
                    SnapshotSpec.of(out, List.of(new DatabaseSelection(db.name, List.of()))).withSnapshotId("c1")
                            .withRowsPerSplit(2500).withReading(2, 1000).withReader(SnapshotTableReader.COPY), new PrintStream(System.out, true));
        } finally {
            stop.set(true);
            writer.join();
        }
        assertTrue(inserted.get() - before > 0, "rows were written while the snapshot ran");

        DatabaseEntry dbEntry = m.databases().get(0);
        TableEntry events = dbEntry.tables().stream().filter(t -> t.table().equals("events")).findFirst().orElseThrow();
        assertTrue(events.splits() >= 8, "read in several ranges: " + events.splits());
        TreeSet<Long> expected = new TreeSet<>();
        for (String id : db.texts(db.name, "SELECT id FROM events WHERE pg_visible_in_snapshot(writer, '"
                + dbEntry.visibleSnapshot() + "'::pg_snapshot)")) {
            expected.add(Long.parseLong(id));
        }
        TreeSet<Long> backedUp = new TreeSet<>();
        for (Row r : TestSpark.session().read().parquet(out.resolve("c1").resolve(events.path()).toString())
                .select("id").collectAsList()) {
            backedUp.add(r.getLong(0));
        }
        long now = db.count("SELECT count(*) FROM events");
        assertTrue(now > expected.size(), "late rows exist in the table (" + now + ") but not in the snapshot (" + expected.size() + ")");
        assertEquals(expected.size(), events.rowsInSnapshot());
        assertEquals(expected, backedUp);
    }
}

package io.cutover.verify;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.HeldSnapshot;
import io.cutover.postgres.PostgresServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each live database of a run read at one instant: one exported snapshot per database, held
 * open by the driver from before the first read to after the last, and imported by every reader
 * (each partition, each comparison, pass 2's re-read of changed rows, the cross-table checks).
 * The app writes the mirror and the new tables in one transaction, so two tables of one database
 * read this way can show no difference that a write in flight made.
 *
 * <p>{@link #none()} reads every query at its own moment: for servers where a snapshot cannot be
 * held (a pooler in transaction mode, a standby that cancels long snapshots).
 */
final class LiveSnapshots implements AutoCloseable {
    private final Map<String, HeldSnapshot> held;

    private LiveSnapshots(Map<String, HeldSnapshot> held) {
        this.held = held;
    }

    static LiveSnapshots none() {
        return new LiveSnapshots(new LinkedHashMap<>());
    }

    /**
     * Takes one snapshot per distinct live database among {@code readers}' keys, and tells
     * {@code listener}; a database that cannot be read fails naming the comparisons that read it.
     */
    static LiveSnapshots take(Map<SourceLocation, List<String>> readers, VerifyListener listener) {
        Map<String, HeldSnapshot> held = new LinkedHashMap<>();
        try {
            for (Map.Entry<SourceLocation, List<String>> reader : readers.entrySet()) {
                if (!(reader.getKey() instanceof SourceLocation.Database db)) continue;
                String id = id(db);
                if (held.containsKey(id)) continue;
                HeldSnapshot h;
                try {
                    h = HeldSnapshot.take(db.server(), db.database());
                } catch (CutoverException e) {
                    throw CutoverException.failure("verifying " + String.join(", ", reader.getValue()) + " failed: "
                            + e.getMessage() + " (while taking the snapshot every read of the run imports; "
                            + "--no-consistent-read reads without one)", e);
                }
                held.put(id, h);
                listener.snapshotTaken(h);
            }
        } catch (RuntimeException e) {
            held.values().forEach(HeldSnapshot::close);
            throw e;
        }
        return new LiveSnapshots(held);
    }

    /** The snapshot that reads of this database import, or null when each read takes its own. */
    HeldSnapshot of(SourceLocation.Database db) {
        return held.get(id(db));
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    private static String id(SourceLocation.Database db) {
        PostgresServer s = db.server();
        return s.host() + ":" + s.port() + "/" + db.database();
    }

    /** Ends every held transaction, then tells how long each held vacuum's horizon back. */
    void close(VerifyListener listener) {
        record Released(String database, double seconds) {}
        List<Released> released = new ArrayList<>();
        for (HeldSnapshot h : held.values()) {
            released.add(new Released(h.database(), h.heldSeconds()));
            h.close();
        }
        held.clear();
        released.forEach(r -> listener.snapshotReleased(r.database(), r.seconds()));
    }

    @Override
    public void close() {
        held.values().forEach(HeldSnapshot::close);
        held.clear();
    }
}

package io.cutover.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes the last gap of the copy/update race: an app transaction whose UPDATE of the new table
 * ran (and found no row) before a chunk committed, but which commits its old-row change only
 * later, after the re-read would have looked. Such a transaction still holds its write lock
 * (ROW EXCLUSIVE) on the target table when the chunk commits, since table locks last until a
 * transaction ends. So right after the commit, the transactions of other sessions holding one
 * are noted, and the re-read waits until each has ended (its virtual transaction id lock is
 * gone). Readers (verify, reports) take weaker locks and are never waited for; app transactions
 * that touch the table later find the committed row themselves.
 */
final class InFlightAppWrites {
    private static final long POLL_NANOS = 10_000_000L;

    private final Connection connection;
    private final Duration patience;
    private final Pacing pacing;

    InFlightAppWrites(Connection connection, Duration patience, Pacing pacing) {
        this.connection = connection;
        this.patience = patience;
        this.pacing = pacing;
    }

    /**
     * Waits until the transactions that hold a write lock on {@code target} now have ended, at
     * most {@code patience}; returns how many were still open then (0: all ended).
     */
    int awaitWritersOf(TargetTable target) throws SQLException, InterruptedException {
        connection.setAutoCommit(true);
        List<String> writers = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT DISTINCT virtualtransaction FROM pg_locks "
                + "WHERE locktype = 'relation' AND relation = to_regclass(?) AND mode = 'RowExclusiveLock' "
                + "AND pid IS DISTINCT FROM pg_backend_pid() "
                + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            ps.setString(1, TargetTable.quote(target.table()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) writers.add(rs.getString(1));
            }
        }
        if (writers.isEmpty()) return 0;
        long deadline = pacing.nanoTime() + patience.toNanos();
        try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'virtualxid' "
                + "AND mode = 'ExclusiveLock' AND granted AND virtualxid = ANY (?)")) {
            ps.setArray(1, connection.createArrayOf("text", writers.toArray()));
            while (true) {
                int open;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    open = rs.getInt(1);
                }
                if (open == 0 || pacing.nanoTime() >= deadline) return open;
                pacing.sleepNanos(POLL_NANOS);
            }
        }
    }
}

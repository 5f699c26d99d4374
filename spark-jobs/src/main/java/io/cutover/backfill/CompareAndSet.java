package io.cutover.backfill;

import io.cutover.outcome.CutoverException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings the rows the app edited while their chunk was being copied to their current value,
 * column by column, each only where it still holds exactly what the backfill wrote:
 * {@code SET c = CASE WHEN t.c IS NOT DISTINCT FROM <written c> THEN <current c> ELSE t.c END}.
 * A column the app wrote since (its dual write found the row) is never touched; the guard is per
 * column, not per row, because two app writes to one key can straddle the chunk's commit: a vote
 * whose UPDATE found no row yet, then a text edit that found it. A row guard would see the
 * edit's text, keep the whole row, and leave the vote's score stale for good. A row whose old rows
 * now stand for no row is deleted only where the whole row still holds what the backfill wrote:
 * the app's delete found nothing to delete when it ran. The rows are locked and read again first
 * ({@link #applyLocked}): a guard compares values, so an app write that stores the written value
 * again would pass it. One short transaction, which also records the re-read in the checkpoint.
 */
public final class CompareAndSet {
    private final Connection connection;
    private final String entity;
    private final TargetTable target;
    private final Duration lockTimeout;
    private final BackfillCheckpoint checkpoint;
    private final StagingTable staging;
    private final String updateSql;
    private final String deleteSql;

    /**
     * The outcome: rows brought to their current value, rows left alone because the app wrote them
     * since, and rows compare-and-set without their lock (the app held them past the lock timeout).
     */
    public record Result(long applied, long keptAppWrite, long unlocked) {
        public static final Result NONE = new Result(0, 0);

        public Result(long applied, long keptAppWrite) {
            this(applied, keptAppWrite, 0);
        }
    }

    /** Some row to lock was held by another transaction: never waited for, so no deadlock can include the backfill. */
    private static final class RowsBusy extends Exception {
        RowsBusy(SQLException cause) {
            super(cause);
        }
    }

    public CompareAndSet(Connection connection, String entity, TargetTable target, Duration lockTimeout,
                         BackfillCheckpoint checkpoint) {
        this(connection, entity, target, lockTimeout, checkpoint, false);
    }

    /**
     * {@code inPlace}: the rows are the app's, only some of their columns the backfill's, so a
     * row whose old rows now stand for no row is left alone (the app deletes its own rows).
     */
    CompareAndSet(Connection connection, String entity, TargetTable target, Duration lockTimeout, BackfillCheckpoint checkpoint,
                  boolean inPlace) {
        this.connection = connection;
        this.entity = entity;
        this.target = target;
        this.lockTimeout = lockTimeout;
        this.checkpoint = checkpoint;
        this.staging = StagingTable.forRereads(target);
        String t = TargetTable.quote(target.table());
        List<String> values = target.valueColumns();
        String keyMatch = String.join(" AND ", target.key().stream()
                .map(k -> "t." + TargetTable.quote(k) + " = s." + TargetTable.quote(k)).toList());
        String stillWritten = values.isEmpty() ? "true"
                : "(" + TargetTable.list(values, "t.") + ") IS NOT DISTINCT FROM ("
                  + String.join(", ", values.stream().map(c -> "s." + TargetTable.quote("was_" + c)).toList()) + ")";
        this.updateSql = values.isEmpty() ? null
                : "UPDATE " + t + " t SET " + String.join(", ", values.stream().map(c -> TargetTable.quote(c)
                        + " = CASE WHEN " + stillWritten(c) + " THEN s." + TargetTable.quote(c) + " ELSE t." + TargetTable.quote(c) + " END").toList())
                  + " FROM " + staging.name() + " s WHERE " + keyMatch + " AND NOT s.gone AND ("
                  + String.join(" OR ", values.stream().map(c -> "(" + stillWritten(c) + " AND s." + TargetTable.quote(c)
                        + " IS DISTINCT FROM s." + TargetTable.quote("was_" + c) + ")").toList()) + ")";
        this.deleteSql = inPlace ? null : "DELETE FROM " + t + " t USING " + staging.name() + " s WHERE " + keyMatch + " AND s.gone AND " + stillWritten;
    }

    /**
     * Applies the re-read rows of {@code chunk} and records in the checkpoint that the chunk was
     * re-read (also when nothing changed). Fails the run (exit 3) on a database error, rolled back.
     */
    public Result apply(Chunk chunk, List<Reread> rereads) {
        try {
            return inTransaction(chunk, rereads, null);
        } catch (RowsBusy impossible) {
            throw new IllegalStateException("no row is locked without a second read", impossible);
        }
    }

    /**
     * As {@link #apply}, but the rows {@code seen} changed are first locked ({@code FOR UPDATE}),
     * then read again with {@code readAgain}, and only what that second read gives is applied,
     * in the same transaction. Without the lock, an app write landing between the re-read and the
     * update that happens to store the value the backfill wrote (a vote, then its undo) passes
     * every column's guard, and the update would put back the re-read's older value over it. With
     * the lock, the app's write to the row waits until the update commits, and every app write
     * that committed before it is in the second read. Rows that only the second read finds changed
     * are left alone: their writes came after the chunk committed, so the app's own update found
     * the row.
     */
    public Result applyLocked(Chunk chunk, List<Reread> seen, ConcurrentEdits readAgain) {
        if (seen.isEmpty()) return apply(chunk, seen);
        // NOWAIT, then again after a pause: the app locks rows in its own order (a comment, then its post's other
        // comments for the trees), so waiting for a lock could close a deadlock, and PostgreSQL might break it by
        // failing the app's transaction. Not waiting, the backfill is never part of one.
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        long pauseMillis = 20;
        while (true) {
            try {
                return inTransaction(chunk, seen, readAgain);
            } catch (RowsBusy busy) {
                if (System.nanoTime() > deadline) break;
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw CutoverException.failure("backfill of " + entity + ": interrupted locking the re-read rows of chunk "
                            + chunk.keyRange(), e);
                }
                pauseMillis = Math.min(500, pauseMillis * 2);
            }
        }
        // Still held after the lock timeout: compare-and-set on a fresh read without the lock, as before it, and say so.
        Set<List<Object>> seenKeys = keys(chunk, seen);
        List<Reread> fresh = new ArrayList<>();
        for (Reread r : readAgain.changedSince(chunk)) if (seenKeys.contains(Arrays.asList(target.keyOf(r.written())))) fresh.add(r);
        Result r = apply(chunk, fresh);
        return new Result(r.applied(), r.keptAppWrite(), fresh.size());
    }

    private Result inTransaction(Chunk chunk, List<Reread> seen, ConcurrentEdits readAgain) throws RowsBusy {
        Set<List<Object>> seenKeys = keys(chunk, seen);
        try {
            connection.setAutoCommit(false);
            ChunkWriter.setLockTimeout(connection, lockTimeout);
            List<Reread> rereads = seen;
            if (readAgain != null) {
                try {
                    lock(seen);
                } catch (SQLException e) {
                    if (!"55P03".equals(e.getSQLState())) throw e;
                    ChunkWriter.rollback(connection);
                    throw new RowsBusy(e);
                }
                rereads = new ArrayList<>();
                for (Reread r : readAgain.changedSince(chunk)) {
                    if (seenKeys.contains(Arrays.asList(target.keyOf(r.written())))) rereads.add(r);
                }
                keys(chunk, rereads);
            }
            List<Object[]> rows = new ArrayList<>(rereads.size());
            for (Reread r : rereads) rows.add(stagingRow(r));
            long applied = 0;
            if (!rows.isEmpty()) {
                staging.copy(connection, rows);
                try (Statement st = connection.createStatement()) {
                    if (updateSql != null) applied += st.executeUpdate(updateSql);
                    if (deleteSql != null) applied += st.executeUpdate(deleteSql);
                }
            }
            checkpoint.reread(connection, chunk.lastKey(), applied);
            connection.commit();
            return new Result(applied, rereads.size() - applied);
        } catch (SQLException e) {
            ChunkWriter.rollback(connection);
            staging.forget();
            throw CutoverException.failure("backfill of " + entity + ": the re-read of chunk " + chunk.keyRange()
                    + " after concurrent writes failed and was rolled back (the chunk itself is written; its checkpoint says"
                    + " it was not re-read, and the next run warns): " + ChunkWriter.reason(target, lockTimeout, e), e);
        } catch (RuntimeException e) {
            ChunkWriter.rollback(connection);
            staging.forget();
            throw e;
        }
    }

    /** The keys of {@code rereads}, each once: two current values for one key would leave it to the join which one wins. */
    private Set<List<Object>> keys(Chunk chunk, List<Reread> rereads) {
        Set<List<Object>> keys = new HashSet<>();
        for (Reread r : rereads) {
            r.requireSameKey(target);
            if (!keys.add(Arrays.asList(target.keyOf(r.written())))) {
                throw new IllegalArgumentException("backfill of " + entity + ": key " + Chunk.show(target.keyOf(r.written()))
                        + " is re-read twice in chunk " + chunk.keyRange());
            }
        }
        return keys;
    }

    /** Row locks on the target rows of {@code rereads}, taken in key order (as any two lockers should, against deadlocks). */
    private void lock(List<Reread> rereads) throws SQLException {
        List<Object[]> keys = new ArrayList<>();
        for (Reread r : rereads) keys.add(target.keyOf(r.written()));
        int width = target.key().size();
        int perStatement = Math.max(1, 30_000 / width);
        String columns = TargetTable.list(target.key(), "");
        String one = "(" + String.join(", ", java.util.Collections.nCopies(width, "?")) + ")";
        for (int from = 0; from < keys.size(); from += perStatement) {
            List<Object[]> part = keys.subList(from, Math.min(keys.size(), from + perStatement));
            String sql = "SELECT 1 FROM " + TargetTable.quote(target.table()) + " WHERE (" + columns + ") IN ("
                    + String.join(", ", java.util.Collections.nCopies(part.size(), one)) + ") ORDER BY " + columns + " FOR UPDATE NOWAIT";
            try (java.sql.PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = 1;
                for (Object[] key : part) for (Object v : key) ps.setObject(i++, v);
                ps.executeQuery().close();
            }
        }
    }

    /** Column {@code c} of the target row still holds what the backfill wrote there. */
    private static String stillWritten(String c) {
        return "t." + TargetTable.quote(c) + " IS NOT DISTINCT FROM s." + TargetTable.quote("was_" + c);
    }

    String updateSql() {
        return updateSql;
    }

    /** Key and current values (the written ones when gone), then the written values, then gone. */
    private Object[] stagingRow(Reread r) {
        int n = target.columns().size();
        List<String> values = target.valueColumns();
        Object[] row = new Object[n + values.size() + 1];
        System.arraycopy(r.gone() ? r.written() : r.current(), 0, row, 0, n);
        for (int i = 0; i < values.size(); i++) row[n + i] = r.written()[target.columns().indexOf(values.get(i))];
        row[row.length - 1] = r.gone();
        return row;
    }
}

package io.cutover.backfill;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Loads one chunk in one short transaction: COPY into a staging table, then
 * {@code INSERT ... SELECT ... ON CONFLICT (<key>) DO NOTHING}, and the entity's checkpoint moved
 * past the chunk, all committed together. A row the app already wrote is never touched; nothing
 * is deleted or updated here. Any failure rolls the whole chunk back and fails the run (exit 3)
 * naming the entity and the chunk's keys.
 */
public final class ChunkWriter {
    private final Connection connection;
    private final String entity;
    private final TargetTable target;
    private final Duration lockTimeout;
    private final BackfillCheckpoint checkpoint;
    private final StagingTable staging;
    private final String insertSql;

    /** {@code connection} is the writer's own: this class turns its autocommit off and owns its transactions. */
    public ChunkWriter(Connection connection, String entity, TargetTable target, Duration lockTimeout, BackfillCheckpoint checkpoint) {
        this(connection, entity, target, lockTimeout, checkpoint, false);
    }

    /**
     * {@code inPlace}: the rows exist, and the chunk's columns are filled into those still
     * unfilled ({@link InPlaceFill}) instead of inserted; a row not filled is counted skipped.
     */
    ChunkWriter(Connection connection, String entity, TargetTable target, Duration lockTimeout, BackfillCheckpoint checkpoint,
                boolean inPlace) {
        this.connection = connection;
        this.entity = entity;
        this.target = target;
        this.lockTimeout = lockTimeout;
        this.checkpoint = checkpoint;
        this.staging = StagingTable.forRows(target);
        ConflictKey.requireUniqueIndex(connection, entity, target);
        if (inPlace) {
            this.insertSql = InPlaceFill.updateSql(target, staging.name());
            return;
        }
        // When the rows leave out a generated id (a renumbered surrogate, a vote's own id), present
        // keys are filtered out before a row is formed: a skipped row would still draw a number and
        // leave a gap on every re-run. Otherwise ON CONFLICT alone skips them, one index probe a row.
        // No ORDER BY: the rows are copied in key order and the staging table is scanned in it.
        String t = TargetTable.quote(target.table());
        String notPresent = GeneratedIds.omitted(connection, entity, target).isEmpty() ? ""
                : " WHERE NOT EXISTS (SELECT 1 FROM " + t + " t WHERE " + String.join(" AND ", target.key().stream()
                        .map(k -> "t." + TargetTable.quote(k) + " = s." + TargetTable.quote(k)).toList()) + ")";
        this.insertSql = "INSERT INTO " + t + " (" + TargetTable.list(target.columns(), "") + ") SELECT "
                + TargetTable.list(target.columns(), "s.") + " FROM " + staging.name() + " s" + notPresent
                + " ON CONFLICT (" + TargetTable.list(target.key(), "") + ") DO NOTHING";
    }

    public ChunkResult write(Chunk chunk) {
        long start = System.nanoTime();
        try {
            connection.setAutoCommit(false);
            setLockTimeout(connection, lockTimeout);
            staging.copy(connection, chunk.rows());
            long inserted;
            try (Statement st = connection.createStatement()) {
                inserted = st.executeUpdate(insertSql);
            }
            long skipped = chunk.size() - inserted;
            checkpoint.advance(connection, chunk.lastKey(), inserted, skipped);
            connection.commit();
            return new ChunkResult(chunk.size(), inserted, skipped, Duration.ofNanos(System.nanoTime() - start));
        } catch (SQLException e) {
            rollback(connection);
            staging.forget();
            throw CutoverException.failure("backfill of " + entity + ": chunk " + chunk.keyRange() + " (" + chunk.size()
                    + " rows) failed and was rolled back, nothing of it is written and the checkpoint stays before it: "
                    + reason(target, lockTimeout, e), e);
        } catch (RuntimeException e) {
            rollback(connection);
            staging.forget();
            throw CutoverException.failure("backfill of " + entity + ": chunk " + chunk.keyRange() + " (" + chunk.size()
                    + " rows) failed and was rolled back, nothing of it is written: " + e.getMessage(), e);
        }
    }

    /** The SQL of a chunk's insert, as a DBA reviewing the run would read it. */
    public String insertSql() {
        return insertSql;
    }

    static void setLockTimeout(Connection c, Duration lockTimeout) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + Math.max(1, lockTimeout.toMillis()) + "ms'");
        }
    }

    static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is gone: the server rolled the transaction back already.
        }
    }

    /** Why a transaction failed, in words an operator acts on: a lock timeout says whose lock and what to do. */
    static String reason(TargetTable target, Duration lockTimeout, SQLException e) {
        return "55P03".equals(e.getSQLState())
                ? "a lock on " + target.table() + " was not granted within the lock_timeout of " + lockTimeout.toMillis()
                  + " ms (the application holds it); run again when it is quieter or raise the lock timeout"
                : PostgresServer.describe(e);
    }
}

package io.cutover.backfill;

import io.cutover.outcome.CutoverException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * One entity's row in {@code cutover_backfill}, the backfill's own table in the target database
 * (created on first use). It is written in the same transaction as the chunk it counts, so a
 * killed run never leaves a chunk half-counted, and a restart continues after {@code last_key}.
 * Keys are kept as PostgreSQL text, one element per key column.
 */
public final class BackfillCheckpoint {
    public static final String TABLE = "cutover_backfill";

    static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "entity text PRIMARY KEY, "
            + "target_table text NOT NULL, "
            + "last_key text[], "
            + "reread_key text[], "
            + "mapping_digest text NOT NULL, "
            + "run_id text NOT NULL, "
            + "rows_written bigint NOT NULL DEFAULT 0, "
            + "rows_skipped bigint NOT NULL DEFAULT 0, "
            + "rows_reread bigint NOT NULL DEFAULT 0, "
            + "finished_at timestamptz, "
            + "updated_at timestamptz NOT NULL DEFAULT now())";

    private static final java.time.Duration LOCK_WAIT = java.time.Duration.ofSeconds(2);

    private final String entity;
    private final String table;
    private final String mappingDigest;
    private final String runId;

    public BackfillCheckpoint(String entity, String table, String mappingDigest, String runId) {
        this.entity = entity;
        this.table = table;
        this.mappingDigest = mappingDigest;
        this.runId = runId;
    }

    /**
     * Reads the entity's checkpoint, creating the table and the row on first use. A checkpoint
     * left by another mapping (digest) is refused: its keys and counts mean something else.
     */
    public ResumePoint open(Connection c) {
        try {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute(CREATE);
            } catch (SQLException e) {
                // Two first runs may race on CREATE TABLE IF NOT EXISTS (a duplicate type name): the table is there now.
                if (!"23505".equals(e.getSQLState())) throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            lockEntity(c);
            try {
                return readOrCreate(c);
            } catch (SQLException | RuntimeException e) {
                release(c);
                throw e;
            }
        } catch (SQLException e) {
            throw CutoverException.failure("backfill of " + entity + ": cannot read its checkpoint in " + TABLE + ": "
                    + io.cutover.postgres.PostgresServer.describe(e), e);
        }
    }

    private ResumePoint readOrCreate(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT target_table, last_key, reread_key, mapping_digest, run_id, "
                + "rows_written, rows_skipped, rows_reread, finished_at IS NOT NULL FROM " + TABLE + " WHERE entity = ?")) {
            ps.setString(1, entity);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    insert(c);
                    return ResumePoint.START;
                }
                if (!mappingDigest.equals(rs.getString(4))) {
                    throw CutoverException.configuration("backfill of " + entity + ": the checkpoint in " + TABLE
                            + " was written with another mapping (digest " + rs.getString(4) + ", run " + rs.getString(5)
                            + "; this mapping's digest is " + mappingDigest + "). Resuming would skip or recount rows by "
                            + "another mapping's keys: finish with that mapping, or delete the row of entity '" + entity
                            + "' from " + TABLE + " to start over");
                }
                if (!table.equals(rs.getString(1))) {
                    throw CutoverException.configuration("backfill of " + entity + ": the checkpoint in " + TABLE
                            + " is for table " + rs.getString(1) + ", not " + table);
                }
                ResumePoint p = new ResumePoint(texts(rs.getArray(2)), texts(rs.getArray(3)), rs.getLong(6), rs.getLong(7),
                        rs.getLong(8), rs.getBoolean(9));
                setRunId(c);
                return p;
            }
        }
    }

    /** Counts a chunk and moves past its last key, inside the chunk's own transaction. */
    void advance(Connection c, Object[] lastKey, long written, long skipped) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET last_key = ?, rows_written = rows_written + ?, "
                + "rows_skipped = rows_skipped + ?, run_id = ?, updated_at = now() WHERE entity = ?")) {
            ps.setArray(1, c.createArrayOf("text", strings(lastKey)));
            ps.setLong(2, written);
            ps.setLong(3, skipped);
            ps.setString(4, runId);
            ps.setString(5, entity);
            requireOneRow(ps.executeUpdate());
        }
    }

    /** Records that the chunk ending at {@code lastKey} was re-read, inside the compare-and-set's transaction. */
    void reread(Connection c, Object[] lastKey, long reread) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET reread_key = ?, rows_reread = rows_reread + ?, "
                + "updated_at = now() WHERE entity = ?")) {
            ps.setArray(1, c.createArrayOf("text", strings(lastKey)));
            ps.setLong(2, reread);
            ps.setString(3, entity);
            requireOneRow(ps.executeUpdate());
        }
    }

    /** The entity is done: a later run with the same mapping writes nothing. Commits. */
    void finish(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET finished_at = now(), updated_at = now() "
                + "WHERE entity = ?")) {
            ps.setString(1, entity);
            requireOneRow(ps.executeUpdate());
        }
        if (!c.getAutoCommit()) c.commit();
    }

    /**
     * Two runs of one entity at once would each count the other's rows as skipped: the second is
     * refused. The lock is the session's, released by {@link #release} or when the connection
     * ends; a run that just ended may take a moment to let go of it, hence the short wait.
     */
    private void lockEntity(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
            st.execute("SET LOCAL lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'");
            ps.setString(1, TABLE + ":" + entity);
            ps.execute();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            if (!"55P03".equals(e.getSQLState())) throw e;
            throw CutoverException.configuration("backfill of " + entity + ": another backfill of this entity is "
                    + "running against the same database; wait for it to end");
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Lets another run of the entity start. */
    public void release(Connection c) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
            ps.setString(1, TABLE + ":" + entity);
            ps.execute();
            if (!c.getAutoCommit()) c.commit();
        } catch (SQLException ignored) {
            // The connection is gone, and its session's lock with it.
        }
    }

    private void insert(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                + " (entity, target_table, mapping_digest, run_id) VALUES (?, ?, ?, ?) ON CONFLICT (entity) DO NOTHING")) {
            ps.setString(1, entity);
            ps.setString(2, table);
            ps.setString(3, mappingDigest);
            ps.setString(4, runId);
            ps.executeUpdate();
        }
        if (!c.getAutoCommit()) c.commit();
    }

    private void setRunId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET run_id = ?, updated_at = now() WHERE entity = ?")) {
            ps.setString(1, runId);
            ps.setString(2, entity);
            ps.executeUpdate();
        }
        if (!c.getAutoCommit()) c.commit();
    }

    private void requireOneRow(int rows) throws SQLException {
        if (rows != 1) throw new SQLException("the checkpoint row of entity '" + entity + "' in " + TABLE + " is gone");
    }

    static String[] strings(Object[] key) {
        return Arrays.stream(key).map(v -> v == null ? null : v.toString()).toArray(String[]::new);
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}

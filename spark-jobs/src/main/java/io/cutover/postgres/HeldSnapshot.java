package io.cutover.postgres;

import io.cutover.outcome.CutoverException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one consistent cut of a database: a READ ONLY REPEATABLE READ transaction that exported
 * its snapshot with {@code pg_export_snapshot()} and stays open until every reader has imported
 * it (an exported snapshot dies with its transaction). Catalog reads, row counts and key
 * quantiles run in this transaction, so they describe exactly the rows the readers see.
 *
 * <p>Holding it has a price on a busy server: while it is open, vacuum keeps every row version
 * it might see (the xmin horizon stays put), and on a hot standby the import may be cancelled by
 * recovery conflicts unless {@code hot_standby_feedback} is on, which moves the same cost to the
 * primary. {@link #heldSeconds()} says how long it was held.
 */
public final class HeldSnapshot implements AutoCloseable {
    private final String database;
    private final Connection connection;
    private final String exportedId;
    private final String visibleSnapshot;
    private final String serverVersion;
    private final String takenAt;
    private final String unseenWritesSince;
    private final long takenNanos = System.nanoTime();

    private HeldSnapshot(String database, Connection connection, String exportedId, String visibleSnapshot,
                         String serverVersion, String takenAt, String unseenWritesSince) {
        this.database = database;
        this.connection = connection;
        this.exportedId = exportedId;
        this.visibleSnapshot = visibleSnapshot;
        this.serverVersion = serverVersion;
        this.takenAt = takenAt;
        this.unseenWritesSince = unseenWritesSince;
    }

    public static HeldSnapshot take(PostgresServer server, String database) {
        Connection c = server.connect(database);
        try {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot(), pg_current_snapshot()::text, "
                        + "current_setting('server_version'), " + utc("now()") + ", "
                        + utc("LEAST(now(), (SELECT min(xact_start) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                                + "AND datname = current_database()))"))) {
                    rs.next();
                    return new HeldSnapshot(database, c, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5));
                }
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw CutoverException.failure("cannot take a snapshot of database '" + database + "': "
                    + PostgresServer.describe(e), e);
        }
    }

    public Connection connection() {
        return connection;
    }

    public String database() {
        return database;
    }

    /** The id readers pass to SET TRANSACTION SNAPSHOT. */
    public String exportedId() {
        return exportedId;
    }

    /** {@code pg_current_snapshot()} of the cut (xmin:xmax:xip): which transactions the backup contains. */
    public String visibleSnapshot() {
        return visibleSnapshot;
    }

    public String serverVersion() {
        return serverVersion;
    }

    public String takenAt() {
        return takenAt;
    }

    /**
     * The earliest {@code now()} a write this snapshot does not show can carry (UTC, ISO-8601):
     * the start of the oldest transaction open in the database when it was taken (its writes
     * commit later, stamped with its start), or the snapshot's own time. Sessions of other roles
     * are counted only where this role may see them in {@code pg_stat_activity}
     * ({@code pg_read_all_stats}).
     */
    public String unseenWritesSince() {
        return unseenWritesSince;
    }

    private static String utc(String timestamp) {
        return "to_char(" + timestamp + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    }

    /**
     * What each reader runs on its fresh connection before its query. Spark's PostgreSQL dialect
     * turns autocommit off only when fetchsize > 0; with autocommit on, these SETs would apply to
     * one-statement transactions and the import would be silently lost, which a row count taken in the holding
     * transaction catches (the snapshot job checks one per table).
     */
    public String readerInitStatement() {
        return "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET TRANSACTION SNAPSHOT "
                + "'" + exportedId.replace("'", "''") + "'" + "; SET LOCAL TIME ZONE 'UTC'; SET LOCAL intervalstyle = 'iso_8601'; "
                + "SET LOCAL extra_float_digits = 3";
    }

    /** Keeps the table from being dropped or altered until the snapshot is done, as pg_dump does. */
    public void lock(String qualifiedTable) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("LOCK TABLE " + qualifiedTable + " IN ACCESS SHARE MODE");
        }
    }

    public long count(String qualifiedTable) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + qualifiedTable)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Seconds since the snapshot was taken: how long vacuum's horizon has been held back. */
    public double heldSeconds() {
        return (System.nanoTime() - takenNanos) / 1e9;
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the transaction only read; closing the connection ends it anyway
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to keep: the connection is being discarded
        }
    }
}

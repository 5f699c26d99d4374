package io.cutover.watch;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.watch.WatchSpec.WatchedDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One read of a database's cumulative statistics for the watched tables, on a fresh read-only
 * connection (so a server restart shows as a new postmaster start time, not as a dead session).
 * {@code pg_stat_clear_snapshot()} first: within a transaction statistics are cached.
 */
record StatsSample(String database, String statsReset, String postmasterStart, long nextXid,
                   Map<String, TableCounters> tables) {

    /** Counters of one table ({@code schema.table}); relfilenode changes on TRUNCATE and rewrites. */
    record TableCounters(long relid, long inserted, long updated, long deleted, long relfilenode, long pages) {}

    static StatsSample read(PostgresServer server, WatchedDatabase watched) {
        try (Connection c = server.connect(watched.database())) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
                st.execute("SELECT pg_stat_clear_snapshot()");
                String reset, started;
                long xid;
                try (ResultSet rs = st.executeQuery("SELECT (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database())::text,"
                        + " pg_postmaster_start_time()::text, pg_snapshot_xmax(pg_current_snapshot())::text::bigint")) {
                    rs.next();
                    reset = rs.getString(1);
                    started = rs.getString(2);
                    xid = rs.getLong(3);
                }
                Map<String, TableCounters> tables = new LinkedHashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT s.schemaname, s.relname, s.relid::bigint, s.n_tup_ins, s.n_tup_upd,"
                        + " s.n_tup_del, c.relfilenode::bigint, c.relpages FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
                        + " ORDER BY 1, 2")) {
                    while (rs.next()) {
                        if (!watched.watches(rs.getString(2))) continue;
                        tables.put(rs.getString(1) + "." + rs.getString(2), new TableCounters(rs.getLong(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                    }
                }
                c.rollback();
                return new StatsSample(watched.database(), reset, started, xid, tables);
            }
        } catch (SQLException e) {
            throw CutoverException.failure("watch-writes: cannot read the statistics of database '" + watched.database() + "': "
                    + PostgresServer.describe(e), e);
        }
    }

    /** Why counters between these two samples cannot be trusted, or null when they can. */
    String resetSince(StatsSample earlier) {
        if (!java.util.Objects.equals(postmasterStart, earlier.postmasterStart)) {
            return "the server restarted (pg_postmaster_start_time " + earlier.postmasterStart + " -> " + postmasterStart + ")";
        }
        if (!java.util.Objects.equals(statsReset, earlier.statsReset)) {
            return "the database's statistics were reset (pg_stat_database.stats_reset " + earlier.statsReset + " -> " + statsReset + ")";
        }
        return null;
    }
}

package io.cutover.backfill;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The instant a {@code backfill: {value: run_start}} column receives: one for the whole
 * migration, whichever run writes the row. The first run takes its own start; a later run (a
 * restart, the next entity of the silo order) takes the instant the filled rows already hold
 * (the one most of them hold), so a migration's rows never carry two.
 */
final class RunStart {
    private RunStart() {}

    /** {@code columns}: table to its run_start columns, in every in-place entity of the mapping. */
    static Instant of(PostgresServer server, String database, Map<String, List<String>> columns, Instant now) {
        if (columns.isEmpty()) return now;
        StringBuilder union = new StringBuilder();
        for (Map.Entry<String, List<String>> t : columns.entrySet()) {
            for (String c : t.getValue()) {
                if (union.length() > 0) union.append(" UNION ALL ");
                union.append("SELECT ").append(TargetTable.quote(c)).append(" AS v FROM ").append(TargetTable.quote(t.getKey()))
                        .append(" WHERE ").append(TargetTable.quote(c)).append(" IS NOT NULL");
            }
        }
        String sql = "SELECT (extract(epoch FROM m) * 1000000)::bigint FROM (SELECT mode() WITHIN GROUP (ORDER BY v) AS m FROM ("
                + union + ") held) x";
        try (Connection c = server.connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            long micros = rs.getLong(1);
            if (rs.wasNull()) return now;
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        } catch (SQLException e) {
            throw CutoverException.failure("backfill: cannot read the instant the filled rows hold in " + columns.keySet() + ": "
                    + PostgresServer.describe(e), e);
        }
    }
}

package io.cutover.testing;

import io.cutover.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Row count and an order-independent md5 of every table of some databases: equal digests, equal contents. */
public final class TableDigests {
    private TableDigests() {}

    /** {@code databases}: label -> database; the result's keys are "label.table". */
    public static Map<String, String> of(PostgresServer server, Map<String, String> databases) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> db : databases.entrySet()) {
            try (Connection c = server.connect(db.getValue()); Statement st = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
                    while (rs.next()) tables.add(rs.getString(1));
                }
                for (String t : tables) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n'"
                            + " ORDER BY t::text), '')) FROM " + t + " t")) {
                        rs.next();
                        out.put(db.getKey() + "." + t, rs.getString(1));
                    }
                }
            }
        }
        return out;
    }
}

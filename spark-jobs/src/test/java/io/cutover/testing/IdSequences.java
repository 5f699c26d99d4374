package io.cutover.testing;

import io.cutover.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The id sequences of a database (sequences owned by a column, serial or identity) and whether
 * each would hand out an id its table already holds.
 */
public final class IdSequences {
    private IdSequences() {}

    private record Owned(String sequence, String table, String column, boolean soleKey) {}

    /** "sequence last_value is_called" of every sequence of the public schema, by name. */
    public static List<String> states(PostgresServer server, String database) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT sequencename || ' ' || coalesce(last_value::text, '-') FROM pg_sequences"
                     + " WHERE schemaname = 'public' ORDER BY 1")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /**
     * Every id sequence whose next value is an id its column already holds, with the figures. Only
     * sequences whose column alone is its table's primary key hand out ids: Reddit's key-value
     * tables' thing_id has a sequence nothing calls (their key is (thing_id, key)).
     */
    public static List<String> behindTheirTable(PostgresServer server, String database) throws SQLException {
        List<String> behind = new ArrayList<>();
        try (Connection c = server.connect(database); Statement st = c.createStatement()) {
            List<Owned> owned = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("""
                    SELECT format('%I.%I', sn.nspname, s.relname), format('%I.%I', tn.nspname, t.relname), quote_ident(a.attname),
                           EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = t.oid AND i.indisprimary
                                   AND i.indnatts = 1 AND i.indkey[0] = a.attnum)
                    FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                    JOIN pg_namespace sn ON sn.oid = s.relnamespace
                    JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                    ORDER BY 1""")) {
                while (rs.next()) owned.add(new Owned(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
            }
            for (Owned o : owned) {
                if (!o.soleKey()) continue;
                try (ResultSet rs = st.executeQuery("SELECT s.last_value, s.is_called, (SELECT max(" + o.column() + ") FROM "
                        + o.table() + ") FROM " + o.sequence() + " s")) {
                    rs.next();
                    long last = rs.getLong(1);
                    boolean called = rs.getBoolean(2);
                    long max = rs.getLong(3);
                    boolean empty = rs.wasNull();
                    long next = called ? last + 1 : last;
                    if (!empty && next <= max) {
                        behind.add(o.sequence() + ": next " + next + " but " + o.table() + "." + o.column() + " holds up to " + max);
                    }
                }
            }
            if (owned.isEmpty()) behind.add("no id sequences at all in " + database);
        }
        return behind;
    }
}

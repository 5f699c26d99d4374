package io.cutover.snapshot;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads table definitions from the PostgreSQL catalog. Run on the connection that holds the
 * snapshot, so definitions and data come from the same instant.
 */
final class SourceCatalog {
    private static final Set<String> SPLITTABLE_KEYS = Set.of("int2", "int4", "int8");

    private final Connection connection;
    private final String database;

    SourceCatalog(Connection connection, String database) {
        this.connection = connection;
        this.database = database;
    }

    /** Ordinary and partitioned tables outside the system schemas (partitions are read through their parent). */
    Map<String, Long> listTables() throws SQLException {
        Map<String, Long> tables = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement("""
                SELECT n.nspname, c.relname, c.oid
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
                ORDER BY 1, 2""");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) tables.put(rs.getString(1) + "." + rs.getString(2), rs.getLong(3));
        }
        return tables;
    }

    /**
     * Resolves the requested names ({@code schema.table}, or {@code table} in {@code public}),
     * all tables when none is requested; a missing table or one we may not read is a
     * configuration error, reported before anything is written.
     */
    List<SourceTable> resolve(List<String> requested) throws SQLException {
        Map<String, Long> all = listTables();
        List<String> names = new ArrayList<>();
        if (requested == null || requested.isEmpty()) {
            names.addAll(all.keySet());
        } else {
            for (String r : requested) {
                String key = r.contains(".") ? r : "public." + r;
                if (!all.containsKey(key)) {
                    throw CutoverException.configuration("table " + key + " does not exist in database '" + database
                            + "'" + (all.isEmpty() ? " (it has no tables)" : " (its tables: " + abbreviate(all.keySet()) + ")"));
                }
                if (!names.contains(key)) names.add(key);
            }
        }
        List<SourceTable> tables = new ArrayList<>();
        for (String key : names) {
            long oid = all.get(key);
            if (!canSelect(oid)) {
                throw CutoverException.configuration("permission denied: the user cannot SELECT from " + database + "."
                        + key + " (GRANT SELECT, or leave the table out)");
            }
            int dot = key.indexOf('.');
            tables.add(describe(key.substring(0, dot), key.substring(dot + 1), oid));
        }
        return tables;
    }

    private boolean canSelect(long oid) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT has_table_privilege(?::oid, 'SELECT')")) {
            st.setLong(1, oid);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private SourceTable describe(String schema, String name, long oid) throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        // attidentity 'a'/'d' and attgenerated 's' (PostgreSQL 12+); an identity column's sequence
        // options come from pg_sequence through its internal dependency (pg_depend deptype 'i').
        try (PreparedStatement st = connection.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname, t.typtype = 'b', a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
                       (SELECT format('SEQUENCE NAME %I.%I START WITH %s INCREMENT BY %s MINVALUE %s MAXVALUE %s CACHE %s %s',
                                      sn.nspname, sc.relname, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
                                      CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END)
                        FROM pg_depend dep JOIN pg_sequence s ON s.seqrelid = dep.objid
                        JOIN pg_class sc ON sc.oid = s.seqrelid JOIN pg_namespace sn ON sn.oid = sc.relnamespace
                        WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass
                          AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i')
                FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""")) {
            st.setLong(1, oid);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String identity = switch (rs.getString(7)) {
                        case "a" -> "always";
                        case "d" -> "by default";
                        default -> null;
                    };
                    boolean generated = "s".equals(rs.getString(8));
                    String expression = rs.getString(6);
                    columns.add(new SourceColumn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(5),
                            generated ? null : expression, ColumnEncoding.forType(rs.getString(3), rs.getBoolean(4)),
                            identity, identity == null ? null : rs.getString(9), generated ? expression : null));
                }
            }
        }
        List<String> constraints = new ArrayList<>();
        String qualified = Sql.qualified(schema, name);
        try (PreparedStatement st = connection.prepareStatement("""
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = ?::oid AND contype IN ('p', 'u', 'c', 'x', 'f')
                ORDER BY contype = 'f', contype <> 'p', conname""")) {
            st.setLong(1, oid);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    constraints.add("ALTER TABLE " + qualified + " ADD CONSTRAINT " + Sql.quote(rs.getString(1)) + " "
                            + rs.getString(2));
                }
            }
        }
        List<String> indexes = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement("""
                SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                WHERE i.indrelid = ?::oid
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
                ORDER BY i.indexrelid""")) {
            st.setLong(1, oid);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) indexes.add(rs.getString(1));
            }
        }
        SourceColumn splitKey = null;
        try (PreparedStatement st = connection.prepareStatement("""
                SELECT a.attname FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                WHERE i.indrelid = ?::oid AND (i.indisprimary OR i.indisunique) AND i.indkey[0] > 0
                ORDER BY i.indisprimary DESC, i.indnatts, i.indexrelid""")) {
            st.setLong(1, oid);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next() && splitKey == null) {
                    String column = rs.getString(1);
                    splitKey = columns.stream()
                            .filter(c -> c.name().equals(column) && SPLITTABLE_KEYS.contains(c.typname()))
                            .findFirst().orElse(null);
                }
            }
        }
        return new SourceTable(database, schema, name, oid, List.copyOf(columns), List.copyOf(constraints),
                List.copyOf(indexes), splitKey);
    }

    private static String abbreviate(java.util.Collection<String> names) {
        List<String> list = new ArrayList<>(names);
        return list.size() <= 10 ? String.join(", ", list) : String.join(", ", list.subList(0, 10)) + ", ... (" + list.size() + ")";
    }

    static String describe(SQLException e) {
        return PostgresServer.describe(e);
    }
}

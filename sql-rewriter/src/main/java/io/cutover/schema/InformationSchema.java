package io.cutover.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog of one schema of a live PostgreSQL database: base tables and their columns from
 * {@code information_schema}, keys from {@code pg_index} (a unique index is a key as much as a
 * constraint is, and {@code information_schema} lists only constraints). Plain JDBC: the caller
 * owns the connection.
 */
public final class InformationSchema implements CatalogSource {
    private static final String COLUMNS = """
            SELECT c.table_name, c.column_name, c.udt_name, c.character_maximum_length,
                   c.numeric_precision, c.numeric_scale, c.is_nullable, c.datetime_precision
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position""";
    /** Unique indexes on plain columns over all rows: a partial or expression index is no key. */
    private static final String KEYS = """
            SELECT t.relname, i.indisprimary, array_agg(a.attname ORDER BY k.ord)::text[]
            FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE n.nspname = ? AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
            GROUP BY i.indexrelid, t.relname, i.indisprimary
            ORDER BY t.relname, NOT i.indisprimary, i.indexrelid""";

    private final Connection connection;
    private final String schema;

    /** The schema ({@code public} unless the tables live elsewhere) read over this connection. */
    public InformationSchema(Connection connection, String schema) {
        this.connection = connection;
        this.schema = schema;
    }

    public InformationSchema(Connection connection) {
        this(connection, "public");
    }

    /** The catalog as the database holds it now; a failed read is an {@link IllegalStateException}. */
    @Override
    public Catalog read() {
        try {
            Map<String, Map<String, Catalog.ColumnDef>> columns = columns();
            Map<String, List<List<String>>> keys = keys();
            Map<String, Catalog.TableDef> tables = new LinkedHashMap<>();
            columns.forEach((table, cols) -> tables.put(table, new Catalog.TableDef(table,
                    Collections.unmodifiableMap(cols), List.copyOf(keys.getOrDefault(table, List.of())))));
            return new Catalog(Collections.unmodifiableMap(tables));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalog of schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Map<String, Catalog.ColumnDef>> columns() throws SQLException {
        Map<String, Map<String, Catalog.ColumnDef>> out = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement(COLUMNS)) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String udt = rs.getString(3);
                    Integer precision = udt.equals("numeric") ? integer(rs, 5) : integer(rs, 8);
                    String type = SqlTypes.fromCatalog(udt, integer(rs, 4), precision, integer(rs, 6));
                    String column = rs.getString(2);
                    out.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>())
                            .put(column, new Catalog.ColumnDef(column, type, rs.getString(7).equals("NO")));
                }
            }
        }
        return out;
    }

    private Map<String, List<List<String>>> keys() throws SQLException {
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement(KEYS)) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    List<String> key = List.of((String[]) rs.getArray(3).getArray());
                    List<List<String>> table = out.computeIfAbsent(rs.getString(1), t -> new ArrayList<>());
                    if (!table.contains(key)) table.add(key);
                }
            }
        }
        return out;
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}

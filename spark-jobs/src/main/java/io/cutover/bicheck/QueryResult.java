package io.cutover.bicheck;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows one query returned, with values normalized so that equal results compare equal
 * across two schemas: numbers as BigDecimal without trailing zeros (an int column and a bigint
 * column holding 3 are the same 3), floating point kept as Double for a tolerant comparison,
 * timestamps as instants, everything else as its text.
 */
record QueryResult(List<String> columns, List<List<Object>> rows) {

    /** Runs the query read-only in its own transaction, which is rolled back. */
    static QueryResult run(Connection connection, String sql, int timeoutSeconds) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("SET TRANSACTION READ ONLY");
            st.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) columns.add(md.getColumnLabel(i));
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) row.add(normalize(rs.getObject(i)));
                    rows.add(row);
                }
                return new QueryResult(List.copyOf(columns), rows);
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * True when equal results of this shape would prove nothing: no rows, or only NULLs and zeros
     * (the aggregates of an empty selection: {@code count(*)} 0, {@code sum} and {@code avg} NULL).
     */
    boolean provesNothing() {
        return rows.stream().flatMap(List::stream)
                .allMatch(v -> v == null || (v instanceof BigDecimal d && d.signum() == 0) || (v instanceof Double x && x == 0.0));
    }

    static Object normalize(Object v) {
        if (v == null) return null;
        if (v instanceof Double || v instanceof Float) return ((Number) v).doubleValue();
        if (v instanceof BigDecimal d) return d.signum() == 0 ? BigDecimal.ZERO : new BigDecimal(d.stripTrailingZeros().toPlainString());
        if (v instanceof Number n) return BigDecimal.valueOf(n.longValue());
        if (v instanceof java.sql.Timestamp t) return t.toInstant();
        if (v instanceof Boolean) return v;
        return v.toString();
    }
}

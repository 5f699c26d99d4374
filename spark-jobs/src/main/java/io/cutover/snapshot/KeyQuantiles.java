package io.cutover.snapshot;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Splits a table into ranges of its key holding about the same number of rows. Equal-width
 * strides between min and max skew badly on sparse or clustered ids; quantiles do not. The
 * quantiles come from the held snapshot: exact on small tables, from a block sample on big ones
 * (a sample only moves boundaries, never loses rows: the ranges are open at both ends).
 */
final class KeyQuantiles {
    /** Above this many rows the quantiles come from a TABLESAMPLE rather than a full sort. */
    static final long EXACT_LIMIT = 2_000_000;
    private static final long SAMPLE_ROWS = 200_000;

    private KeyQuantiles() {}

    /** The WHERE clauses of the splits: they cover every row exactly once, NULL keys included. */
    static List<String> predicates(Connection held, SourceTable table, long rows, int splits) throws SQLException {
        SourceColumn key = table.splitKey();
        if (key == null || splits <= 1) return List.of();
        StringBuilder fractions = new StringBuilder();
        for (int i = 1; i < splits; i++) fractions.append(i == 1 ? "" : ",").append((double) i / splits);
        String sample = rows > EXACT_LIMIT
                ? " TABLESAMPLE SYSTEM (" + Math.min(100.0, 100.0 * SAMPLE_ROWS / rows) + ")"
                : "";
        String sql = "SELECT percentile_disc(ARRAY[" + fractions + "]::float8[]) WITHIN GROUP (ORDER BY "
                + key.quotedName() + ") FROM " + table.qualifiedName() + sample;
        TreeSet<Long> bounds = new TreeSet<>();
        try (Statement st = held.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            Array a = rs.getArray(1);
            if (a != null) {
                for (Object o : (Object[]) a.getArray()) if (o != null) bounds.add(((Number) o).longValue());
            }
        }
        return ranges(key.quotedName(), new ArrayList<>(bounds));
    }

    static List<String> ranges(String column, List<Long> bounds) {
        if (bounds.isEmpty()) return List.of();
        List<String> predicates = new ArrayList<>();
        predicates.add(column + " < " + bounds.get(0) + " OR " + column + " IS NULL");
        for (int i = 1; i < bounds.size(); i++) {
            predicates.add(column + " >= " + bounds.get(i - 1) + " AND " + column + " < " + bounds.get(i));
        }
        predicates.add(column + " >= " + bounds.get(bounds.size() - 1));
        return predicates;
    }
}

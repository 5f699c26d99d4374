package io.cutover.traffic;

import io.cutover.demo.schema.Changes;
import io.cutover.demo.schema.Row;
import io.cutover.demo.schema.Rows;
import io.cutover.demo.schema.Table;
import io.cutover.demo.schema.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a live write as statements on one connection, in its open transaction: a row is
 * an INSERT with explicit ids, after which the table's sequence is raised to the id (the planner
 * chooses every id, as {@link SequenceFloor} says). {@link Rows#NOW} is the transaction's
 * {@code now()}. A failing statement surfaces as {@link Failed}, whose cause the writer rethrows.
 */
final class LiveTables implements Changes {
    private final Connection connection;
    private final SequenceFloor sequences;
    /**
     * The new tables while the backfill has not reached every row: an edit of a row not there yet
     * changes 0 rows, as the app's UPDATE does, and is counted instead of failing.
     */
    private final boolean rowsMayBeAbsent;
    private long absentRows;

    /** A statement of a live write failed: its {@link SQLException} is the cause. */
    static final class Failed extends RuntimeException {
        Failed(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    LiveTables(Connection connection, SequenceFloor sequences) {
        this(connection, sequences, false);
    }

    LiveTables(Connection connection, SequenceFloor sequences, boolean rowsMayBeAbsent) {
        this.connection = connection;
        this.sequences = sequences;
        this.rowsMayBeAbsent = rowsMayBeAbsent;
    }

    /** Changes that found no row to change (only when rows may be absent). */
    long absentRows() {
        return absentRows;
    }

    @Override
    public Row row(Table table) {
        return new Insert(table, "");
    }

    @Override
    public Row rowUnlessPresent(Table table, String uniqueColumn) {
        return new Insert(table, " ON CONFLICT (" + uniqueColumn + ") DO NOTHING");
    }

    @Override
    public Row rowReplacing(Table table, String... keyColumns) {
        List<String> keys = List.of(keyColumns);
        StringBuilder set = new StringBuilder();
        for (String c : table.columns()) {
            if (keys.contains(c)) continue;
            set.append(set.length() == 0 ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
        }
        return new Insert(table, " ON CONFLICT (" + String.join(", ", keys) + ") DO UPDATE SET " + set);
    }

    @Override
    public void exactlyOne(String sql, Object... values) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, values);
            int n = ps.executeUpdate();
            if (n == 0 && rowsMayBeAbsent) {
                absentRows++;
                return;
            }
            if (n != 1) throw new SQLException(sql + " changed " + n + " rows for " + values[values.length - 1] + ", expected 1");
        } catch (SQLException e) {
            throw new Failed(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) ps.setNull(i + 1, java.sql.Types.NULL);
            else ps.setObject(i + 1, v);
        }
    }

    /** One INSERT: the values as parameters, the transaction time and the JSON cast written into the SQL. */
    private final class Insert implements Row {
        private final Table table;
        private final String conflict;
        /** Each column's value (null for the transaction time), and the parameters among them. */
        private final List<Object> fields = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();
        private final StringBuilder placeholders = new StringBuilder();

        Insert(Table table, String conflict) {
            this.table = table;
            this.conflict = conflict;
        }

        private Insert add(String placeholder, Object value) {
            placeholders.append(fields.isEmpty() ? "" : ", ").append(placeholder);
            fields.add(value);
            if (placeholder.contains("?")) parameters.add(value);
            return this;
        }

        @Override
        public Row number(long value) {
            return add("?", value);
        }

        @Override
        public Row number(Long value) {
            return add("?", value);
        }

        @Override
        public Row text(String value) {
            return add("?", value);
        }

        @Override
        public Row json(String value) {
            return add("CAST(? AS jsonb)", value);
        }

        @Override
        public Row bool(boolean value) {
            return add("?", value);
        }

        @Override
        public Row bool(Boolean value) {
            return add("?", value);
        }

        @Override
        public Row timestamp(long epochMicros) {
            return epochMicros == Rows.NOW ? add("now()", null) : add("?", Timestamps.utc(epochMicros));
        }

        @Override
        public Row nul() {
            return add("?", null);
        }

        @Override
        public void endRow() {
            List<String> columns = table.columns();
            if (fields.size() != columns.size()) {
                throw new IllegalStateException(table.name() + " has " + columns.size() + " columns, the row " + fields.size());
            }
            String sql = "INSERT INTO " + table.name() + " (" + String.join(", ", columns) + ") VALUES (" + placeholders + ")"
                    + conflict;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                bind(ps, parameters.toArray());
                ps.executeUpdate();
                if (table.sequenceColumn() != null) {
                    long id = ((Number) fields.get(columns.indexOf(table.sequenceColumn()))).longValue();
                    sequences.raise(table.name(), table.sequenceColumn(), id);
                }
            } catch (SQLException e) {
                throw new Failed(e);
            }
        }
    }
}

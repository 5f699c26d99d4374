package io.cutover.traffic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps each id sequence at or above the ids the traffic writes. The planner chooses every id
 * itself (the same seed on the same world gives the same ids, whatever a lost write skipped), so
 * the rows are written with explicit ids, and the table's sequence (serial or identity, found
 * with {@code pg_get_serial_sequence}) is moved up to the id just written, as if the app had
 * taken it from there: a snapshot taken while traffic runs then records sequences above its
 * rows, as on the real databases. Tables without a sequence (worlds made before the demo had
 * them) are left alone. {@code setval} is not transactional, so a rolled-back write leaves a gap,
 * as a real {@code nextval} does.
 */
final class SequenceFloor {
    private final Connection connection;
    /** "table.column" to the sequence's regclass text, "" when the column has none. */
    private final Map<String, String> sequences = new HashMap<>();

    SequenceFloor(Connection connection) {
        this.connection = connection;
    }

    void raise(String table, String column, long id) throws SQLException {
        String sequence = sequences.get(table + "." + column);
        if (sequence == null) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT coalesce(pg_get_serial_sequence(?, ?), '')")) {
                ps.setString(1, table);
                ps.setString(2, column);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    sequence = rs.getString(1);
                }
            }
            sequences.put(table + "." + column, sequence);
        }
        if (sequence.isEmpty()) return;
        try (PreparedStatement ps = connection.prepareStatement("SELECT setval(?::regclass, ?) FROM " + sequence
                + " WHERE last_value < ? OR (last_value = ? AND NOT is_called)")) {
            ps.setString(1, sequence);
            ps.setLong(2, id);
            ps.setLong(3, id);
            ps.setLong(4, id);
            ps.execute();
        }
    }
}

package io.cutover.repair;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the target tables hold now, read when the plan is made: a table's columns, a whole row as
 * JSON (what a delete compares and sets on) and a stored aggregate with its recount. One plain
 * read each, on the repair's own connection; the plan's statements compare against what these return.
 */
final class CurrentRows {
    private final Connection connection;
    private final Map<String, Set<String>> columns = new HashMap<>();

    CurrentRows(Connection connection) {
        this.connection = connection;
    }

    /** The table's columns (lower case); empty when there is no such table. */
    Set<String> columns(String table) {
        return columns.computeIfAbsent(table, t -> {
            Set<String> names = new HashSet<>();
            try (PreparedStatement st = connection.prepareStatement(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = current_schema()")) {
                st.setString(1, t);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) names.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
                }
            } catch (SQLException e) {
                throw failure("the columns of " + t, e);
            }
            return names;
        });
    }

    /** The row the condition finds, as {@code to_jsonb} text, or empty when there is none. */
    Optional<String> rowJson(String table, String condition) {
        return single("SELECT to_jsonb(t)::text FROM " + SqlText.identifier(table) + " t WHERE " + condition, table);
    }

    /** The stored value and its recount for one row, as text; empty when the row is gone. */
    Optional<String[]> aggregate(String table, String valueColumn, String recount, String condition) {
        String sql = "SELECT t." + SqlText.identifier(valueColumn) + "::text, (" + recount + ")::text FROM "
                + SqlText.identifier(table) + " t WHERE " + condition;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) return Optional.empty();
            String[] values = {rs.getString(1), rs.getString(2)};
            if (rs.next()) throw CutoverException.configuration("repair: the key of " + table + " finds two rows: " + condition);
            return Optional.of(values);
        } catch (SQLException e) {
            throw failure("the aggregate of " + table, e);
        }
    }

    private Optional<String> single(String sql, String table) {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) return Optional.empty();
            String value = rs.getString(1);
            if (rs.next()) throw CutoverException.configuration("repair: a key of " + table + " finds two rows: " + sql);
            return Optional.of(value);
        } catch (SQLException e) {
            throw failure("a row of " + table, e);
        }
    }

    private static CutoverException failure(String what, SQLException e) {
        return CutoverException.failure("repair: cannot read " + what + ": " + PostgresServer.describe(e), e);
    }
}

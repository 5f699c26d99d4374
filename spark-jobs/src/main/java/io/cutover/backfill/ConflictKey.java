package io.cutover.backfill;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Checks, before anything is written, that the target database has a unique index on exactly
 * the backfill's key: {@code ON CONFLICT (key)} needs one to name, and without it a chunk would
 * fail half-way through a run instead of at its start.
 */
final class ConflictKey {
    private ConflictKey() {}

    static void requireUniqueIndex(Connection c, String entity, TargetTable target) {
        List<Set<String>> unique = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL, ARRAY(SELECT a.attname::text "
                + "FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)) "
                + "FROM (SELECT 1) one LEFT JOIN pg_index i ON i.indrelid = to_regclass(?) AND i.indisunique "
                + "AND i.indpred IS NULL AND i.indexprs IS NULL")) {
            ps.setString(1, TargetTable.quote(target.table()));
            ps.setString(2, TargetTable.quote(target.table()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getBoolean(1)) {
                        throw CutoverException.configuration("backfill of " + entity + ": the target database has no table "
                                + target.table());
                    }
                    Array columns = rs.getArray(2);
                    String[] names = (String[]) columns.getArray();
                    if (names.length > 0) unique.add(Set.copyOf(Arrays.asList(names)));
                }
            }
            if (!c.getAutoCommit()) c.commit();
        } catch (SQLException e) {
            throw CutoverException.failure("backfill of " + entity + ": cannot read the indexes of " + target.table() + ": "
                    + PostgresServer.describe(e), e);
        }
        if (!unique.contains(Set.copyOf(target.key()))) {
            throw CutoverException.configuration("backfill of " + entity + ": " + target.table() + " has no unique index or "
                    + "key on (" + String.join(", ", target.key()) + "), which ON CONFLICT must name to leave the app's rows "
                    + "alone; unique column sets there: " + unique);
        }
    }
}

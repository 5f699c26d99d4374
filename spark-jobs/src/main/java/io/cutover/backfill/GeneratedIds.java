package io.cutover.backfill;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The target's columns that draw a value from a sequence when a row leaves them out: identity
 * columns and {@code nextval(...)} defaults. When the backfill's rows omit one (a renumbered
 * surrogate, a vote's own id), every row formed draws a number, even one ON CONFLICT then skips.
 */
final class GeneratedIds {
    private GeneratedIds() {}

    /** The generated columns of {@code target} its rows do not carry. */
    static List<String> omitted(Connection c, String entity, TargetTable target) {
        List<String> omitted = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname::text FROM pg_attribute a "
                + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped "
                + "AND (a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%')")) {
            ps.setString(1, TargetTable.quote(target.table()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!target.columns().contains(rs.getString(1))) omitted.add(rs.getString(1));
                }
            }
            if (!c.getAutoCommit()) c.commit();
        } catch (SQLException e) {
            throw CutoverException.failure("backfill of " + entity + ": cannot read the columns of " + target.table() + ": "
                    + PostgresServer.describe(e), e);
        }
        return omitted;
    }
}

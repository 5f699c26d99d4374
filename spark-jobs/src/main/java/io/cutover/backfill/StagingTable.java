package io.cutover.backfill;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * A session-temporary table a chunk is copied into before it touches the target. It is made by
 * selecting the written columns from the target {@code WITH NO DATA}, so each column has the
 * target's type but none of its constraints or identity (a row may omit the surrogate), and
 * {@code ON COMMIT DELETE ROWS} empties it at the end of each chunk's transaction, rolled back or not.
 */
final class StagingTable {
    private final String name;
    private final String createSql;
    private boolean created;

    private StagingTable(String name, String createSql) {
        this.name = name;
        this.createSql = createSql;
    }

    /** The written columns of {@code target}, one row per row of a chunk. */
    static StagingTable forRows(TargetTable target) {
        String name = "cutover_stage_" + target.table();
        return new StagingTable(name, "CREATE TEMP TABLE " + TargetTable.quote(name) + " ON COMMIT DELETE ROWS AS SELECT "
                + TargetTable.list(target.columns(), "") + " FROM " + TargetTable.quote(target.table()) + " WITH NO DATA");
    }

    /**
     * The rows to compare-and-set: the key, the current values, the values the backfill wrote
     * ({@code was_<column>}) and whether the old row now stands for no row at all ({@code gone}).
     */
    static StagingTable forRereads(TargetTable target) {
        String name = "cutover_reread_" + target.table();
        StringBuilder select = new StringBuilder(TargetTable.list(target.columns(), ""));
        for (String c : target.valueColumns()) select.append(", ").append(TargetTable.quote(c)).append(" AS ").append(TargetTable.quote("was_" + c));
        select.append(", false AS gone");
        return new StagingTable(name, "CREATE TEMP TABLE " + TargetTable.quote(name) + " ON COMMIT DELETE ROWS AS SELECT "
                + select + " FROM " + TargetTable.quote(target.table()) + " WITH NO DATA");
    }

    String name() {
        return TargetTable.quote(name);
    }

    /** Copies the rows in, inside the caller's transaction; creates the table on first use. */
    void copy(Connection c, List<Object[]> rows) throws SQLException {
        if (!created) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS pg_temp." + TargetTable.quote(name));
                st.execute(createSql);
            }
            created = true;
        }
        try {
            new CopyManager(c.unwrap(BaseConnection.class)).copyIn("COPY " + name() + " FROM STDIN",
                    new ByteArrayInputStream(CopyTextRows.encode(rows)));
        } catch (IOException e) {
            throw new SQLException("COPY into " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** After a rollback that may have undone the table's creation. */
    void forget() {
        created = false;
    }
}

package io.cutover.verify;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.snapshot.ParquetFiles;
import io.cutover.storage.Location;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * How many rows a table holds, known before it is read, so that progress has a total: a
 * snapshot's Parquet footers, the line count of a CSV export, and for a live table the
 * planner's estimate (an exact count only when the table was never analysed).
 */
final class InputRows {
    private final Map<String, Long> known = new HashMap<>();
    private boolean estimated;

    long of(SourceLocation location, String table) {
        return known.computeIfAbsent(location + "/" + table, k -> count(location, table));
    }

    long of(SourceLocation.CsvFile csv) {
        return known.computeIfAbsent(csv.toString(), k -> dataLines(csv.file()));
    }

    /** Whether some count is PostgreSQL's estimate rather than exact. */
    boolean estimated() {
        return estimated;
    }

    private long count(SourceLocation location, String table) {
        if (location instanceof SourceLocation.Snapshot snap) return footers(snap.directory().resolve("public." + table));
        if (location instanceof SourceLocation.Database db) return estimate(db, table);
        throw new IllegalArgumentException(location + " holds no tables");
    }

    private static long footers(Location dir) {
        try {
            long rows = 0;
            for (Location file : ParquetFiles.list(dir)) rows += ParquetFiles.footerRows(file);
            return rows;
        } catch (IOException e) {
            throw CutoverException.configuration("cannot read the Parquet files of " + dir + ": " + e.getMessage());
        }
    }

    private long estimate(SourceLocation.Database db, String table) {
        String sql = "SELECT CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END FROM pg_class c"
                + " WHERE c.oid = to_regclass(?)";
        try (Connection c = db.server().connect(db.database())) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw CutoverException.configuration("table " + table + " does not exist in " + db);
                    Object estimate = rs.getObject(1);
                    if (estimate != null) {
                        estimated = true;
                        return ((Number) estimate).longValue();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw CutoverException.failure("cannot count the rows of " + table + " in " + db + ": " + PostgresServer.describe(e), e);
        }
    }

    /** Lines after the header (a quoted value spanning lines would count twice: an estimate's error). */
    private static long dataLines(Location file) {
        byte[] buf = new byte[1 << 20];
        long lines = 0;
        int last = '\n';
        try (InputStream in = file.open()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
                last = buf[n - 1];
            }
        } catch (IOException e) {
            throw CutoverException.configuration("cannot read " + file + ": " + e.getMessage());
        }
        if (last != '\n') lines++;
        return Math.max(0, lines - 1);
    }
}

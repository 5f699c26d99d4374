package io.cutover.backfill;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.progress.Progress;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;

/**
 * {@code --pause-while SQL}: a query returning one boolean (e.g. replication lag over a bound),
 * asked before every chunk; while it returns true the backfill waits, asking again every
 * {@code every}, and says so. It runs on its own autocommit connection, never inside a chunk.
 */
public final class PauseWhile {
    private static final Duration SAY_AGAIN = Duration.ofSeconds(10);

    private final Connection connection;
    private final String sql;
    private final Duration every;
    private final Pacing pacing;

    public PauseWhile(Connection connection, String sql, Duration every, Pacing pacing) {
        this.connection = connection;
        this.sql = sql;
        this.every = every;
        this.pacing = pacing;
    }

    /** Asks once, before anything is written: a query that is not one boolean is a usage error (exit 2). */
    public void validate() {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            if (md.getColumnCount() != 1 || (md.getColumnType(1) != Types.BIT && md.getColumnType(1) != Types.BOOLEAN)) {
                throw CutoverException.configuration("--pause-while must return a single boolean column, got "
                        + md.getColumnCount() + " column(s) starting with type " + md.getColumnTypeName(1) + ": " + sql);
            }
        } catch (SQLException e) {
            throw CutoverException.configuration("--pause-while cannot run: " + PostgresServer.describe(e) + ": " + sql);
        }
    }

    /** Waits while the query is true; returns how long it paused. Lines go to {@code out}, prefixed with {@code label}. */
    public Duration await(String label, PrintStream out) throws InterruptedException {
        long start = pacing.nanoTime();
        long lastSaid = Long.MIN_VALUE;
        while (holds()) {
            long now = pacing.nanoTime();
            if (lastSaid == Long.MIN_VALUE || now - lastSaid >= SAY_AGAIN.toNanos()) {
                out.println("  " + label + ": paused, --pause-while is true"
                        + (lastSaid == Long.MIN_VALUE ? "" : " (for " + Progress.formatDuration((now - start) / 1e9) + ")")
                        + "; asking again every " + (every.toMillis() < 1000 ? every.toMillis() + " ms"
                        : Progress.formatDuration(every.toNanos() / 1e9)));
                lastSaid = now;
            }
            pacing.sleepNanos(every.toNanos());
        }
        Duration paused = Duration.ofNanos(pacing.nanoTime() - start);
        if (lastSaid != Long.MIN_VALUE) {
            out.println("  " + label + ": resumed after " + Progress.formatDuration(paused.toNanos() / 1e9) + " paused");
        }
        return paused;
    }

    /** True when the query returns true; NULL or no row does not pause. */
    boolean holds() {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            throw CutoverException.failure("--pause-while failed: " + PostgresServer.describe(e), e);
        }
    }
}

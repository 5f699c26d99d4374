package io.cutover.repair;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a plan in chunks, one short transaction each with a lock_timeout, so that the app waits
 * at most that long on a row repair holds. A statement that changes no row found the row changed
 * since it was seen: it is reported as skipped. Any error rolls its whole chunk back and stops
 * the run (exit 3), naming the chunk; the chunks before it stay applied, and running the plan's
 * repair again finds them fixed.
 */
public final class PlanExecutor {
    private final Connection connection;
    private final int chunkSize;
    private final Duration lockTimeout;

    public PlanExecutor(Connection connection, int chunkSize, Duration lockTimeout) {
        if (chunkSize < 1) throw CutoverException.configuration("repair: --chunk-size must be at least 1");
        this.connection = connection;
        this.chunkSize = chunkSize;
        this.lockTimeout = lockTimeout;
    }

    public Executed execute(List<Fix> fixes) {
        long applied = 0;
        List<Fix> skipped = new ArrayList<>();
        for (int from = 0; from < fixes.size(); from += chunkSize) {
            List<Fix> chunk = fixes.subList(from, Math.min(fixes.size(), from + chunkSize));
            List<Fix> chunkSkipped = new ArrayList<>();
            long chunkApplied = 0;
            try {
                connection.setAutoCommit(false);
                try (Statement st = connection.createStatement()) {
                    st.execute("SET LOCAL lock_timeout = '" + Math.max(1, lockTimeout.toMillis()) + "ms'");
                    for (Fix f : chunk) {
                        int n = st.executeUpdate(f.sql());
                        if (n > 1) {
                            throw CutoverException.failure("repair: the statement for " + f.entity() + " " + f.key()
                                    + " changed " + n + " rows, not one; the chunk is rolled back", null);
                        }
                        if (n == 1) chunkApplied++;
                        else chunkSkipped.add(f);
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollback();
                String why = e instanceof SQLException s ? ("55P03".equals(s.getSQLState())
                        ? "a lock was not granted within the lock_timeout of " + lockTimeout.toMillis() + " ms (the application holds it)"
                        : PostgresServer.describe(s)) : e.getMessage();
                throw CutoverException.failure("repair: chunk " + (from / chunkSize + 1) + " (statements " + (from + 1) + " to "
                        + (from + chunk.size()) + ", from " + chunk.get(0).entity() + " " + chunk.get(0).key() + ") failed and was"
                        + " rolled back, nothing of it is applied; " + applied + " statements of earlier chunks are: " + why, e);
            }
            applied += chunkApplied;
            skipped.addAll(chunkSkipped);
        }
        return new Executed(applied, skipped);
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is gone: the server rolled the transaction back already.
        }
    }
}

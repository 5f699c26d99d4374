package io.cutover.backfill;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.progress.Progress;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A backfill step that recomputes target rows from other target rows (the comment trees from the
 * comments, a total from the rows it counts) rather than from the old sources: it walks the rows
 * of a driving table in key order, a chunk of keys at a time, each chunk one short transaction
 * with the lock timeout, paced as the entities are ({@code --pause-while},
 * {@code --max-rows-per-s}), and checkpointed in {@code cutover_backfill} like them: the last key
 * done moves in the chunk's own transaction, a restart continues after it, a finished step writes
 * nothing.
 */
final class DerivedStep {

    /** What the step does to a chunk of the driving table's keys, inside the chunk's transaction. */
    interface Derivation {
        /** The step's name in {@code cutover_backfill} and in the run's output. */
        String name();

        /** What the checkpoint records as the step's table(s). */
        String tables();

        /** The table walked and its one key column. */
        String drivingTable();

        String drivingKey();

        /** Brings the chunk's rows to what the target's rows say now; rows written and rows already right. */
        Counts apply(Connection c, List<Object> keys) throws SQLException;

        /** A line on what the step did in all, printed before its summary (null: none). */
        default String detail() {
            return null;
        }
    }

    /** Rows written, rows found already right, writes left to another writer (a compare-and-set that missed). */
    record Counts(long written, long unchanged, long leftToOthers) {}


    private final PostgresServer server;
    private final String database;
    private final String mappingDigest;
    private final String runId;
    private final BackfillOptions options;
    private final PrintStream out;

    DerivedStep(PostgresServer server, String database, String mappingDigest, String runId, BackfillOptions options, PrintStream out) {
        this.server = server;
        this.database = database;
        this.mappingDigest = mappingDigest;
        this.runId = runId;
        this.options = options;
        this.out = out;
    }

    BackfillSummary run(Derivation step) {
        String label = "backfill " + step.name();
        BackfillCheckpoint checkpoint = new BackfillCheckpoint(step.name(), step.tables(), mappingDigest, runId);
        try (Connection c = server.connect(database); Connection pauseConnection = options.pauseWhile() == null ? null
                : server.connect(database)) {
            ResumePoint resume = checkpoint.open(c);
            try {
                if (resume.finished()) {
                    BackfillSummary done = new BackfillSummary(step.name(), step.tables(), 0, 0, 0, 0, 0, 0, 0, true);
                    out.println(done.line());
                    return done;
                }
                return walk(step, c, pauseConnection, checkpoint, resume, label);
            } finally {
                checkpoint.release(c);
            }
        } catch (SQLException e) {
            throw CutoverException.failure(label + ": " + PostgresServer.describe(e), e);
        }
    }

    private BackfillSummary walk(Derivation step, Connection c, Connection pauseConnection, BackfillCheckpoint checkpoint,
                                 ResumePoint resume, String label) throws SQLException {
        String table = TargetTable.quote(step.drivingTable()), key = TargetTable.quote(step.drivingKey());
        String type = keyType(c, step);
        String after = resume.started() ? resume.lastKey().get(0) : null;
        String next = "SELECT " + key + " FROM " + table + " WHERE " + key + " IS NOT NULL"
                + " AND (CAST(? AS text) IS NULL OR " + key + " > CAST(? AS " + type + ")) ORDER BY " + key + " LIMIT ?";
        long expected = count("SELECT count(*) FROM " + table + " WHERE CAST(? AS text) IS NULL OR " + key + " > CAST(? AS "
                + type + ")", c, after);
        if (resume.started()) {
            out.println("  " + label + ": resuming after " + step.drivingKey() + " = " + after);
        }
        PauseWhile pause = pauseConnection == null ? null
                : new PauseWhile(pauseConnection, options.pauseWhile(), options.pauseCheck(), options.pacing());
        Throttle throttle = new Throttle(options.maxRowsPerSecond(), options.pacing());
        Progress progress = new Progress(label, step.drivingTable() + " rows", expected, out, options.progressInterval());
        ChunkSizer keysPerChunk = keysPerChunk(options.chunkSizer());
        long written = 0, unchanged = 0, others = 0;
        int chunks = 0, size = keysPerChunk.initial();
        while (true) {
            List<Object> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(next)) {
                ps.setString(1, after);
                ps.setString(2, after);
                ps.setInt(3, size);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) keys.add(rs.getObject(1));
                }
            }
            if (keys.isEmpty()) break;
            String range = step.drivingKey() + " " + keys.get(0) + " .. " + keys.get(keys.size() - 1);
            try {
                if (pause != null) pause.await(label, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CutoverException.failure(label + ": interrupted before chunk " + range, e);
            }
            long start = System.nanoTime();
            Counts counts;
            try {
                c.setAutoCommit(false);
                ChunkWriter.setLockTimeout(c, options.lockTimeout());
                counts = step.apply(c, keys);
                checkpoint.advance(c, new Object[] {keys.get(keys.size() - 1)}, counts.written(), counts.unchanged());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                ChunkWriter.rollback(c);
                out.println(new BackfillSummary(step.name(), step.tables(), written, unchanged, 0, others, keys.size(), chunks,
                        progress.seconds(), false).line());
                String why = e instanceof SQLException s ? ("55P03".equals(s.getSQLState())
                        ? "a lock was not granted within the lock_timeout of " + options.lockTimeout().toMillis()
                          + " ms (the application holds it); run again when it is quieter or raise the lock timeout"
                        : PostgresServer.describe(s)) : e.getMessage();
                throw CutoverException.failure(label + ": chunk " + range + " (" + keys.size() + " " + step.drivingTable()
                        + " rows) failed and was rolled back, nothing of it is written and the checkpoint stays before it: " + why, e);
            } finally {
                c.setAutoCommit(true);
            }
            written += counts.written();
            unchanged += counts.unchanged();
            others += counts.leftToOthers();
            chunks++;
            progress.add(keys.size());
            after = String.valueOf(keys.get(keys.size() - 1));
            size = keysPerChunk.next(keys.size(), Duration.ofNanos(System.nanoTime() - start));
            try {
                // paid after the chunk: its row count is known only once it is built
                throttle.acquire(counts.written());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CutoverException.failure(label + ": interrupted after chunk " + range, e);
            }
        }
        checkpoint.finish(c);
        progress.printNow();
        if (step.detail() != null) out.println("  " + step.name() + ": " + step.detail());
        BackfillSummary summary = new BackfillSummary(step.name(), step.tables(), written, unchanged, 0, others, 0, chunks,
                progress.seconds(), false);
        out.println(summary.line());
        return summary;
    }

    /**
     * Keys per chunk, from the rows-per-chunk sizes: a key (a post) stands for several rows (its
     * comments' nodes, in three tables), so a tenth as many to start, tuned toward the same time.
     */
    static ChunkSizer keysPerChunk(ChunkSizer rows) {
        int min = Math.max(1, rows.min() / 10);
        return new ChunkSizer(Math.max(min, rows.initial() / 10), min, Math.max(min, rows.max() / 5), rows.target());
    }

    /** The key column's type as PostgreSQL spells it: a checkpoint's text key is cast back to it. */
    private static String keyType(Connection c, Derivation step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                + "WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND NOT a.attisdropped")) {
            ps.setString(1, TargetTable.quote(step.drivingTable()));
            ps.setString(2, step.drivingKey());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw CutoverException.configuration(step.name() + ": the target database has no column "
                            + step.drivingTable() + "." + step.drivingKey());
                }
                return rs.getString(1);
            }
        }
    }

    private static long count(String sql, Connection c, String after) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, after);
            ps.setString(2, after);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

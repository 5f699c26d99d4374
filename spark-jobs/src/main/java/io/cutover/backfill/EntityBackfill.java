package io.cutover.backfill;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.progress.Progress;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Loads one entity's rows into its target table, chunk by chunk, while the app dual-writes:
 * each chunk paced ({@link PauseWhile}, {@link Throttle}), written ({@link ChunkWriter}), then
 * re-read for concurrent writes ({@link CompareAndSet}); its size tuned ({@link ChunkSizer});
 * progress and a closing {@link BackfillSummary} printed. Open it, ask where to resume, feed it
 * the rows after that key:
 * <pre>
 * try (EntityBackfill b = EntityBackfill.open(server, "app", job, options, out)) {
 *     BackfillSummary s = b.load(rowsAfter(b.resumePoint().lastKey()), edits);
 * }
 * </pre>
 */
public final class EntityBackfill implements AutoCloseable {
    private final BackfillJob job;
    private final BackfillOptions options;
    private final PrintStream out;
    private final Connection writer;
    private final Connection pauseConnection;
    private final BackfillCheckpoint checkpoint;
    private final ResumePoint resume;
    private final ChunkWriter chunkWriter;
    private final CompareAndSet compareAndSet;

    private EntityBackfill(BackfillJob job, BackfillOptions options, PrintStream out, Connection writer,
                           Connection pauseConnection) {
        this.job = job;
        this.options = options;
        this.out = out;
        this.writer = writer;
        this.pauseConnection = pauseConnection;
        this.checkpoint = new BackfillCheckpoint(job.entity(), job.target().table(), job.mappingDigest(), job.runId());
        this.resume = checkpoint.open(writer);
        try {
            this.chunkWriter = new ChunkWriter(writer, job.entity(), job.target(), options.lockTimeout(), checkpoint, job.inPlace());
            this.compareAndSet = new CompareAndSet(writer, job.entity(), job.target(), options.lockTimeout(), checkpoint,
                    job.inPlace());
        } catch (RuntimeException e) {
            checkpoint.release(writer);
            throw e;
        }
    }

    /**
     * Connects to the target database (one writer connection, plus one for {@code --pause-while}),
     * checks the pause query, reads the checkpoint (taking the entity's run lock) and checks the
     * conflict key. Nothing is written yet.
     */
    public static EntityBackfill open(PostgresServer server, String database, BackfillJob job, BackfillOptions options,
                                      PrintStream out) {
        Connection writer = server.connect(database);
        Connection pause = null;
        try {
            if (options.pauseWhile() != null) {
                pause = server.connect(database);
                new PauseWhile(pause, options.pauseWhile(), options.pauseCheck(), options.pacing()).validate();
            }
            return new EntityBackfill(job, options, out, writer, pause);
        } catch (RuntimeException e) {
            closeQuietly(pause);
            closeQuietly(writer);
            throw e;
        }
    }

    public ResumePoint resumePoint() {
        return resume;
    }

    /** Writes {@code rows} (ascending by key; rows an earlier run did are passed over) and closes the entity's account. */
    public BackfillSummary load(Iterator<Object[]> rows, ConcurrentEdits edits) {
        String label = "backfill " + job.entity();
        if (resume.finished()) {
            BackfillSummary done = new BackfillSummary(job.entity(), job.target().table(), 0, 0, 0, 0, 0, 0, 0, true);
            out.println(done.line());
            return done;
        }
        if (resume.started()) {
            out.println("  " + label + ": resuming after " + job.target().key() + " = " + resume.lastKey() + " ("
                    + String.format("%,d", resume.written()) + " rows written by earlier runs)");
        }
        if (resume.rereadPending()) {
            out.println("  " + label + ": warning: the last run stopped after committing the chunk ending at " + resume.lastKey()
                    + " and before re-reading it for concurrent writes; rows of that chunk the app edited meanwhile may hold"
                    + " the older value: run verify with --settle on " + job.target().table());
        }
        PauseWhile pause = pauseConnection == null ? null
                : new PauseWhile(pauseConnection, options.pauseWhile(), options.pauseCheck(), options.pacing());
        InFlightAppWrites inFlight = new InFlightAppWrites(writer, options.appWritePatience(), options.pacing());
        Throttle throttle = new Throttle(options.maxRowsPerSecond(), options.pacing());
        ChunkSizer sizer = options.chunkSizer().boundedBy(options.maxRowsPerSecond());
        KeyOrder order = new KeyOrder(job.entity(), job.target(), resume.lastKey());
        Progress progress = new Progress(label, "rows", Math.max(0, job.expectedRows() - resume.written() - resume.skipped()),
                out, options.progressInterval());

        long written = 0, skipped = 0, reread = 0, kept = 0;
        int chunks = 0;
        int size = sizer.initial();
        List<Object[]> batch = new ArrayList<>(size);
        while (true) {
            batch.clear();
            while (batch.size() < size && rows.hasNext()) {
                Object[] row = rows.next();
                if (order.admit(row)) batch.add(row);
            }
            if (batch.isEmpty()) break;
            Chunk chunk = new Chunk(job.target(), batch);
            try {
                if (pause != null) pause.await(label, out);
                throttle.acquire(chunk.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CutoverException.failure(label + ": interrupted before chunk " + chunk.keyRange(), e);
            }
            ChunkResult result;
            try {
                result = chunkWriter.write(chunk);
            } catch (RuntimeException e) {
                out.println(summary(written, skipped, reread, kept, chunk.size(), chunks, progress).line());
                throw e;
            }
            written += result.inserted();
            skipped += result.skipped();
            CompareAndSet.Result cas;
            try {
                cas = compareAndSet.applyLocked(chunk, reread(chunk, edits, inFlight, label), edits);
            } catch (RuntimeException e) {
                // The chunk itself is committed and counted; only its re-read failed.
                out.println(summary(written, skipped, reread, kept, 0, chunks + 1, progress).line());
                throw e;
            }
            reread += cas.applied();
            kept += cas.keptAppWrite();
            if (cas.unlocked() > 0) {
                out.println("  " + label + ": warning: " + cas.unlocked() + " re-read row(s) of chunk " + chunk.keyRange()
                        + " were held by the app past the lock timeout and were compare-and-set without their lock; an app"
                        + " write storing the backfill's value again meanwhile would be missed: verify with --settle on "
                        + job.target().table());
            }
            chunks++;
            progress.add(chunk.size());
            size = sizer.next(chunk.size(), result.took());
        }
        try {
            checkpoint.finish(writer);
        } catch (SQLException e) {
            throw CutoverException.failure(label + ": cannot mark the entity finished in " + BackfillCheckpoint.TABLE + ": "
                    + PostgresServer.describe(e), e);
        }
        progress.printNow();
        BackfillSummary summary = summary(written, skipped, reread, kept, 0, chunks, progress);
        out.println(summary.line());
        return summary;
    }

    /**
     * The rows of a committed chunk that the app changed meanwhile, once every app transaction
     * that was writing the table when the chunk committed has ended (so its old-row change is
     * there to be re-read).
     */
    private List<Reread> reread(Chunk chunk, ConcurrentEdits edits, InFlightAppWrites inFlight, String label) {
        if (edits == ConcurrentEdits.NONE) return List.of();
        try {
            int open = inFlight.awaitWritersOf(job.target());
            if (open > 0) {
                out.println("  " + label + ": warning: " + open + " app transaction(s) writing " + job.target().table()
                        + " were still open " + Progress.formatDuration(options.appWritePatience().toNanos() / 1e9)
                        + " after chunk " + chunk.keyRange() + " committed; re-reading without them (verify --settle finds"
                        + " a row they change)");
            }
        } catch (SQLException e) {
            throw CutoverException.failure("backfill of " + job.entity() + ": cannot wait for the app's open transactions on "
                    + job.target().table() + " after chunk " + chunk.keyRange() + ": " + PostgresServer.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CutoverException.failure(label + ": interrupted after chunk " + chunk.keyRange(), e);
        }
        return edits.changedSince(chunk);
    }

    private BackfillSummary summary(long written, long skipped, long reread, long kept, long failed, int chunks, Progress progress) {
        return new BackfillSummary(job.entity(), job.target().table(), written, skipped, reread, kept, failed, chunks,
                progress.seconds(), false);
    }

    @Override
    public void close() {
        checkpoint.release(writer);
        closeQuietly(pauseConnection);
        closeQuietly(writer);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // Closing: the server ends the session (and its advisory lock) either way.
        }
    }
}

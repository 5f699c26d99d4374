package io.cutover.verify;

import io.cutover.progress.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Rows read out of the rows all comparisons read, with rate and ETA. Finished tasks report the
 * records they read; each comparison counts towards its own tables' rows and no further (its
 * second pass re-reads a few rows), and is made whole when it ends, so the total is reached
 * exactly when the last comparison is done.
 */
final class VerifyProgress extends SparkListener {
    private final Progress progress;
    private final AtomicLong budget = new AtomicLong();

    /** Before this share of the rows is read, no ETA: see the constructor. */
    private static final double ETA_FROM = 0.1;

    /**
     * {@code estimated}: the total rests on PostgreSQL's row estimates, and says so. The first
     * comparisons (users, channels) cost per job rather than per row: an ETA from their rate alone
     * was minutes too long (55 minutes at 0% of a 7-minute run), so none is shown before 10%.
     */
    VerifyProgress(long totalRows, boolean estimated, PrintStream out) {
        this.progress = new Progress(estimated ? "rows read (of an estimated total)" : "rows read", "rows", totalRows, out,
                Duration.ofSeconds(5), ETA_FROM);
    }

    /** A comparison starts that reads {@code rows} table rows ({@link #UNKNOWN}: as many as it reads). */
    void begin(long rows) {
        budget.set(rows);
    }

    /** A comparison's rows when only some keys are read: counted as reported, with no total. */
    static final long UNKNOWN = Long.MAX_VALUE;

    /** The comparison is done: whatever of its rows were not reported count now. */
    void end() {
        long rest = budget.getAndSet(0);
        if (rest > 0 && rest < UNKNOWN / 2) progress.add(rest);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.taskMetrics() == null) return;
        long read = taskEnd.taskMetrics().inputMetrics().recordsRead();
        if (read <= 0) return;
        long granted = budget.getAndUpdate(left -> Math.max(0, left - read));
        long counted = Math.min(granted, read);
        if (counted > 0) progress.add(counted);
    }

    /** The closing line: every row read, at the run's rate. */
    void finish() {
        progress.printNow();
    }

    long done() {
        return progress.done();
    }
}

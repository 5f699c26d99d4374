package io.cutover.backfill;

/**
 * {@code --max-rows-per-s} as a token bucket: tokens accrue at the rate up to one second's
 * worth, a chunk takes as many as it has rows, and a chunk larger than the bucket waits for the
 * debt to be paid. The long-run rate never exceeds the bound; a pause earns no burst beyond one
 * second of rows.
 */
public final class Throttle {
    private final double rowsPerSecond;
    private final Pacing pacing;
    private double tokens;
    private long lastNanos;

    /** {@code rowsPerSecond} <= 0: no bound. */
    public Throttle(double rowsPerSecond, Pacing pacing) {
        this.rowsPerSecond = rowsPerSecond;
        this.pacing = pacing;
        this.tokens = Math.max(0, rowsPerSecond);
        this.lastNanos = pacing.nanoTime();
    }

    public static Throttle unlimited() {
        return new Throttle(0, Pacing.SYSTEM);
    }

    public boolean limited() {
        return rowsPerSecond > 0;
    }

    /** Waits until {@code rows} may be written; returns the nanoseconds waited. */
    public long acquire(long rows) throws InterruptedException {
        if (!limited()) return 0;
        refill();
        tokens -= rows;
        if (tokens >= 0) return 0;
        long wait = (long) Math.ceil(-tokens / rowsPerSecond * 1e9);
        pacing.sleepNanos(wait);
        refill();
        return wait;
    }

    private void refill() {
        long now = pacing.nanoTime();
        tokens = Math.min(rowsPerSecond, tokens + (now - lastNanos) / 1e9 * rowsPerSecond);
        lastNanos = now;
    }
}

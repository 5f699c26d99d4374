package io.cutover.backfill;

import java.time.Duration;

/**
 * The next chunk's row count, tuned toward a target time per chunk (about half a second: short
 * enough that the app's writes never queue long behind a chunk's locks, long enough that a
 * transaction's fixed cost does not dominate). Starts at {@code initial}; after each chunk it
 * scales by the measured rate, at most doubling or halving per step so one slow chunk (a
 * checkpoint, a vacuum) does not swing it, and stays within {@code [min, max]}.
 */
public record ChunkSizer(int initial, int min, int max, Duration target) {

    public static final ChunkSizer DEFAULT = new ChunkSizer(1_000, 100, 50_000, Duration.ofMillis(500));

    public ChunkSizer {
        if (min < 1 || max < min || initial < min || initial > max) {
            throw new IllegalArgumentException("chunk sizes must satisfy 1 <= min <= initial <= max, got min " + min
                    + ", initial " + initial + ", max " + max);
        }
        if (target.isZero() || target.isNegative()) throw new IllegalArgumentException("a target chunk time must be positive");
    }

    /** At most one target time of rows at {@code rowsPerSecond} (when bounded): a chunk never waits longer on the throttle. */
    public ChunkSizer boundedBy(double rowsPerSecond) {
        if (rowsPerSecond <= 0) return this;
        int cap = (int) Math.max(min, Math.min(max, rowsPerSecond * target.toNanos() / 1e9));
        return new ChunkSizer(Math.min(initial, cap), min, cap, target);
    }

    public int next(int rows, Duration took) {
        long nanos = Math.max(1, took.toNanos());
        double factor = Math.max(0.5, Math.min(2.0, (double) target.toNanos() / nanos));
        long next = Math.round(rows * factor);
        return (int) Math.max(min, Math.min(max, next));
    }
}

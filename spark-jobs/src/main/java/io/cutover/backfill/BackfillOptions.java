package io.cutover.backfill;

import java.time.Duration;

/**
 * How gently an entity is loaded: {@code --max-rows-per-s} (0: no bound), the lock timeout of each
 * chunk's transaction, {@code --pause-while} (null: none) and how often it is asked while
 * paused, the chunk sizes, how long a chunk's re-read waits for app transactions still writing
 * the table when the chunk committed, and how often progress is printed.
 */
public record BackfillOptions(double maxRowsPerSecond, Duration lockTimeout, String pauseWhile, Duration pauseCheck,
                              ChunkSizer chunkSizer, Duration appWritePatience, Duration progressInterval, Pacing pacing) {

    public static final BackfillOptions DEFAULT = new BackfillOptions(0, Duration.ofSeconds(2), null, Duration.ofSeconds(1),
            ChunkSizer.DEFAULT, Duration.ofSeconds(10), Duration.ofSeconds(5), Pacing.SYSTEM);

    public BackfillOptions {
        if (lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("the lock timeout must be positive (0 would wait forever behind the app)");
        }
    }

    public BackfillOptions withMaxRowsPerSecond(double rows) {
        return new BackfillOptions(rows, lockTimeout, pauseWhile, pauseCheck, chunkSizer, appWritePatience, progressInterval, pacing);
    }

    public BackfillOptions withLockTimeout(Duration timeout) {
        return new BackfillOptions(maxRowsPerSecond, timeout, pauseWhile, pauseCheck, chunkSizer, appWritePatience, progressInterval, pacing);
    }

    public BackfillOptions withPauseWhile(String sql) {
        return new BackfillOptions(maxRowsPerSecond, lockTimeout, sql, pauseCheck, chunkSizer, appWritePatience, progressInterval, pacing);
    }

    public BackfillOptions withChunkSizer(ChunkSizer sizer) {
        return new BackfillOptions(maxRowsPerSecond, lockTimeout, pauseWhile, pauseCheck, sizer, appWritePatience, progressInterval, pacing);
    }
}

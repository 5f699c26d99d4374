package io.cutover.backfill;

import java.util.List;

/**
 * Where an entity's backfill stands according to its checkpoint: the last key whose chunk
 * committed (empty: start from the beginning), the counts so far, whether it finished, and the
 * last key whose chunk was also re-read after concurrent writes (it lags {@code lastKey} only
 * when a run stopped between a chunk's commit and its re-read).
 */
public record ResumePoint(List<String> lastKey, List<String> rereadKey, long written, long skipped, long reread,
                          boolean finished) {

    public static final ResumePoint START = new ResumePoint(List.of(), List.of(), 0, 0, 0, false);

    public ResumePoint {
        lastKey = List.copyOf(lastKey);
        rereadKey = List.copyOf(rereadKey);
    }

    public boolean started() {
        return !lastKey.isEmpty();
    }

    /** True when the chunk ending at {@code lastKey} committed but its re-read did not run. */
    public boolean rereadPending() {
        return !lastKey.equals(rereadKey);
    }
}

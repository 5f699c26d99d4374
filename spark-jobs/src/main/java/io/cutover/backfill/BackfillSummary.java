package io.cutover.backfill;

/**
 * The closing account of one entity's run: rows written, skipped because the key was already
 * present (the app's dual writes, or an earlier run), re-read after a concurrent write and
 * brought to their current value, left alone because the app had written them since, and
 * failed (the rows of a chunk that was rolled back).
 */
public record BackfillSummary(String entity, String table, long written, long skipped, long reread, long keptAppWrite,
                              long failed, int chunks, double seconds, boolean alreadyFinished) {

    public long rows() {
        return written + skipped;
    }

    /** One line, as printed at the end of the entity. */
    public String line() {
        if (alreadyFinished) {
            return "  " + entity + " -> " + table + ": finished in an earlier run (see " + BackfillCheckpoint.TABLE
                    + "), 0 rows written";
        }
        String rate = seconds > 0 ? String.format(", %,.0f rows/s", rows() / seconds) : "";
        return String.format("  %s -> %s: %,d rows written, %,d skipped as already present, %,d re-read after a concurrent "
                        + "write%s, %,d failed; %,d chunk%s in %s%s",
                entity, table, written, skipped, reread,
                keptAppWrite > 0 ? String.format(" (%,d already held the app's write)", keptAppWrite) : "",
                failed, chunks, chunks == 1 ? "" : "s", io.cutover.progress.Progress.formatDuration(seconds), rate);
    }
}

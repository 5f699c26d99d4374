package io.cutover.verify;

import io.cutover.postgres.HeldSnapshot;
import java.time.Duration;
import java.time.Instant;

/**
 * What a verify run tells while it runs: the snapshots it holds, the keys a window selected,
 * each comparison and check as it starts and ends, the rows read so far, the settle pass. What
 * it found in the end is the {@link VerifyReport}, written apart.
 */
interface VerifyListener {
    /** A live database is read at one instant from now on: every read of the pass imports this snapshot. */
    void snapshotTaken(HeldSnapshot snapshot);

    /** The pass is over: the snapshot's transaction ended after holding vacuum's horizon this long. */
    void snapshotReleased(String database, double heldSeconds);

    /** What --pushdown decided for the run's live databases, and why; told before anything is read. */
    default void pushdownDecided(String decisions) {}

    /** What the export cache did: parsed a tail, found nothing appended, or rebuilt, and why. */
    default void exportCache(String line) {}

    /** --since: an entity with no created_on or updated_on to window by is left out. */
    void notWindowable(String entity);

    /** --since: the keys of an entity written in the window, for all its comparisons. */
    void windowSelected(String entity, long keys, Instant since);

    /** The rows-read progress of the comparisons, {@code totalRows} known before any is read. */
    VerifyProgress rowsRead(long totalRows, boolean estimated);

    /** {@code digests}: where its pass-1 digests are computed, when that is worth saying (else null). */
    void comparing(String comparison, String digests);

    /** What the segment checksums found: buckets read, equal, differing, split, and the rows left to compare per row. */
    default void segmentsCompared(String comparison, String line) {}

    void compared(String comparison, ComparisonSummary summary);

    void checkingTrees();

    void treeChecked(ComparisonSummary tree);

    /** The settle pass waits {@code delay}, then reads the differing keys again. */
    void settling(long differingKeys, int comparisons, int checks, Duration delay);

    void settled(String comparison, ComparisonSummary.Settle counts);

    void settleDone(long persistent, double seconds);
}

package io.cutover.verify;

import io.cutover.postgres.HeldSnapshot;
import io.cutover.progress.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * A verify run told on the console, a line per event. Tests and the README quote some of these
 * lines ("database app: snapshot held 61.2 s", "verifying post vs reddit ...", "settle: ..."):
 * their text is an interface.
 */
final class ConsoleVerifyListener implements VerifyListener {
    private final PrintStream out;

    ConsoleVerifyListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void snapshotTaken(HeldSnapshot h) {
        out.printf("database %s: read at one instant (snapshot %s, taken %s, PostgreSQL %s)%n", h.database(),
                h.exportedId(), h.takenAt(), h.serverVersion());
    }

    @Override
    public void snapshotReleased(String database, double heldSeconds) {
        out.println(String.format("database %s: snapshot held %.1f s", database, heldSeconds));
    }

    @Override
    public void pushdownDecided(String decisions) {
        out.printf("pushdown %s%n", decisions);
    }

    @Override
    public void exportCache(String line) {
        out.println(line);
    }

    @Override
    public void notWindowable(String entity) {
        out.printf("  %s: no created_on or updated_on to window by; not compared with --since%n", entity);
    }

    @Override
    public void windowSelected(String entity, long keys, Instant since) {
        out.printf("  %s: %,d keys created or updated since %s%n", entity, keys, since);
    }

    @Override
    public VerifyProgress rowsRead(long totalRows, boolean estimated) {
        return new VerifyProgress(totalRows, estimated, out);
    }

    @Override
    public void comparing(String comparison, String digests) {
        out.printf("verifying %s ...%n", comparison);
        if (digests != null) out.printf("  %s%n", digests);
    }

    @Override
    public void segmentsCompared(String comparison, String line) {
        out.printf("  %s%n", line);
    }

    @Override
    public void compared(String comparison, ComparisonSummary s) {
        out.printf("  %s: %,d old rows, %,d new rows, %,d %s (%.1f s, %,.0f rows/s)%n", comparison,
                s.oldRows(), s.newRows(), s.differences(), differences(s.differences()), s.seconds(),
                (s.oldRows() + s.newRows()) / Math.max(0.001, s.seconds()));
    }

    @Override
    public void checkingTrees() {
        out.printf("checking the comment trees ...%n");
    }

    @Override
    public void treeChecked(ComparisonSummary s) {
        out.printf("  tree %s: %,d nodes against %,d comments and posts, %,d %s (%.1f s)%n", s.entity(), s.newRows(),
                s.oldRows(), s.differences(), differences(s.differences()), s.seconds());
    }

    @Override
    public void settling(long differingKeys, int comparisons, int checks, Duration delay) {
        out.printf("settle: %,d differing keys in %d comparisons and %d checks; reading them again in %s%n", differingKeys,
                comparisons, checks, Progress.formatDuration(delay.toMillis() / 1000.0));
    }

    @Override
    public void settled(String comparison, ComparisonSummary.Settle counts) {
        out.printf("  %s: %,d persistent, %,d transient%n", comparison, counts.persistent(), counts.transients());
    }

    @Override
    public void settleDone(long persistent, double seconds) {
        out.printf("settle: %,d persistent differences (%.1f s)%n", persistent, seconds);
    }

    private static String differences(long n) {
        return n == 1 ? "difference" : "differences";
    }
}

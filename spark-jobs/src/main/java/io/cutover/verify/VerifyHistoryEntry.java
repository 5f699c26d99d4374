package io.cutover.verify;

import java.util.List;
import java.util.Map;

/**
 * One verify run as its history keeps it: one JSON line. {@code time}: when the run started
 * (UTC); {@code mode}: {@code full}, {@code recheck} (of {@code recheckOf}) or {@code window}
 * (rows created or updated from {@code since} to {@code until}, the run's start);
 * {@code report}: the run's report directory; {@code rowsRead}: the rows its comparisons took in
 * on both sides; {@code settled}: a settle pass labelled the differences, so each comparison has
 * persistent and transient counts per category. New fields may appear; readers ignore the ones
 * they do not know.
 */
public record VerifyHistoryEntry(int version, String runId, String time, String mode, String since, String until,
                                 String recheckOf, String mapping, Map<String, String> sources, String target,
                                 String report, List<Comparison> comparisons, long rowsRead, double seconds,
                                 int exitCode, boolean settled) {

    public static final int VERSION = 1;
    public static final String FULL = "full";
    public static final String RECHECK = "recheck";
    public static final String WINDOW = "window";

    public VerifyHistoryEntry {
        sources = sources == null ? Map.of() : Map.copyOf(sources);
        comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
    }

    /**
     * One comparison or check of the run. {@code differences}: every difference found, per
     * category (an {@code inherited} check hit is shown, not counted); {@code persistent} and
     * {@code transients}: the same split by the settle pass, null without one.
     */
    public record Comparison(String entity, String source, Map<String, Long> differences, Map<String, Long> persistent,
                             Map<String, Long> transients, long oldRows, long newRows) {

        /** The differences that count: the persistent ones after a settle pass, else every one found. */
        public long counted() {
            return persistent != null ? sum(persistent) : sum(differences);
        }

        private static long sum(Map<String, Long> counts) {
            if (counts == null) return 0;
            return counts.entrySet().stream().filter(e -> !e.getKey().equals(Category.INHERITED.id()))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }
}

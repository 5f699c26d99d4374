package io.cutover.verify;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one (entity, source) comparison: rows on each side, differences by category,
 * per column the mismatches, match rate and largest numeric difference, and samples.
 */
public record ComparisonSummary(String entity, String source, long oldRows, long newRows, long rowsCompared,
                                long bucketsCompared, long bucketsDiffering, Map<String, Long> counts,
                                long changedRows, List<ColumnSummary> columns, List<Sample> samples,
                                Recheck recheck, double seconds, Settle settle) {

    /** Counts in the categories' declared order, so reports and their readers see one order whatever Spark collected first. */
    public ComparisonSummary {
        if (counts != null) {
            Map<String, Long> ordered = new TreeMap<>(Comparator.comparingInt((String id) -> Category.of(id).ordinal()));
            ordered.putAll(counts);
            counts = Collections.unmodifiableMap(new LinkedHashMap<>(ordered));
        }
    }

    /** Rows the new tables got wrong; an inherited check hit is counted apart ({@link #inherited()}). */
    public long differences() {
        return counts.entrySet().stream().filter(e -> !e.getKey().equals(Category.INHERITED.id())).mapToLong(Map.Entry::getValue).sum();
    }

    /** Check hits the old data shares: shown, not counted as differences (nor in the exit code). */
    public long inherited() {
        return count(Category.INHERITED);
    }

    /** The rows of one category (a changed row counts once per column: see {@link #changedRows()}). */
    public long count(Category category) {
        return counts.getOrDefault(category.id(), 0L);
    }

    /**
     * One compared column; {@code maxDifference} is set only where a distance means something:
     * numbers (unit: the column's own, {@code maxDifferenceUnit} null) and times (unit "s"), never
     * ids or references.
     */
    public record ColumnSummary(String column, long mismatches, double matchRate, Double maxDifference, String maxDifferenceUnit) {}

    public record Sample(String category, String key, String column, String oldValue, String newValue) {}

    /** With --recheck: of the keys an earlier report named, how many differ no more. */
    public record Recheck(long earlierKeys, long resolved, long persisting) {}

    /**
     * With --settle: of the differences found, how many were gone when their keys were read
     * again (writes in flight) and how many were still there.
     */
    public record Settle(long transients, long persistent) {}

    /** The same summary with the settle pass's labels. */
    public ComparisonSummary settled(Settle s) {
        return new ComparisonSummary(entity, source, oldRows, newRows, rowsCompared, bucketsCompared, bucketsDiffering,
                counts, changedRows, columns, samples, recheck, seconds, s);
    }
}

package io.cutover.verify;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * What the report says of one comparison's or check's differences: the count per category,
 * the rows that changed, per column the mismatches, match rate and largest difference, and the
 * first few differences of each category and column as samples.
 */
final class DifferenceStatistics {
    /** Few differences (the usual case) are summarised on the driver from one read; more, in Spark. */
    private static final long ON_THE_DRIVER = 50_000;

    /** The categories whose rows name a column that disagrees (the others are whole rows). */
    private static final Set<Category> PER_COLUMN = EnumSet.of(Category.CHANGED, Category.AGGREGATE, Category.TREE);

    private final SparkSession spark;
    private final int samplesPerColumn;
    private final long onTheDriver;

    DifferenceStatistics(SparkSession spark, int samplesPerColumn) {
        this(spark, samplesPerColumn, ON_THE_DRIVER);
    }

    /** {@code onTheDriver}: at most this many differences are summarised on the driver (tests take either path). */
    DifferenceStatistics(SparkSession spark, int samplesPerColumn, long onTheDriver) {
        this.spark = spark;
        this.samplesPerColumn = samplesPerColumn;
        this.onTheDriver = onTheDriver;
    }

    /**
     * {@code diffs}: the difference rows written for this comparison; {@code columns}: the columns
     * it compares (a check or a tree names its own in the rows).
     */
    ComparisonSummary summarize(String entity, String source, List<ComparedColumn> columns, Dataset<Row> diffs,
                                long oldRows, long newRows, long buckets, long differing,
                                ComparisonSummary.Recheck recheck, double seconds) {
        return summarizeRecheck(entity, source, columns, diffs, oldRows, newRows, buckets, differing,
                recheck == null ? null : persisting -> recheck, seconds);
    }

    /**
     * As above, for a recheck: {@code recheck} (null: not one) is given how many distinct keys still
     * differ, counted in the same read as everything else.
     */
    ComparisonSummary summarizeRecheck(String entity, String source, List<ComparedColumn> columns, Dataset<Row> diffs,
                                       long oldRows, long newRows, long buckets, long differing,
                                       LongFunction<ComparisonSummary.Recheck> recheck, double seconds) {
        // Few differences (the usual case) are read once, and every figure is taken from those rows
        // on the driver: one Spark job, where each figure computed in Spark costs jobs of its own.
        List<Row> few = diffs.limit((int) onTheDriver + 1).collectAsList();
        Tally tally;
        if (few.size() > onTheDriver) {
            tally = sparkTally(diffs, recheck != null);
        } else {
            tally = DriverTally.of(spark, few, diffs.schema(), samplesPerColumn);
            if (unnamedColumns(tally.stats(), columns) > 1) {
                // Columns the caller did not name (a tree's rules) are listed in the order Spark's
                // grouping gives among equal counts: that order is kept, from the rows already read.
                Dataset<Row> local = spark.createDataFrame(few, diffs.schema());
                tally = new Tally(sparkStats(local), tally.changedRows(), tally.keys(), tally.samples());
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Long> perColumn = new LinkedHashMap<>();
        Map<String, Double> maxNumber = new LinkedHashMap<>();
        Map<String, Double> maxSeconds = new LinkedHashMap<>();
        for (Row r : tally.stats()) {
            counts.merge(r.getString(0), r.getLong(2), Long::sum);
            Category category = Category.of(r.getString(0));
            if (r.getString(1) != null && PER_COLUMN.contains(category)) {
                perColumn.merge(r.getString(1), r.getLong(2), Long::sum);
                if (category == Category.TREE) continue;   // a rule's values are descriptions, not amounts
                if (!r.isNullAt(3)) maxNumber.put(r.getString(1), ((Number) r.get(3)).doubleValue());
                if (!r.isNullAt(4)) maxSeconds.put(r.getString(1), ((Number) r.get(4)).doubleValue());
            }
        }
        long changedRows = count(counts, Category.CHANGED) == 0 ? 0 : tally.changedRows();
        long rowsCompared = Math.max(0, oldRows - count(counts, Category.MISSING_IN_NEW) - count(counts, Category.DUPLICATE_KEY));
        List<ComparisonSummary.ColumnSummary> columnSummaries = new ArrayList<>();
        for (ComparedColumn c : columns) {
            long mismatches = perColumn.getOrDefault(c.name(), 0L);
            Double max = !c.measured() ? null : c.numeric() ? maxNumber.get(c.name()) : maxSeconds.get(c.name());
            columnSummaries.add(new ComparisonSummary.ColumnSummary(c.name(), mismatches, rate(mismatches, rowsCompared), max,
                    max != null && c.timestamp() ? "s" : null));
        }
        perColumn.forEach((name, n) -> {
            if (columns.stream().noneMatch(c -> c.name().equals(name))) {
                columnSummaries.add(new ComparisonSummary.ColumnSummary(name, n, rate(n, rowsCompared), maxNumber.get(name), null));
            }
        });
        columnSummaries.sort(Comparator.comparingLong(ComparisonSummary.ColumnSummary::mismatches).reversed());
        List<ComparisonSummary.Sample> samples = tally.stats().isEmpty() ? List.of() : tally.samples().get();
        return new ComparisonSummary(entity, source, oldRows, newRows, rowsCompared, buckets, differing, counts,
                changedRows, columnSummaries, samples, recheck == null ? null : recheck.apply(tally.keys()), seconds, null);
    }

    /**
     * The figures of a comparison's differences. {@code stats}: per category and column, the rows
     * and the largest numeric and time differences; {@code changedRows}: distinct keys of the
     * changed rows; {@code keys}: distinct keys of all rows (-1 when not asked for).
     */
    record Tally(List<Row> stats, long changedRows, long keys, Supplier<List<ComparisonSummary.Sample>> samples) {}

    /** Many differences: each figure computed in Spark. */
    private Tally sparkTally(Dataset<Row> diffs, boolean keys) {
        List<Row> stats = sparkStats(diffs);
        long changedRows = stats.stream().anyMatch(r -> Category.CHANGED.id().equals(r.getString(0)))
                ? diffs.where(col("category").equalTo(Category.CHANGED.id())).select("key").distinct().count() : 0;
        long distinctKeys = keys ? diffs.select("key").distinct().count() : -1;
        return new Tally(stats, changedRows, distinctKeys, () -> samples(diffs));
    }

    /** Per category and column: rows, largest numeric and largest time difference. */
    private static List<Row> sparkStats(Dataset<Row> diffs) {
        return diffs.groupBy("category", "column").agg(functions.count(functions.lit(1)),
                functions.max(functions.expr(DriverTally.NUMBER_DIFFERENCE)), functions.max(functions.expr(DriverTally.SECONDS_DIFFERENCE)))
                .collectAsList();
    }

    /** How many distinct columns the per-column categories name that {@code columns} does not. */
    private static long unnamedColumns(List<Row> stats, List<ComparedColumn> columns) {
        return stats.stream().filter(r -> r.getString(1) != null && PER_COLUMN.contains(Category.of(r.getString(0))))
                .map(r -> r.getString(1)).filter(name -> columns.stream().noneMatch(c -> c.name().equals(name)))
                .distinct().count();
    }

    /** The summary of a comparison that had nothing to read (a recheck named none of its keys): no Spark job. */
    ComparisonSummary nothingRead(String entity, String source, List<ComparedColumn> columns, ComparisonSummary.Recheck recheck,
                                  double seconds) {
        List<ComparisonSummary.ColumnSummary> columnSummaries = new ArrayList<>();
        for (ComparedColumn c : columns) columnSummaries.add(new ComparisonSummary.ColumnSummary(c.name(), 0, rate(0, 0), null, null));
        return new ComparisonSummary(entity, source, 0, 0, 0, 0, 0, new LinkedHashMap<>(), 0, columnSummaries, List.of(), recheck,
                seconds, null);
    }

    /** The first differences, by key, of each category and column. */
    private List<ComparisonSummary.Sample> samples(Dataset<Row> diffs) {
        List<ComparisonSummary.Sample> samples = new ArrayList<>();
        Dataset<Row> ranked = diffs.withColumn("rank", functions.row_number().over(
                Window.partitionBy("category", "column").orderBy("key")));
        for (Row r : ranked.where(col("rank").leq(samplesPerColumn)).orderBy("category", "column", "key")
                .select("category", "key", "column", "old_value", "new_value").collectAsList()) {
            samples.add(new ComparisonSummary.Sample(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                    r.getString(4)));
        }
        return samples;
    }

    private static long count(Map<String, Long> counts, Category category) {
        return counts.getOrDefault(category.id(), 0L);
    }

    private static double rate(long mismatches, long compared) {
        return compared == 0 ? 1.0 : 1.0 - (double) mismatches / compared;
    }
}

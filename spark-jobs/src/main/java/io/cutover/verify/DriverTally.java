package io.cutover.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The figures of a few differences ({@link DifferenceStatistics.Tally}) taken from rows already on
 * the driver, with no Spark job: each row's numeric and time difference is still computed by
 * Spark's own casts (a projection of a local relation, which Spark evaluates on the driver), and
 * the counts, maxima, distinct keys and samples are then taken here exactly as Spark's grouping,
 * {@code distinct} and ordering would: strings ordered by their UTF-8 bytes, NULL first, NaN
 * above every number.
 */
final class DriverTally {
    /** The absolute difference of two values read as numbers (NULL when either is not one). */
    static final String NUMBER_DIFFERENCE = "abs(try_cast(old_value AS DOUBLE) - try_cast(new_value AS DOUBLE))";
    /** The absolute difference of two values read as timestamps, in seconds (NULL when either is not one). */
    static final String SECONDS_DIFFERENCE = "abs(unix_micros(try_cast(old_value AS TIMESTAMP))"
            + " - unix_micros(try_cast(new_value AS TIMESTAMP))) / 1e6";

    private DriverTally() {}

    static DifferenceStatistics.Tally of(SparkSession spark, List<Row> rows, StructType schema, int samplesPerColumn) {
        List<Row> measured = rows.isEmpty() ? List.of() : spark.createDataFrame(rows, schema)
                .selectExpr("category", "column", "key", "old_value", "new_value", NUMBER_DIFFERENCE, SECONDS_DIFFERENCE)
                .collectAsList();
        Map<List<String>, Group> groups = new LinkedHashMap<>();
        Set<String> changedKeys = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Row r : measured) {
            String category = r.getString(0);
            groups.computeIfAbsent(Arrays.asList(category, r.getString(1)), g -> new Group()).add(r);
            keys.add(r.getString(2));
            if (Category.CHANGED.id().equals(category)) changedKeys.add(r.getString(2));
        }
        List<Row> stats = new ArrayList<>();
        groups.forEach((g, v) -> stats.add(RowFactory.create(g.get(0), g.get(1), v.rows, v.maxNumber, v.maxSeconds)));
        return new DifferenceStatistics.Tally(stats, changedKeys.size(), keys.size(), () -> samples(measured, samplesPerColumn));
    }

    /** The first differences, by key, of each category and column, in that order. */
    private static List<ComparisonSummary.Sample> samples(List<Row> measured, int perColumn) {
        List<Row> sorted = new ArrayList<>(measured);
        sorted.sort(Comparator.comparing((Row r) -> r.getString(0), DriverTally::compareStrings)
                .thenComparing(r -> r.getString(1), DriverTally::compareStrings)
                .thenComparing(r -> r.getString(2), DriverTally::compareStrings));
        List<ComparisonSummary.Sample> samples = new ArrayList<>();
        List<String> group = null;
        int taken = 0;
        for (Row r : sorted) {
            List<String> g = Arrays.asList(r.getString(0), r.getString(1));
            if (!g.equals(group)) {
                group = g;
                taken = 0;
            }
            if (taken++ < perColumn) {
                samples.add(new ComparisonSummary.Sample(r.getString(0), r.getString(2), r.getString(1), r.getString(3), r.getString(4)));
            }
        }
        return samples;
    }

    /** Spark's order of strings: NULL first, then by unsigned UTF-8 bytes. */
    static int compareStrings(String a, String b) {
        if (Objects.equals(a, b)) return 0;
        if (a == null) return -1;
        if (b == null) return 1;
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** One category and column: its rows and largest differences, as Spark's count and max give them. */
    private static final class Group {
        long rows;
        Double maxNumber, maxSeconds;

        void add(Row r) {
            rows++;
            maxNumber = max(maxNumber, r.isNullAt(5) ? null : ((Number) r.get(5)).doubleValue());
            maxSeconds = max(maxSeconds, r.isNullAt(6) ? null : ((Number) r.get(6)).doubleValue());
        }

        /** max ignores NULL; NaN is above every number (Math.max keeps NaN). */
        private static Double max(Double a, Double b) {
            if (a == null) return b;
            if (b == null) return a;
            return Math.max(a, b);
        }
    }
}

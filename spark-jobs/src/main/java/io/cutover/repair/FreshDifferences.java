package io.cutover.repair;

import static org.apache.spark.sql.functions.col;

import io.cutover.outcome.CutoverException;
import io.cutover.storage.Location;
import io.cutover.verify.Category;
import io.cutover.verify.SourceLocation;
import io.cutover.verify.VerifyJob;
import io.cutover.verify.VerifyReport;
import io.cutover.verify.VerifySpec;
import io.cutover.mapping.Mapping;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The report's differences as they stand now: a verify run restricted to the report's keys (the
 * recheck path, each live database read in one snapshot) is written to {@code fresh/} beside the
 * plan, and repair plans from that, never from the report's text. What a recheck does not
 * re-read (the cross-table checks and the comment trees) is taken from the report: an aggregate's
 * fix reads its values again itself ({@link AggregateFixes}), a tree is listed.
 */
public final class FreshDifferences {
    /** The categories a recheck reads again: the comparisons' own. */
    static final Set<Category> RECHECKED = EnumSet.of(Category.MISSING_IN_NEW, Category.EXTRA_IN_NEW, Category.CHANGED,
            Category.DUPLICATE_KEY, Category.NULL_KEY);

    /** The differences now, and the report's rechecked keys that no longer differ (one per key). */
    public record Result(List<Difference> differences, List<Resolved> resolved, Location freshReport, Map<String, String> reportedNewValues) {

        /** The new value the report saw in a changed column, or {@link #UNREPORTED}. */
        public String reportedNewValue(Difference d) {
            return reportedNewValues.getOrDefault(changedKey(d), UNREPORTED);
        }
    }

    /** The report did not name this changed column. */
    public static final String UNREPORTED = "\u0000unreported";

    static String changedKey(Difference d) {
        return d.entity() + "\u0000" + d.source() + "\u0000" + d.key() + "\u0000" + d.column();
    }

    private final SparkSession spark;

    public FreshDifferences(SparkSession spark) {
        this.spark = spark;
    }

    /** Rechecks the report's keys into {@code freshDir} and returns the differences that persist, plus the report's checks. */
    public Result read(RepairReport report, Mapping mapping, Map<String, SourceLocation> sources, SourceLocation target,
                       Location freshDir, int buckets) {
        VerifySpec spec = new VerifySpec(mapping, sources, target, List.of(), null, report.dir(), freshDir,
                Long.MAX_VALUE, buckets, 1);
        VerifyReport fresh = new VerifyJob(spark, spec, new PrintStream(OutputStream.nullOutputStream())).run();
        io.cutover.report.VerifyReportWriter.write(fresh, report.mappingDigest(), freshDir);
        List<Difference> now = new ArrayList<>();
        for (Difference d : differences(freshDir)) if (RECHECKED.contains(d.category())) now.add(d);
        // Each rechecked key of the report once, by its first difference in category order.
        Map<String, Difference> before = new java.util.TreeMap<>();
        Map<String, String> reportedNew = new java.util.HashMap<>();
        List<Difference> reported = differences(report.dir());
        for (Difference d : reported) {
            if (d.category() == Category.CHANGED) reportedNew.put(changedKey(d), d.newValue());
            if (RECHECKED.contains(d.category())) before.merge(d.entity() + "\u0000" + d.key(), d, (a, b) -> a.category().compareTo(b.category()) <= 0 ? a : b);
            else now.add(d);
        }
        Set<String> still = new HashSet<>();
        for (Difference d : now) if (RECHECKED.contains(d.category())) still.add(d.entity() + "\u0000" + d.key());
        before.keySet().removeAll(still);
        List<Resolved> resolved = new ArrayList<>();
        for (Difference d : before.values()) {
            resolved.add(new Resolved(d.entity(), d.category(), d.key(), "the key no longer differs when read again"));
        }
        return new Result(now, resolved, freshDir, reportedNew);
    }

    /** Every difference row a report's differences/ holds (entity and source from the partition directories). */
    List<Difference> differences(Location reportDir) {
        Location root = reportDir.resolve("differences");
        try {
            if (!root.isDirectoryQuietly() || root.directories().isEmpty()) return List.of();
        } catch (IOException e) {
            throw CutoverException.configuration("repair: cannot list " + root + ": " + e.getMessage());
        }
        Dataset<Row> rows = spark.read().parquet(root.uri())
                .select(col("entity").cast("string"), col("source").cast("string"), col("category"), col("key"), col("column"),
                        col("old_value"), col("new_value"));
        List<Difference> all = new ArrayList<>();
        for (Row r : rows.collectAsList()) {
            all.add(new Difference(r.getString(0), r.getString(1), Category.of(r.getString(2)), r.getString(3), r.getString(4),
                    r.getString(5), r.getString(6)));
        }
        return all;
    }
}

package io.cutover.verify;

import io.cutover.outcome.CutoverException;
import io.cutover.storage.Location;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A finished run as a line of its {@link VerifyHistory}: the counts come from the report; the
 * split of each category into persistent and transient, which the report gives per comparison
 * only, from the settle labels of the differences written.
 */
final class VerifyHistoryEntries {
    private VerifyHistoryEntries() {}

    /** Adds the run's line to the history its spec names. */
    static void record(SparkSession spark, VerifySpec spec, VerifyReport report, Instant started) {
        VerifyHistory history = new VerifyHistory(spec.history());
        try {
            history.append(of(spark, spec, report, started));
        } catch (IOException e) {
            throw CutoverException.failure("cannot add this run to the history " + history + ": " + e.getMessage(), e);
        }
    }

    static VerifyHistoryEntry of(SparkSession spark, VerifySpec spec, VerifyReport report, Instant started) {
        boolean settled = report.persistentDifferences() != null;
        Map<String, Map<String, Map<String, Long>>> labelled = settled
                ? labels(spark, Location.of(report.differencesPath())) : Map.of();
        List<VerifyHistoryEntry.Comparison> comparisons = new ArrayList<>();
        long rowsRead = 0;
        for (List<ComparisonSummary> group : List.of(report.comparisons(), report.checks())) {
            for (ComparisonSummary s : group) {
                String at = s.entity() + "\u0000" + s.source();
                comparisons.add(new VerifyHistoryEntry.Comparison(s.entity(), s.source(), new LinkedHashMap<>(s.counts()),
                        settled ? labelled.getOrDefault(at, Map.of()).getOrDefault("persistent", Map.of()) : null,
                        settled ? labelled.getOrDefault(at, Map.of()).getOrDefault("transient", Map.of()) : null,
                        s.oldRows(), s.newRows()));
            }
        }
        for (ComparisonSummary s : report.comparisons()) rowsRead += s.oldRows() + s.newRows();
        String mode = spec.recheck() != null ? VerifyHistoryEntry.RECHECK
                : spec.since() != null ? VerifyHistoryEntry.WINDOW : VerifyHistoryEntry.FULL;
        return new VerifyHistoryEntry(VerifyHistoryEntry.VERSION, VerifyHistory.newRunId(), started.toString(), mode,
                report.since(), spec.since() == null ? null : started.toString(), report.recheckOf(), report.mapping(),
                report.sources(), report.target(), spec.outputDir().toString(), comparisons, rowsRead, report.seconds(),
                report.exitCode(), settled);
    }

    /**
     * Per comparison (entity, source, label): the differences per category with that settle label.
     * One small aggregate over every difference of the run.
     */
    private static Map<String, Map<String, Map<String, Long>>> labels(SparkSession spark, Location differences) {
        Map<String, Map<String, Map<String, Long>>> out = new LinkedHashMap<>();
        if (!differences.isDirectoryQuietly()) return out;
        List<Row> rows = spark.read().parquet(differences.uri()).where(Settling.COLUMN + " IS NOT NULL")
                .selectExpr("CAST(entity AS STRING)", "CAST(source AS STRING)", Settling.COLUMN, "category")
                .groupBy("entity", "source", Settling.COLUMN, "category").count().collectAsList();
        for (Row r : rows) {
            out.computeIfAbsent(r.getString(0) + "\u0000" + r.getString(1), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.getString(2), k -> new LinkedHashMap<>()).put(r.getString(3), r.getLong(4));
        }
        return out;
    }
}

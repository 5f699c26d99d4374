package io.cutover.backfill;

import io.cutover.mapping.AggregateCheck;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SourceSpec;
import io.cutover.schema.Catalog;
import io.cutover.verify.OldSideRows;
import io.cutover.verify.SourceLocation;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The totals the old data already had wrong, alike in every old source the check says how to read
 * (Reddit counts a comment deleted later in {@code num_comments}, and the mirror copies it): per
 * key, the stored value and the recount the old sources share. Verify calls such a hit
 * {@code inherited}, and its row comparison expects the copied value, so a recount leaves a total
 * that still shows exactly that drift as it is. Read in the run's snapshot, as verify reads it.
 */
final class InheritedDrift {
    private InheritedDrift() {}

    /** Key (as text) -> {stored value, recount}; empty when no source of the run has a reading of the check. */
    static Map<String, long[]> of(SparkSession spark, Mapping mapping, Map<String, SourceLocation> sources, OldSideRows old,
                                  AggregateCheck check, String key) {
        Dataset<Row> shared = null;
        for (Map.Entry<String, AggregateCheck.OldReading> e : check.old().entrySet()) {
            SourceLocation location = sources.get(e.getKey());
            SourceSpec source = mapping.sources().get(e.getKey());
            if (location == null || location instanceof SourceLocation.CsvFile || source == null || source.schema() == null) continue;
            Catalog catalog = mapping.catalog(source.schema());
            for (String table : catalog.tables().keySet()) {
                if (Pattern.compile("(?i)\\b" + Pattern.quote(table) + "\\b").matcher(e.getValue().sql()).find()) {
                    old.table(location, table).createOrReplaceTempView(table);
                }
            }
            Dataset<Row> hits = spark.sql(e.getValue().sql())
                    .where("NOT (CAST(value AS BIGINT) <=> CAST(aggregate AS BIGINT))")
                    .selectExpr("CAST(`" + key + "` AS STRING) AS k", "CAST(value AS BIGINT) AS v", "CAST(aggregate AS BIGINT) AS a");
            shared = shared == null ? hits.distinct() : shared.intersect(hits);
        }
        Map<String, long[]> drift = new HashMap<>();
        if (shared == null) return drift;
        for (Row r : shared.where("v IS NOT NULL AND a IS NOT NULL").collectAsList()) {
            drift.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
        }
        return drift;
    }
}

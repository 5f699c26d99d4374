package io.cutover.verify;

import static org.apache.spark.sql.functions.col;

import io.cutover.outcome.CutoverException;
import io.cutover.schema.Catalog;
import io.cutover.storage.Location;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The keys a restricted run reads of each comparison: with --recheck, those the earlier
 * report's differences name; with --since, those of the rows written in a time window
 * ({@link TimeWindow}). A full run reads every row of every comparison.
 */
final class KeyRestriction {
    private final SparkSession spark;
    private final VerifySpec spec;
    /** The run's comparisons: a window is taken per entity, over all of them that compare its rows. */
    private final List<ComparisonPlan> plans;
    /** --since: the keys of each entity, worked out once for all its comparisons. */
    private final Map<String, KeySet> windows = new LinkedHashMap<>();
    private final VerifyListener listener;

    KeyRestriction(SparkSession spark, VerifySpec spec, List<ComparisonPlan> plans, VerifyListener listener) {
        this.spark = spark;
        this.spec = spec;
        this.plans = List.copyOf(plans);
        this.listener = listener;
    }

    /**
     * With --since, the comparisons of the entities that a window can select: those with a
     * comparison holding a created_on or updated_on. Others are left out and say so, or, when
     * asked for by name, stop the run before anything is read. Without, every comparison.
     */
    static List<ComparisonPlan> windowable(VerifySpec spec, List<ComparisonPlan> plans, VerifyListener listener) {
        if (spec.since() == null) return plans;
        if (spec.since().isAfter(Instant.now())) {
            throw CutoverException.configuration("--since " + spec.since() + " is in the future: no row can have been written since");
        }
        List<ComparisonPlan> kept = new ArrayList<>();
        Map<String, Boolean> byEntity = new LinkedHashMap<>();
        for (ComparisonPlan p : plans) byEntity.merge(p.entity(), !stamps(p).isEmpty(), Boolean::logicalOr);
        byEntity.forEach((entity, windowable) -> {
            if (windowable) return;
            if (spec.entities().contains(entity)) {
                throw CutoverException.configuration("--since: entity " + entity + " compares no created_on or updated_on to window by");
            }
            listener.notWindowable(entity);
        });
        for (ComparisonPlan p : plans) if (byEntity.get(p.entity())) kept.add(p);
        if (kept.isEmpty()) throw CutoverException.configuration("--since: no entity compares a created_on or updated_on to window by");
        return kept;
    }

    /** The keys the run reads of this comparison, or null when it reads every row. */
    KeySet keys(ComparisonPlan plan, Catalog target, BoundSources pass) {
        if (spec.recheck() != null) {
            return reported(spark, plan, DifferenceFiles.of(spec.recheck()).of(plan), target, pass);
        }
        if (spec.since() != null) return windows.computeIfAbsent(plan.entity(), e -> window(e, target, pass));
        return null;
    }

    /** Whether the run is a recheck: its summaries say how many of the earlier keys still differ. */
    boolean rechecks() {
        return spec.recheck() != null;
    }

    /**
     * The keys of one entity whose row, on any side of any of its comparisons in this run, was
     * created or updated since the window opened. The window is taken per entity, not per
     * comparison: Reddit keeps no update time, so an edit that reached Reddit and the mirror but
     * not the new table shows only in the mirror's updated_on, and its key must be compared
     * against Reddit too. How each side's keys are selected: {@link TimeWindow}.
     */
    private KeySet window(String entity, Catalog target, BoundSources pass) {
        TimeWindow window = new TimeWindow(spec.mapping(), spec.since(), pass.reader());
        Dataset<Row> keys = null;
        List<ComparisonPlan> windowed = plans.stream().filter(p -> p.entity().equals(entity) && !stamps(p).isEmpty()).toList();
        for (ComparisonPlan plan : windowed) {
            Dataset<Row> both = window.keys(plan, pass.sides(plan, target, false), spec.sources().get(plan.source()),
                    spec.target(), stamps(plan));
            keys = keys == null ? both : keys.union(both);
        }
        KeySet selected = KeySet.of(keys, keyColumns(windowed.get(0)));
        listener.windowSelected(entity, selected.count(), spec.since());
        return selected;
    }

    /** The keys a report's differences in {@code dir} name for this comparison, typed like this run's keys. */
    static KeySet reported(SparkSession spark, ComparisonPlan plan, Location dir, Catalog target, BoundSources pass) {
        StructType keyType = new StructType();
        StructType schema = pass.sides(plan, target, false).oldRows().schema();
        for (String k : plan.keys()) keyType = keyType.add(k, schema.apply("k_" + k).dataType(), true);
        Dataset<Row> keys;
        if (!dir.isDirectoryQuietly()) {
            keys = spark.createDataFrame(List.of(), new StructType(Arrays.stream(keyType.fields())
                    .map(f -> new StructField("k_" + f.name(), f.dataType(), true, f.metadata())).toArray(StructField[]::new)));
        } else {
            Dataset<Row> parsed = spark.read().parquet(dir.uri()).select(functions.from_json(col("key"), keyType).as("k"));
            keys = parsed.select(plan.keys().stream().map(k -> col("k." + k).as("k_" + k)).toArray(Column[]::new));
        }
        return KeySet.of(keys, keyColumns(plan));
    }

    /** The compared columns a window can select rows by (times: a condition on one is compared as its verdict's text). */
    private static List<String> stamps(ComparisonPlan plan) {
        return plan.columns().stream().filter(ComparedColumn::timestamp).map(ComparedColumn::name)
                .filter(c -> c.equals("created_on") || c.equals("updated_on")).toList();
    }

    private static List<String> keyColumns(ComparisonPlan plan) {
        return plan.keys().stream().map(k -> "k_" + k).toList();
    }
}

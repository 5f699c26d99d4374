package io.cutover.verify;

import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SourceSpec;
import io.cutover.postgres.HeldSnapshot;
import io.cutover.schema.Catalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The old side of an (entity, source) in the new table's shape ({@code k_*}, {@code v_*}), read
 * exactly as verify reads it: compiled by {@link ComparisonPlanner}, printed by
 * {@link SparkSideSql}, each live database inside one held snapshot for the whole run (or at each
 * read's own moment, for a re-read of rows that changed since), a snapshot directory as its
 * Parquet, a CSV export with its change log's current rows. For a job that builds new rows from
 * the old ones (the backfill) rather than comparing them.
 */
public final class OldSideRows implements AutoCloseable {
    private final SparkSession spark;
    private final Mapping mapping;
    private final Map<String, SourceLocation> sources;
    private final LiveSnapshots snapshots;
    private final TableReader reader;
    private final ComparisonPlanner planner;
    private final Map<String, Dataset<Row>> exports = new LinkedHashMap<>();

    private OldSideRows(SparkSession spark, Mapping mapping, Map<String, SourceLocation> sources, LiveSnapshots snapshots) {
        this.spark = spark;
        this.mapping = mapping;
        this.sources = Map.copyOf(sources);
        this.snapshots = snapshots;
        this.reader = new TableReader(spark, snapshots);
        this.planner = new ComparisonPlanner(mapping);
        VerifyFunctions.register(spark);
    }

    /** Every live database among {@code sources} read in one snapshot, taken now (told on {@code out}) and held until {@link #close()}. */
    public static OldSideRows inSnapshot(SparkSession spark, Mapping mapping, Map<String, SourceLocation> sources,
                                          java.io.PrintStream out) {
        Map<SourceLocation, List<String>> readers = new LinkedHashMap<>();
        sources.forEach((name, location) -> readers.computeIfAbsent(location, l -> new java.util.ArrayList<>()).add("source " + name));
        return new OldSideRows(spark, mapping, sources, LiveSnapshots.take(readers, new ConsoleVerifyListener(out)));
    }

    /** Every read at its own moment: the rows as they are now. */
    public static OldSideRows now(SparkSession spark, Mapping mapping, Map<String, SourceLocation> sources) {
        return new OldSideRows(spark, mapping, sources, LiveSnapshots.none());
    }

    /** When the snapshot of a live source's database was taken (UTC, ISO-8601), or null when it is read without one. */
    public String snapshotTakenAt(String source) {
        if (!(sources.get(source) instanceof SourceLocation.Database db)) return null;
        HeldSnapshot held = snapshots.of(db);
        return held == null ? null : held.takenAt();
    }

    /**
     * The earliest time a write missing from this read can be stamped with (UTC, ISO-8601), over
     * every live source: the oldest of their snapshots, or of the transactions open when one was
     * taken ({@link HeldSnapshot#unseenWritesSince()}). A row built from one source's snapshot can
     * miss a write the other's already shows (Reddit's cut is taken a few milliseconds before the
     * app's), so one bound serves all; null when nothing is read in a snapshot.
     */
    public String unseenWritesSince() {
        String earliest = null;
        for (SourceLocation location : sources.values()) {
            HeldSnapshot held = location instanceof SourceLocation.Database db ? snapshots.of(db) : null;
            if (held == null) continue;
            String t = held.unseenWritesSince();
            if (earliest == null || t.compareTo(earliest) < 0) earliest = t;
        }
        return earliest;
    }

    public SourceLocation location(String source) {
        return sources.get(source);
    }

    /** The side's rows: keys {@code k_<column>}, values {@code v_<column>}; a reference as its row's natural key. */
    public Dataset<Row> rows(EntitySpec entity, String source) {
        ComparisonPlan plan = planner.plan(entity, source);
        SourceLocation location = sources.get(source);
        SourceSpec spec = mapping.sources().get(source);
        Catalog sourceCatalog = spec.kind() == SourceSpec.Kind.DATABASE
                ? mapping.catalog(spec.schema()) : null;
        if (location instanceof SourceLocation.CsvFile csv) {
            exports.computeIfAbsent(source, s -> reader.csv(csv, spec.csvColumns()).cache())
                    .createOrReplaceTempView(ComparisonPlanner.csvView(source));
        }
        for (String table : plan.oldTables()) {
            reader.read(location, table, BoundSources.splitColumn(sourceCatalog, table)).createOrReplaceTempView(table);
        }
        for (ComparisonPlan.NamedSql view : plan.oldViews()) spark.sql(view.sql()).createOrReplaceTempView(view.name());
        return spark.sql(plan.oldSql());
    }

    /** A table of a database or snapshot location, read like a side's tables (the target's rows a reference resolves against). */
    public Dataset<Row> table(SourceLocation location, String table) {
        return reader.read(location, table, null);
    }

    @Override
    public void close() {
        exports.values().forEach(Dataset::unpersist);
        snapshots.close();
    }
}

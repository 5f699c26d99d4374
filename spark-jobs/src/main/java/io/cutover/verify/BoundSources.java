package io.cutover.verify;

import io.cutover.mapping.SourceSpec;
import io.cutover.schema.Catalog;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The readers of one pass, bound once for all its reads: a live database is read inside the
 * pass's held snapshot (or at each read's own moment, with --no-consistent-read), a snapshot
 * directory as its Parquet, a CSV export parsed once for every comparison of the pass that reads
 * it ({@link KeptExports}). Both sides of every comparison, the key restriction's reads and the
 * cross-table checks' all go through it; the next pass binds its own.
 *
 * <p>This is where a comparison's planned SQL meets the tables: the views each side needs are
 * registered, and its digests taken in Spark or in PostgreSQL as {@link DigestPushdown} placed them.
 */
final class BoundSources implements AutoCloseable {
    private final SparkSession spark;
    private final VerifySpec spec;
    private final SideBinding binding;
    private final LiveSnapshots snapshots;
    private final TableReader reader;
    private final DigestPushdown pushdown;
    private final KeptExports exports;
    /** The exports kept parsed between runs; null when each run parses them whole. */
    private final ExportCache cache;
    /** Hears the snapshots released; null for readers that hold none. */
    private final VerifyListener listener;

    BoundSources(SparkSession spark, VerifySpec spec, SideBinding binding, LiveSnapshots snapshots, KeptExports exports,
                 VerifyListener listener) {
        this.spark = spark;
        this.spec = spec;
        this.binding = binding;
        this.snapshots = snapshots;
        this.reader = new TableReader(spark, snapshots);
        this.pushdown = new DigestPushdown(spark, () -> reader, spec);
        this.exports = exports;
        this.listener = listener;
        this.cache = spec.exportCache() == null ? null : new ExportCache(spark, spec.exportCache(), reader,
                line -> { if (listener != null) listener.exportCache(line); });
    }

    /** The reader of this pass's tables (the time window's narrow reads, the comment trees). */
    TableReader reader() {
        return reader;
    }

    /** Where this pass's digests may be computed in PostgreSQL. */
    DigestPushdown pushdown() {
        return pushdown;
    }

    Dataset<Row> read(SourceLocation location, String table, String splitColumn) {
        return reader.read(location, table, splitColumn);
    }

    DigestPushdown.Placement placement(ComparisonPlan plan) {
        return binding.placement(plan);
    }

    /** Both sides of one comparison in the new table's shape, and their digests for pass 1. */
    ComparisonSides sides(ComparisonPlan plan, Catalog target) {
        return sides(plan, target, true);
    }

    /**
     * {@code partitioned}: large live tables are read in key ranges, which costs a min/max/count
     * of the whole table first; a read of a few keys is one query.
     */
    ComparisonSides sides(ComparisonPlan plan, Catalog target, boolean partitioned) {
        SourceLocation location = spec.sources().get(plan.source());
        SourceSpec source = spec.mapping().sources().get(plan.source());
        Catalog sourceCatalog = source.kind() == SourceSpec.Kind.DATABASE
                ? spec.mapping().catalog(source.schema()) : null;
        // Old side: its tables under their own names, as the mapping's expressions name them. The
        // DataFrame is analysed at once, so the new side may then reuse those names.
        if (location instanceof SourceLocation.CsvFile csv) {
            exports.rows(plan.source(), () -> cache != null ? cache.rows(plan.source(), csv, source.csvColumns())
                            : reader.csv(csv, source.csvColumns()))
                    .createOrReplaceTempView(ComparisonPlanner.csvView(plan.source()));
        }
        for (String table : plan.oldTables()) {
            reader.read(location, table, partitioned ? splitColumn(sourceCatalog, table) : null).createOrReplaceTempView(table);
        }
        for (ComparisonPlan.NamedSql view : plan.oldViews()) spark.sql(view.sql()).createOrReplaceTempView(view.name());
        for (ComparisonPlan.NamedSql view : plan.oldDigestViews()) spark.sql(view.sql()).createOrReplaceTempView(view.name());
        Dataset<Row> oldSide = spark.sql(plan.oldSql());
        DigestPushdown.Placement placed = placement(plan);
        Dataset<Row> oldDigest = placed.crossEngine() ? pushdown.oldDigest(plan, placed) : spark.sql(plan.oldDigestSql());
        for (String table : plan.newTables()) {
            reader.read(spec.target(), table, partitioned ? splitColumn(target, table) : null).createOrReplaceTempView(table);
        }
        Dataset<Row> newDigest = placed.crossEngine() ? pushdown.newDigest(plan, placed) : spark.sql(plan.newDigestSql());
        return new ComparisonSides(oldSide, spark.sql(plan.newSql()), oldDigest, newDigest);
    }

    /**
     * Both sides, narrowed to {@code keys} when given (null: every row). A few keys of a live side
     * are read as whole rows computed in PostgreSQL where the mapping allows
     * ({@link DigestPushdown#rowsForKeys}): its lookups (a comment's post, the comments of a post)
     * then run on PostgreSQL's indexes for those rows only, where Spark would read the looked-up
     * tables whole.
     */
    ComparisonSides sides(ComparisonPlan plan, Catalog target, KeySet keys) {
        ComparisonSides sides = sides(plan, target, keys == null || keys.many());
        if (keys == null) return sides;
        ComparisonPlan.CrossEngine c = plan.crossEngine();
        if (!keys.many() && c != null) {
            Dataset<Row> oldRows = pushdown.rowsForKeys(spec.sources().get(plan.source()), c.oldPostgresRows(), keys.values(0), "o");
            Dataset<Row> newRows = pushdown.rowsForKeys(spec.target(), c.newPostgresRows(), keys.values(0), "n");
            if (oldRows != null || newRows != null) {
                sides = new ComparisonSides(oldRows != null ? oldRows : sides.oldRows(), newRows != null ? newRows : sides.newRows(),
                        sides.oldDigest(), sides.newDigest());
            }
        }
        return sides.restrictedTo(keys);
    }

    /**
     * The table rows each comparison reads, counted before any is read (a shared export counts
     * once, for the first comparison that parses it). A source that cannot be counted fails
     * naming the comparison, as reading it would.
     */
    long[] rowsRead(List<ComparisonPlan> plans, InputRows inputRows) {
        long[] rows = new long[plans.size()];
        for (int i = 0; i < plans.size(); i++) {
            ComparisonPlan plan = plans.get(i);
            try {
                SourceLocation location = spec.sources().get(plan.source());
                if (location instanceof SourceLocation.CsvFile csv) {
                    if (exports.parsesNext(plan.source())) rows[i] += inputRows.of(csv);
                } else if (placement(plan).oldInPostgres()) {
                    rows[i] += inputRows.of(location, plan.crossEngine().oldPostgres().primaryTable());
                } else {
                    for (String table : plan.oldTables()) rows[i] += inputRows.of(location, table);
                }
                if (placement(plan).newInPostgres()) {
                    rows[i] += inputRows.of(spec.target(), plan.crossEngine().newPostgres().primaryTable());
                } else {
                    for (String table : plan.newTables()) rows[i] += inputRows.of(spec.target(), table);
                }
            } catch (Exception e) {
                throw VerifyFailure.of(plan, e);
            }
        }
        return rows;
    }

    /** Comparison {@code index} of the pass is done: the exports no later one reads are let go. */
    void done(int index) {
        exports.done(index);
    }

    /** The column a large live table is read in ranges of, or null (a table of no database source). */
    static String splitColumn(Catalog catalog, String table) {
        if (catalog == null) return null;
        return catalog.table(table).map(t -> t.column("thing_id").isPresent() ? "thing_id"
                : t.column("id").isPresent() ? "id" : null).orElse(null);
    }

    /** Lets every kept export go and ends the pass's snapshots, then tells how long each was held. */
    @Override
    public void close() {
        exports.releaseAll();
        if (listener != null) snapshots.close(listener);
        else snapshots.close();
    }
}

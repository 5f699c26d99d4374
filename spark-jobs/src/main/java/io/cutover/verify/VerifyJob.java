package io.cutover.verify;

import static org.apache.spark.sql.functions.col;

import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.mapping.AggregateCheck;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SourceSpec;
import io.cutover.progress.Progress;
import io.cutover.schema.Catalog;
import io.cutover.storage.Location;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Verifies the new tables against every old source the mapping names: plans all comparisons
 * first (so mapping problems surface before any Spark work), then runs each with
 * {@link KeyedDiff}, the mapping's aggregate checks, and writes the report.
 */
public final class VerifyJob {
    private final SparkSession spark;
    private final VerifySpec spec;
    private final PrintStream out;
    /** Reads inside the run's held snapshots while it runs (see {@link LiveSnapshots}). */
    private TableReader reader;
    private final InputRows inputRows = new InputRows();
    /** --since: the keys each entity's window selected, worked out once for all its comparisons. */
    private final Map<String, KeySet> windows = new LinkedHashMap<>();
    private List<ComparisonPlan> windowPlans = List.of();
    private final DigestPushdown pushdown;
    private final Map<ComparisonPlan, DigestPushdown.Placement> placements = new java.util.HashMap<>();
    /** For the comparisons of a run only: sides() called outside one (benchmarks) keeps nothing. */
    private KeptExports exports = KeptExports.none();

    public VerifyJob(SparkSession spark, VerifySpec spec, PrintStream out) {
        this.spark = spark;
        this.spec = spec;
        this.out = out;
        this.reader = new TableReader(spark);
        this.pushdown = new DigestPushdown(spark, () -> reader, spec);
    }

    public VerifyReport run() {
        long start = System.nanoTime();
        Mapping mapping = spec.mapping();
        ComparisonPlanner planner = new ComparisonPlanner(mapping);
        List<ComparisonPlan> plans = plans(mapping, planner);
        VerifyFunctions.register(spark);
        Location differencesDir = spec.outputDir().resolve("differences");
        prepareOutput(differencesDir);
        if (spec.since() != null) plans = windowPlans = windowable(plans);

        List<ComparisonSummary> comparisons = new ArrayList<>();
        List<ComparisonSummary> checks = new ArrayList<>();
        LiveSnapshots snapshots = spec.consistentRead() ? LiveSnapshots.take(liveLocations(), out) : LiveSnapshots.none();
        try {
            reader = new TableReader(spark, snapshots);
            compareAll(plans, planner, differencesDir, comparisons);
            if (!spec.restricted()) checks.addAll(checks(mapping, differencesDir));
        } finally {
            snapshots.close(out);
            reader = new TableReader(spark);
        }
        Settled settled = null;
        if (spec.settle() != null) {
            settled = settle(plans, planner.targetCatalog(), differencesDir, comparisons, checks);
            comparisons = settled.comparisons();
            checks = settled.checks();
        }
        // An inherited check hit is reported, not counted: the old data has it too.
        long total = comparisons.stream().mapToLong(ComparisonSummary::differences).sum()
                + checks.stream().mapToLong(ComparisonSummary::differences).sum();
        // Writes still in flight are no finding: with a settle pass only the persistent ones count.
        long counted = settled == null ? total : settled.persistent();
        int exit = counted > spec.maxDifferences() ? ExitCode.DIFFERENCES : ExitCode.OK;
        Map<String, String> sources = new LinkedHashMap<>();
        spec.sources().forEach((k, v) -> sources.put(k, v.toString()));
        return new VerifyReport(mapping.name(), sources, spec.target().toString(),
                spec.since() == null ? null : spec.since().toString(),
                spec.recheck() == null ? null : spec.recheck().toString(), comparisons, checks, total,
                spec.maxDifferences(), exit, (System.nanoTime() - start) / 1e9, differencesDir.toString(),
                spec.consistentRead(), spec.settle() == null ? null : spec.settle().toMillis() / 1000.0,
                settled == null ? null : settled.persistent());
    }

    private void compareAll(List<ComparisonPlan> plans, ComparisonPlanner planner, Location differencesDir,
                            List<ComparisonSummary> comparisons) {
        exports = new KeptExports(plans, spec.sources());
        // A restricted run reads a few keys of each table: its total is not known before.
        long[] reads = spec.restricted() ? new long[plans.size()] : rowsRead(plans);
        VerifyProgress progress = new VerifyProgress(java.util.Arrays.stream(reads).sum(), inputRows.estimated(), out);
        spark.sparkContext().addSparkListener(progress);
        try {
            for (int i = 0; i < plans.size(); i++) {
                ComparisonPlan plan = plans.get(i);
                out.printf("verifying %s ...%n", plan.label());
                if (placement(plan).note() != null) out.printf("  %s%n", placement(plan).note());
                progress.begin(spec.restricted() ? VerifyProgress.UNKNOWN : reads[i]);
                try {
                    comparisons.add(compare(plan, planner.targetCatalog(), differencesDir));
                } catch (RuntimeException e) {
                    throw failed(plan, e);
                }
                progress.end();
                exports.done(i);
                ComparisonSummary s = comparisons.get(comparisons.size() - 1);
                out.printf("  %s: %,d old rows, %,d new rows, %,d %s (%.1f s, %,.0f rows/s)%n", plan.label(),
                        s.oldRows(), s.newRows(), s.differences(), s.differences() == 1 ? "difference" : "differences", s.seconds(),
                        (s.oldRows() + s.newRows()) / Math.max(0.001, s.seconds()));
            }
            progress.finish();
        } finally {
            spark.sparkContext().removeSparkListener(progress);
            exports.releaseAll();
            exports = KeptExports.none();
        }
    }

    /** The cross-table checks of the entities compared, and the comment trees. */
    private List<ComparisonSummary> checks(Mapping mapping, Location differencesDir) {
        List<ComparisonSummary> checks = new ArrayList<>();
        for (AggregateCheck check : mapping.checks()) {
            if (!spec.entities().isEmpty() && mapping.entities().stream().noneMatch(
                    e -> e.table().equalsIgnoreCase(check.table()) && spec.entities().contains(e.name()))) {
                continue;
            }
            try {
                checks.add(check(check, mapping, differencesDir));
            } catch (RuntimeException e) {
                if (e instanceof CutoverException ce) throw ce;
                throw CutoverException.failure("check " + check.name() + " failed: " + rootMessage(e), e);
            }
        }
        checks.addAll(treeChecks(mapping, differencesDir));
        return checks;
    }

    /**
     * With --since, the comparisons of the entities that a window can select: those with a
     * comparison holding a created_on or updated_on. Others are left out and say so, or, when
     * asked for by name, stop the run before anything is read.
     */
    private List<ComparisonPlan> windowable(List<ComparisonPlan> plans) {
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
            out.printf("  %s: no created_on or updated_on to window by; not compared with --since%n", entity);
        });
        for (ComparisonPlan p : plans) if (byEntity.get(p.entity())) kept.add(p);
        if (kept.isEmpty()) throw CutoverException.configuration("--since: no entity compares a created_on or updated_on to window by");
        return kept;
    }

    private static List<String> stamps(ComparisonPlan plan) {
        return plan.columns().stream().map(ComparedColumn::name)
                .filter(c -> c.equals("created_on") || c.equals("updated_on")).toList();
    }

    /** The live databases the run reads, sources and target, each with the comparisons that read it. */
    private Map<SourceLocation, List<String>> liveLocations() {
        Map<SourceLocation, List<String>> readers = new LinkedHashMap<>();
        for (ComparisonPlan p : plans()) {
            for (SourceLocation l : List.of(spec.sources().get(p.source()), spec.target())) {
                if (l instanceof SourceLocation.Database) readers.computeIfAbsent(l, k -> new ArrayList<>()).add(p.label());
            }
        }
        return readers;
    }

    /**
     * The table rows each comparison reads, counted before any is read (a shared export counts
     * once, for the first comparison that parses it). A source that cannot be counted fails
     * naming the comparison, as reading it would.
     */
    private long[] rowsRead(List<ComparisonPlan> plans) {
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
            } catch (RuntimeException e) {
                throw failed(plan, e);
            }
        }
        return rows;
    }

    /** A failure while reading a comparison's sources names the comparison; a usage error stays one. */
    private static CutoverException failed(ComparisonPlan plan, RuntimeException e) {
        if (e instanceof CutoverException ce) {
            return ce.exitCode() != ExitCode.FAILURE ? ce
                    : CutoverException.failure("verifying " + plan.label() + " failed: " + ce.getMessage(), ce);
        }
        return CutoverException.failure("verifying " + plan.label() + " failed: " + CsvValueError.explain(rootMessage(e)), e);
    }

    /** Every comparison the run will make, planned before any data is read. */
    private List<ComparisonPlan> plans(Mapping mapping, ComparisonPlanner planner) {
        List<ComparisonPlan> plans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : spec.entities()) {
            if (mapping.entity(name).isEmpty()) {
                problems.add("unknown entity '" + name + "' (the mapping has " + mapping.entities().stream()
                        .map(EntitySpec::name).collect(Collectors.joining(", ")) + ")");
            }
        }
        for (EntitySpec entity : mapping.entities()) {
            if (!spec.entities().isEmpty() && !spec.entities().contains(entity.name())) continue;
            for (String source : entity.from().keySet()) {
                if (!spec.sources().containsKey(source)) continue;
                try {
                    plans.add(planner.plan(entity, source));
                } catch (CutoverException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) throw CutoverException.configuration(String.join("\n  ", problems));
        if (plans.isEmpty()) {
            throw CutoverException.configuration("nothing to compare: no entity of the mapping has a source among "
                    + spec.sources().keySet());
        }
        return plans;
    }

    private void prepareOutput(Location differencesDir) {
        try {
            spec.outputDir().mkdirs();
            differencesDir.deleteRecursively();
        } catch (java.io.IOException e) {
            throw CutoverException.configuration("cannot write the report to " + spec.outputDir() + ": " + e.getMessage());
        }
    }

    // ---- one comparison ---------------------------------------------------------------------

    private ComparisonSummary compare(ComparisonPlan plan, Catalog target, Location differencesDir) {
        long start = System.nanoTime();
        KeySet keys = restriction(plan, target);
        Location dir = differencesDir(differencesDir, plan);
        if (keys != null && keys.count() == 0) {
            // Nothing to look at again: no read at all, and a summary that says so.
            Dataset<Row> none = spark.createDataFrame(List.of(), DIFFERENCES);
            return summarize(plan.entity(), plan.source(), plan.columns(), none, 0, 0, 0, 0,
                    spec.recheck() == null ? null : new ComparisonSummary.Recheck(0, 0, 0), (System.nanoTime() - start) / 1e9);
        }
        // A few keys' rows are kept whole and read once: every later step reads them from memory.
        if (keys != null && !keys.many()) plan = plan.keepingRows();
        ComparisonSides sides = restrictedSides(plan, target, keys);

        KeyedDiff.Result result = new KeyedDiff(plan, spec.buckets()).run(sides);
        result.differences().drop("entity", "source").coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.uri());
        result.cached().forEach(Dataset::unpersist);

        Dataset<Row> written = spark.read().parquet(dir.uri());
        ComparisonSummary.Recheck recheck = null;
        if (spec.recheck() != null) {
            long earlier = keys.count();
            long persisting = written.select("key").distinct().count();
            recheck = new ComparisonSummary.Recheck(earlier, earlier - persisting, persisting);
        }
        return summarize(plan.entity(), plan.source(), plan.columns(), written, result.oldRows(), result.newRows(),
                result.bucketsCompared(), result.bucketsDiffering(), recheck, (System.nanoTime() - start) / 1e9);
    }

    /** The shape of the differences written per comparison. */
    private static final StructType DIFFERENCES = new StructType().add("category", "string").add("key", "string")
            .add("column", "string").add("old_value", "string").add("new_value", "string");

    private static Location differencesDir(Location differencesDir, ComparisonPlan plan) {
        return differencesDir.resolve("entity=" + plan.entity()).resolve("source=" + plan.source());
    }

    /** The keys a restricted run reads for this comparison, or null when it reads every row. */
    private KeySet restriction(ComparisonPlan plan, Catalog target) {
        if (spec.recheck() != null) {
            return reportedKeys(plan, differencesDir(spec.recheck().resolve("differences"), plan), target);
        }
        if (spec.since() != null) return windows.computeIfAbsent(plan.entity(), e -> window(e, target));
        return null;
    }

    /** Both sides of one comparison in the new table's shape, and their digests for pass 1. */
    ComparisonSides sides(ComparisonPlan plan, Catalog target) {
        return sides(plan, target, true);
    }

    /**
     * {@code partitioned}: large live tables are read in key ranges, which costs a min/max/count
     * of the whole table first; a read of a few keys is one query.
     */
    private ComparisonSides sides(ComparisonPlan plan, Catalog target, boolean partitioned) {
        SourceLocation location = spec.sources().get(plan.source());
        SourceSpec source = spec.mapping().sources().get(plan.source());
        Catalog sourceCatalog = source.kind() == SourceSpec.Kind.DATABASE
                ? Catalog.of(spec.mapping().schemas().get(source.schema()).toArray(String[]::new)) : null;
        // Old side: its tables under their own names, as the mapping's expressions name them. The
        // DataFrame is analysed at once, so the new side may then reuse those names.
        if (location instanceof SourceLocation.CsvFile csv) {
            exports.rows(plan.source(), () -> reader.csv(csv, source.csvColumns()))
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

    /** Where a comparison's digests are computed (decided once, before anything is read). */
    DigestPushdown.Placement placement(ComparisonPlan plan) {
        return placements.computeIfAbsent(plan, pushdown::placement);
    }

    /**
     * Both sides, narrowed to {@code keys} when given. A few keys of a live side are read as whole
     * rows computed in PostgreSQL where the mapping allows ({@link DigestPushdown#rowsForKeys}):
     * its lookups (a comment's post, the comments of a post) then run on PostgreSQL's indexes for
     * those rows only, where Spark would read the looked-up tables whole.
     */
    private ComparisonSides restrictedSides(ComparisonPlan plan, Catalog target, KeySet keys) {
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

    /** Every comparison the spec asks for, planned (for benchmarks that run them another way). */
    List<ComparisonPlan> plans() {
        return plans(spec.mapping(), new ComparisonPlanner(spec.mapping()));
    }

    private static String splitColumn(Catalog catalog, String table) {
        if (catalog == null) return null;
        return catalog.table(table).map(t -> t.column("thing_id").isPresent() ? "thing_id"
                : t.column("id").isPresent() ? "id" : null).orElse(null);
    }

    private static List<String> keyColumns(ComparisonPlan plan) {
        return plan.keys().stream().map(k -> "k_" + k).toList();
    }

    /**
     * The keys of one entity whose row, on any side of any of its comparisons in this run, was
     * created or updated since the window opened. The window is taken per entity, not per
     * comparison: Reddit keeps no update time, so an edit that reached Reddit and the mirror but
     * not the new table shows only in the mirror's updated_on, and its key must be compared
     * against Reddit too. How each side's keys are selected: {@link TimeWindow}.
     */
    private KeySet window(String entity, Catalog target) {
        TimeWindow window = new TimeWindow(spec.mapping(), spec.since(), reader);
        Dataset<Row> keys = null;
        List<ComparisonPlan> plans = windowPlans.stream().filter(p -> p.entity().equals(entity) && !stamps(p).isEmpty()).toList();
        for (ComparisonPlan plan : plans) {
            Dataset<Row> both = window.keys(plan, sides(plan, target, false), spec.sources().get(plan.source()), spec.target(),
                    stamps(plan));
            keys = keys == null ? both : keys.union(both);
        }
        KeySet selected = KeySet.of(keys, keyColumns(plans.get(0)));
        out.printf("  %s: %,d keys created or updated since %s%n", entity, selected.count(), spec.since());
        return selected;
    }

    /** The keys a report's differences name for this comparison, typed like this run's keys. */
    private KeySet reportedKeys(ComparisonPlan plan, Location dir, Catalog target) {
        StructType keyType = new StructType();
        StructType schema = sides(plan, target, false).oldRows().schema();
        for (String k : plan.keys()) keyType = keyType.add(k, schema.apply("k_" + k).dataType(), true);
        Dataset<Row> keys;
        if (!dir.isDirectoryQuietly()) {
            keys = spark.createDataFrame(List.of(), new StructType(java.util.Arrays.stream(keyType.fields())
                    .map(f -> new StructField("k_" + f.name(), f.dataType(), true, f.metadata())).toArray(StructField[]::new)));
        } else {
            Dataset<Row> parsed = spark.read().parquet(dir.uri()).select(functions.from_json(col("key"), keyType).as("k"));
            keys = parsed.select(plan.keys().stream().map(k -> col("k." + k).as("k_" + k)).toArray(Column[]::new));
        }
        return KeySet.of(keys, keyColumns(plan));
    }

    // ---- the settle pass --------------------------------------------------------------------

    /**
     * Reads the keys that differed again, after a delay and in new snapshots: a difference whose
     * key no longer differs was a write in flight (transient); the others are persistent, and
     * their rows are replaced by what the second read found.
     */
    private Settled settle(List<ComparisonPlan> plans, Catalog target, Location differencesDir,
                           List<ComparisonSummary> comparisons, List<ComparisonSummary> checks) {
        Map<Integer, KeySet> keys = new LinkedHashMap<>();
        long differing = 0;
        for (int i = 0; i < plans.size(); i++) {
            if (comparisons.get(i).differences() == 0) continue;
            KeySet k = reportedKeys(plans.get(i), differencesDir(differencesDir, plans.get(i)), target);
            keys.put(i, k);
            differing += k.count();
        }
        List<ComparisonSummary> failedChecks = checks.stream().filter(c -> c.differences() > 0).toList();
        out.printf("settle: %,d differing keys in %d comparisons and %d checks; reading them again in %s%n", differing,
                keys.size(), failedChecks.size(), Progress.formatDuration(spec.settle().toMillis() / 1000.0));
        try {
            Thread.sleep(spec.settle().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CutoverException.failure("interrupted while waiting to settle", e);
        }
        long start = System.nanoTime();
        List<ComparisonSummary> settledComparisons = new ArrayList<>(comparisons);
        List<ComparisonSummary> settledChecks = new ArrayList<>(checks);
        long persistent = 0;
        LiveSnapshots snapshots = spec.consistentRead() ? LiveSnapshots.take(liveLocations(), out) : LiveSnapshots.none();
        try {
            reader = new TableReader(spark, snapshots);
            for (int i = 0; i < plans.size(); i++) {
                ComparisonPlan plan = plans.get(i);
                ComparisonSummary before = comparisons.get(i);
                Location dir = differencesDir(differencesDir, plan);
                KeySet k = keys.get(i);
                if (k == null) {
                    Settling.mark(spark, dir, "persistent");
                    settledComparisons.set(i, before.settled(new ComparisonSummary.Settle(0, 0)));
                    continue;
                }
                ComparisonPlan again = k.many() ? plan : plan.keepingRows();
                ComparisonSides sides = restrictedSides(again, target, k);
                KeyedDiff.Result later = new KeyedDiff(again, spec.buckets()).run(sides);
                ComparisonSummary.Settle counts;
                try {
                    counts = Settling.label(spark, dir, later.differences().drop("entity", "source"));
                } catch (RuntimeException e) {
                    throw failed(plan, e);
                } finally {
                    later.cached().forEach(Dataset::unpersist);
                }
                persistent += counts.persistent();
                ComparisonSummary s = summarize(plan.entity(), plan.source(), plan.columns(), spark.read().parquet(dir.uri()),
                        before.oldRows(), before.newRows(), before.bucketsCompared(), before.bucketsDiffering(), before.recheck(),
                        before.seconds());
                settledComparisons.set(i, s.settled(counts));
                out.printf("  %s: %,d persistent, %,d transient%n", plan.label(), counts.persistent(), counts.transients());
            }
            // Every other directory (the checks', the comment trees') gets the label too: one shape for all.
            try {
                for (Location entityDir : differencesDir.directories()) {
                    for (Location sourceDir : entityDir.directories()) Settling.mark(spark, sourceDir, "persistent");
                }
            } catch (java.io.IOException e) {
                throw CutoverException.failure("cannot label the checks' differences in " + differencesDir + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < checks.size(); i++) {
                ComparisonSummary c = checks.get(i);
                // The new tables are written in one transaction per change and read at one instant:
                // a cross-table check cannot see a write half done, so each hit is read again only
                // to label it like the rest.
                persistent += c.differences();
                settledChecks.set(i, c.settled(new ComparisonSummary.Settle(0, c.differences())));
            }
        } finally {
            snapshots.close(out);
            reader = new TableReader(spark);
        }
        out.printf("settle: %,d persistent differences (%.1f s)%n", persistent, (System.nanoTime() - start) / 1e9);
        return new Settled(settledComparisons, settledChecks, persistent);
    }

    private record Settled(List<ComparisonSummary> comparisons, List<ComparisonSummary> checks, long persistent) {}

    // ---- aggregate checks -------------------------------------------------------------------

    /**
     * One cross-table check on the new tables, each hit judged against the old sources the
     * mapping says how to read it on: a hit every one of them shares (the same stored value and
     * the same recount) is {@code inherited}; any other, the new tables introduced: {@code aggregate}.
     * Every source, not any: two faults can meet by chance (the mirror lost one comment of a post,
     * the new table another), and Reddit, which has neither, tells them apart.
     */
    private ComparisonSummary check(AggregateCheck check, Mapping mapping, Location differencesDir) {
        long start = System.nanoTime();
        EntitySpec entity = mapping.entities().stream().filter(e -> e.table().equalsIgnoreCase(check.table())).findFirst()
                .orElse(null);
        String key = entity == null ? "id" : entity.key().get(0);
        for (String table : List.of(check.table(), check.aggregateTable())) {
            reader.read(spec.target(), table, "id").createOrReplaceTempView(table);
        }
        String join = check.join().entrySet().stream().map(e -> "a." + e.getKey() + " = t." + e.getValue())
                .collect(Collectors.joining(" AND "));
        String groupCols = String.join(", ", check.join().keySet());
        String sql = "SELECT t." + key + " AS k, CAST(coalesce(agg.v, 0) AS BIGINT) AS aggregate, CAST(t." + check.value()
                + " AS BIGINT) AS value"
                + " FROM " + check.table() + " t LEFT JOIN (SELECT " + groupCols + ", " + check.expr() + " AS v FROM "
                + check.aggregateTable() + " GROUP BY " + groupCols + ") agg ON "
                + join.replace("a.", "agg.")
                + " WHERE NOT (CAST(t." + check.value() + " AS BIGINT) <=> CAST(coalesce(agg.v, 0) AS BIGINT))";
        Dataset<Row> hits = spark.sql(sql);
        Dataset<Row> shared = oldHits(check, key);
        Column inherited = functions.lit(false);
        if (shared != null) {
            hits = hits.join(shared, hits.col("k").equalTo(shared.col("shared_k")).and(hits.col("value").eqNullSafe(shared.col("shared_value")))
                    .and(hits.col("aggregate").eqNullSafe(shared.col("shared_aggregate"))), "left_outer");
            inherited = col("shared_k").isNotNull();
        }
        Dataset<Row> diffs = hits.select(
                functions.when(inherited, Category.INHERITED.id()).otherwise(Category.AGGREGATE.id()).as("category"),
                functions.to_json(functions.struct(col("k").as(key))).as("key"), functions.lit(check.name()).as("column"),
                col("aggregate").cast("string").as("old_value"), col("value").cast("string").as("new_value"));
        String entityName = entity == null ? check.table() : entity.name();
        Location dir = differencesDir.resolve("entity=" + entityName).resolve("source=checks");
        diffs.coalesce(1).write().mode(SaveMode.Append).parquet(dir.uri());
        long rows = spark.table(check.table()).count();
        Dataset<Row> written = spark.read().parquet(dir.uri()).where(col("column").equalTo(check.name()));
        return summarize(check.name(), "checks", List.of(), written, rows, rows, 0, 0, null,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The keys, stored values and recounts of the check's hits that every old source this run reads
     * (of those the mapping says how to check) has alike, or null when there is none.
     */
    private Dataset<Row> oldHits(AggregateCheck check, String key) {
        Dataset<Row> all = null;
        for (Map.Entry<String, AggregateCheck.OldReading> e : check.old().entrySet()) {
            SourceLocation location = spec.sources().get(e.getKey());
            if (location == null || location instanceof SourceLocation.CsvFile) continue;
            SourceSpec source = spec.mapping().sources().get(e.getKey());
            Catalog catalog = Catalog.of(spec.mapping().schemas().get(source.schema()).toArray(String[]::new));
            for (String table : catalog.tables().keySet()) {
                if (java.util.regex.Pattern.compile("(?i)\\b" + table + "\\b").matcher(e.getValue().sql()).find()) {
                    reader.read(location, table, splitColumn(catalog, table)).createOrReplaceTempView(table);
                }
            }
            Dataset<Row> hits = spark.sql(e.getValue().sql())
                    .where("NOT (CAST(value AS BIGINT) <=> CAST(aggregate AS BIGINT))")
                    .selectExpr(key + " AS shared_k", "CAST(value AS BIGINT) AS shared_value", "CAST(aggregate AS BIGINT) AS shared_aggregate");
            all = all == null ? hits.distinct() : all.intersect(hits);
        }
        return all;
    }

    // ---- comment trees ----------------------------------------------------------------------

    /** The trees are checked against the new comments, so they go with the comment entity (or a whole run). */
    private List<ComparisonSummary> treeChecks(Mapping mapping, Location differencesDir) {
        if (mapping.commentTrees().isEmpty() || !spec.entities().isEmpty() && !spec.entities().contains("comment")) {
            return List.of();
        }
        out.printf("checking the comment trees ...%n");
        List<ComparisonSummary> summaries = new ArrayList<>();
        try {
            new CommentTreeCheck(spark, reader, spec.target()).run(mapping.commentTrees().get(), differencesDir, r -> {
                ComparisonSummary s = summarize(r.table().entity(), CommentTreeCheck.SOURCE, List.of(),
                        spark.read().parquet(r.differences().uri()), r.referenceRows(), r.nodes(), 0, 0, null, r.seconds());
                out.printf("  tree %s: %,d nodes against %,d comments and posts, %,d %s (%.1f s)%n", s.entity(), s.newRows(),
                        s.oldRows(), s.differences(), s.differences() == 1 ? "difference" : "differences", s.seconds());
                summaries.add(s);
            });
        } catch (RuntimeException e) {
            if (e instanceof CutoverException ce) throw ce;
            throw CutoverException.failure("checking the comment trees failed: " + rootMessage(e), e);
        }
        return summaries;
    }

    // ---- summaries ---------------------------------------------------------------------------

    private ComparisonSummary summarize(String entity, String source, List<ComparedColumn> columns, Dataset<Row> diffs,
                                        long oldRows, long newRows, long buckets, long differing,
                                        ComparisonSummary.Recheck recheck, double seconds) {
        // One pass over the differences for every count and the largest numeric and time differences.
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Long> perColumn = new LinkedHashMap<>();
        Map<String, Double> maxNumber = new LinkedHashMap<>();
        Map<String, Double> maxSeconds = new LinkedHashMap<>();
        // Few differences (the usual case) are summarised on the driver from one read; many, in Spark.
        if (diffs.count() <= 50_000) diffs = spark.createDataFrame(diffs.collectAsList(), diffs.schema());
        List<Row> stats = diffs.groupBy("category", "column").agg(functions.count(functions.lit(1)),
                functions.max(functions.expr("abs(try_cast(old_value AS DOUBLE) - try_cast(new_value AS DOUBLE))")),
                functions.max(functions.expr("abs(unix_micros(try_cast(old_value AS TIMESTAMP))"
                        + " - unix_micros(try_cast(new_value AS TIMESTAMP))) / 1e6"))).collectAsList();
        for (Row r : stats) {
            counts.merge(r.getString(0), r.getLong(2), Long::sum);
            if (r.getString(1) != null && (r.getString(0).equals("changed") || r.getString(0).equals("aggregate")
                    || r.getString(0).equals("tree"))) {
                perColumn.merge(r.getString(1), r.getLong(2), Long::sum);
                if (r.getString(0).equals("tree")) continue;   // a rule's values are descriptions, not amounts
                if (!r.isNullAt(3)) maxNumber.put(r.getString(1), ((Number) r.get(3)).doubleValue());
                if (!r.isNullAt(4)) maxSeconds.put(r.getString(1), ((Number) r.get(4)).doubleValue());
            }
        }
        long changedRows = counts.getOrDefault("changed", 0L) == 0 ? 0
                : diffs.where("category = 'changed'").select("key").distinct().count();
        long rowsCompared = Math.max(0, oldRows - counts.getOrDefault("missing_in_new", 0L)
                - counts.getOrDefault("duplicate_key", 0L));
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
        columnSummaries.sort(java.util.Comparator.comparingLong(ComparisonSummary.ColumnSummary::mismatches).reversed());
        List<ComparisonSummary.Sample> samples = new ArrayList<>();
        if (!stats.isEmpty()) {
            Dataset<Row> ranked = diffs.withColumn("rank", functions.row_number().over(
                    org.apache.spark.sql.expressions.Window.partitionBy("category", "column").orderBy("key")));
            for (Row r : ranked.where(col("rank").leq(spec.samplesPerColumn())).orderBy("category", "column", "key")
                    .select("category", "key", "column", "old_value", "new_value").collectAsList()) {
                samples.add(new ComparisonSummary.Sample(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                        r.getString(4)));
            }
        }
        return new ComparisonSummary(entity, source, oldRows, newRows, rowsCompared, buckets, differing, counts,
                changedRows, columnSummaries, samples, recheck, seconds, null);
    }

    private static double rate(long mismatches, long compared) {
        return compared == 0 ? 1.0 : 1.0 - (double) mismatches / compared;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
        return m.replaceAll("(?i)(password=)[^&\\s]*", "$1<redacted>");
    }
}

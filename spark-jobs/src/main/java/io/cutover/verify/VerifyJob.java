package io.cutover.verify;

import static org.apache.spark.sql.functions.col;

import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.mapping.AggregateCheck;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SourceSpec;
import io.cutover.schema.Catalog;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
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
    private final TableReader reader;
    private final InputRows inputRows = new InputRows();
    /** For the comparisons of a run only: sides() called outside one (benchmarks) keeps nothing. */
    private KeptExports exports = KeptExports.none();

    public VerifyJob(SparkSession spark, VerifySpec spec, PrintStream out) {
        this.spark = spark;
        this.spec = spec;
        this.out = out;
        this.reader = new TableReader(spark);
    }

    public VerifyReport run() {
        long start = System.nanoTime();
        Mapping mapping = spec.mapping();
        ComparisonPlanner planner = new ComparisonPlanner(mapping);
        List<ComparisonPlan> plans = plans(mapping, planner);
        VerifyFunctions.register(spark);
        Path differencesDir = spec.outputDir().resolve("differences");
        prepareOutput(differencesDir);

        List<ComparisonSummary> comparisons = new ArrayList<>();
        exports = new KeptExports(plans, spec.sources());
        long[] reads = rowsRead(plans);
        VerifyProgress progress = new VerifyProgress(java.util.Arrays.stream(reads).sum(), inputRows.estimated(), out);
        spark.sparkContext().addSparkListener(progress);
        try {
            for (int i = 0; i < plans.size(); i++) {
                ComparisonPlan plan = plans.get(i);
                out.printf("verifying %s ...%n", plan.label());
                progress.begin(reads[i]);
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
        List<ComparisonSummary> checks = new ArrayList<>();
        if (spec.recheck() == null && spec.since() == null) {
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
        }
        long total = comparisons.stream().mapToLong(ComparisonSummary::differences).sum()
                + checks.stream().mapToLong(ComparisonSummary::differences).sum();
        int exit = total > spec.maxDifferences() ? ExitCode.DIFFERENCES : ExitCode.OK;
        Map<String, String> sources = new LinkedHashMap<>();
        spec.sources().forEach((k, v) -> sources.put(k, v.toString()));
        return new VerifyReport(mapping.name(), sources, spec.target().toString(),
                spec.since() == null ? null : spec.since().toString(),
                spec.recheck() == null ? null : spec.recheck().toString(), comparisons, checks, total,
                spec.maxDifferences(), exit, (System.nanoTime() - start) / 1e9, differencesDir.toString());
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
                } else {
                    for (String table : plan.oldTables()) rows[i] += inputRows.of(location, table);
                }
                for (String table : plan.newTables()) rows[i] += inputRows.of(spec.target(), table);
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
        return CutoverException.failure("verifying " + plan.label() + " failed: " + rootMessage(e), e);
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

    private void prepareOutput(Path differencesDir) {
        try {
            Files.createDirectories(spec.outputDir());
            if (Files.exists(differencesDir)) {
                try (var walk = Files.walk(differencesDir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (java.io.IOException e) {
            throw CutoverException.configuration("cannot write the report to " + spec.outputDir() + ": " + e.getMessage());
        }
    }

    // ---- one comparison ---------------------------------------------------------------------

    private ComparisonSummary compare(ComparisonPlan plan, Catalog target, Path differencesDir) {
        long start = System.nanoTime();
        ComparisonSides sides = sides(plan, target);
        Dataset<Row> earlierKeys = null;
        if (spec.since() != null) {
            sides = sides.restrictedTo(window(plan, sides.oldRows(), sides.newRows()), keySeq(plan));
        }
        if (spec.recheck() != null) {
            earlierKeys = earlierKeys(plan, sides.oldRows());
            sides = sides.restrictedTo(earlierKeys, keySeq(plan));
        }

        KeyedDiff.Result result = new KeyedDiff(plan, spec.buckets()).run(sides);
        Path dir = differencesDir.resolve("entity=" + plan.entity()).resolve("source=" + plan.source());
        result.differences().drop("entity", "source").coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.toString());
        result.cached().forEach(Dataset::unpersist);

        Dataset<Row> written = spark.read().parquet(dir.toString());
        ComparisonSummary.Recheck recheck = null;
        if (earlierKeys != null) {
            long earlier = earlierKeys.count();
            long persisting = written.select("key").distinct().count();
            recheck = new ComparisonSummary.Recheck(earlier, earlier - persisting, persisting);
        }
        return summarize(plan.entity(), plan.source(), plan.columns(), written, result.oldRows(), result.newRows(),
                result.bucketsCompared(), result.bucketsDiffering(), recheck, (System.nanoTime() - start) / 1e9);
    }

    /** Both sides of one comparison in the new table's shape, and their digests for pass 1. */
    ComparisonSides sides(ComparisonPlan plan, Catalog target) {
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
            reader.read(location, table, splitColumn(sourceCatalog, table)).createOrReplaceTempView(table);
        }
        for (ComparisonPlan.NamedSql view : plan.oldViews()) spark.sql(view.sql()).createOrReplaceTempView(view.name());
        for (ComparisonPlan.NamedSql view : plan.oldDigestViews()) spark.sql(view.sql()).createOrReplaceTempView(view.name());
        Dataset<Row> oldSide = spark.sql(plan.oldSql());
        Dataset<Row> oldDigest = spark.sql(plan.oldDigestSql());
        for (String table : plan.newTables()) {
            reader.read(spec.target(), table, splitColumn(target, table)).createOrReplaceTempView(table);
        }
        return new ComparisonSides(oldSide, spark.sql(plan.newSql()), oldDigest, spark.sql(plan.newDigestSql()));
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

    private static scala.collection.immutable.Seq<String> keySeq(ComparisonPlan plan) {
        return scala.jdk.javaapi.CollectionConverters.asScala(plan.keys().stream().map(k -> "k_" + k).toList()).toSeq();
    }

    /** Keys whose row, on either side, was created or updated since the window opened. */
    private Dataset<Row> window(ComparisonPlan plan, Dataset<Row> oldSide, Dataset<Row> newSide) {
        List<String> stamps = plan.columns().stream().map(ComparedColumn::name)
                .filter(c -> c.equals("created_on") || c.equals("updated_on")).toList();
        if (stamps.isEmpty()) {
            throw CutoverException.configuration("--since: " + plan.label() + " compares no created_on or updated_on to window by");
        }
        Column[] keys = plan.keys().stream().map(k -> col("k_" + k)).toArray(Column[]::new);
        Timestamp since = Timestamp.from(spec.since());
        Column inWindow = null;
        for (String s : stamps) {
            Column c = col("v_" + s).geq(functions.lit(since));
            inWindow = inWindow == null ? c : inWindow.or(c);
        }
        return oldSide.where(inWindow).select(keys).union(newSide.where(inWindow).select(keys)).distinct();
    }

    /** The keys an earlier report named for this comparison, typed like this run's keys. */
    private Dataset<Row> earlierKeys(ComparisonPlan plan, Dataset<Row> oldSide) {
        Path dir = spec.recheck().resolve("differences").resolve("entity=" + plan.entity()).resolve("source=" + plan.source());
        StructType keyType = new StructType();
        for (String k : plan.keys()) {
            StructField f = oldSide.schema().apply("k_" + k);
            keyType = keyType.add(k, f.dataType(), true);
        }
        if (!Files.isDirectory(dir)) {
            return spark.createDataFrame(List.of(), new StructType(java.util.Arrays.stream(keyType.fields())
                    .map(f -> new StructField("k_" + f.name(), f.dataType(), true, f.metadata())).toArray(StructField[]::new)));
        }
        Dataset<Row> parsed = spark.read().parquet(dir.toString()).select(functions.from_json(col("key"), keyType).as("k"));
        Column[] keys = plan.keys().stream().map(k -> col("k." + k).as("k_" + k)).toArray(Column[]::new);
        return parsed.select(keys).distinct();
    }

    // ---- aggregate checks -------------------------------------------------------------------

    private ComparisonSummary check(AggregateCheck check, Mapping mapping, Path differencesDir) {
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
        String sql = "SELECT to_json(named_struct('" + key + "', t." + key + ")) AS key, '" + check.name() + "' AS column,"
                + " CAST(coalesce(agg.v, 0) AS STRING) AS old_value, CAST(t." + check.value() + " AS STRING) AS new_value"
                + " FROM " + check.table() + " t LEFT JOIN (SELECT " + groupCols + ", " + check.expr() + " AS v FROM "
                + check.aggregateTable() + " GROUP BY " + groupCols + ") agg ON "
                + join.replace("a.", "agg.")
                + " WHERE NOT (CAST(t." + check.value() + " AS BIGINT) <=> CAST(coalesce(agg.v, 0) AS BIGINT))";
        Dataset<Row> diffs = spark.sql(sql).selectExpr("'" + Category.AGGREGATE.id() + "' AS category", "key", "column",
                "old_value", "new_value");
        String entityName = entity == null ? check.table() : entity.name();
        Path dir = differencesDir.resolve("entity=" + entityName).resolve("source=checks");
        diffs.coalesce(1).write().mode(SaveMode.Append).parquet(dir.toString());
        long rows = spark.table(check.table()).count();
        Dataset<Row> written = spark.read().parquet(dir.toString()).where(col("column").equalTo(check.name()));
        return summarize(check.name(), "checks", List.of(), written, rows, rows, 0, 0, null,
                (System.nanoTime() - start) / 1e9);
    }

    // ---- comment trees ----------------------------------------------------------------------

    /** The trees are checked against the new comments, so they go with the comment entity (or a whole run). */
    private List<ComparisonSummary> treeChecks(Mapping mapping, Path differencesDir) {
        if (mapping.commentTrees().isEmpty() || !spec.entities().isEmpty() && !spec.entities().contains("comment")) {
            return List.of();
        }
        out.printf("checking the comment trees ...%n");
        List<ComparisonSummary> summaries = new ArrayList<>();
        try {
            new CommentTreeCheck(spark, reader, spec.target()).run(mapping.commentTrees().get(), differencesDir, r -> {
                ComparisonSummary s = summarize(r.table().entity(), CommentTreeCheck.SOURCE, List.of(),
                        spark.read().parquet(r.differences().toString()), r.referenceRows(), r.nodes(), 0, 0, null, r.seconds());
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
            Double max = c.numeric() ? maxNumber.get(c.name()) : c.timestamp() ? maxSeconds.get(c.name()) : null;
            columnSummaries.add(new ComparisonSummary.ColumnSummary(c.name(), mismatches, rate(mismatches, rowsCompared), max));
        }
        perColumn.forEach((name, n) -> {
            if (columns.stream().noneMatch(c -> c.name().equals(name))) {
                columnSummaries.add(new ComparisonSummary.ColumnSummary(name, n, rate(n, rowsCompared), maxNumber.get(name)));
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
                changedRows, columnSummaries, samples, recheck, seconds);
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

package io.cutover.verify;

import static org.apache.spark.sql.functions.col;

import io.cutover.mapping.AggregateCheck;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SourceSpec;
import io.cutover.mapping.TreeSpec;
import io.cutover.schema.Catalog;
import io.cutover.storage.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * What no comparison of one table with its old rows can see, checked across the new tables:
 * the mapping's aggregate checks (a stored count against a recount) of the entities compared,
 * and the comment trees (every node against the new comments, {@link CommentTreeCheck}).
 */
final class CrossTableChecks {
    private final SparkSession spark;
    private final VerifySpec spec;
    private final BoundSources pass;
    private final DifferenceStatistics statistics;
    private final VerifyListener listener;

    CrossTableChecks(SparkSession spark, VerifySpec spec, BoundSources pass, DifferenceStatistics statistics,
                     VerifyListener listener) {
        this.spark = spark;
        this.spec = spec;
        this.pass = pass;
        this.statistics = statistics;
        this.listener = listener;
    }

    /** The checks of the entities compared, then the comment trees; each writes its differences under {@code differences}. */
    List<ComparisonSummary> run(DifferenceFiles differences) {
        Mapping mapping = spec.mapping();
        List<ComparisonSummary> checks = new ArrayList<>();
        for (AggregateCheck check : mapping.checks()) {
            if (!spec.entities().isEmpty() && mapping.entities().stream().noneMatch(
                    e -> e.table().equalsIgnoreCase(check.table()) && spec.entities().contains(e.name()))) {
                continue;
            }
            try {
                checks.add(check(check, mapping, differences));
            } catch (Exception e) {
                throw VerifyFailure.of("check " + check.name(), e);
            }
        }
        checks.addAll(trees(mapping, differences));
        return checks;
    }

    /**
     * One cross-table check on the new tables, each hit judged against the old sources the
     * mapping says how to read it on: a hit every one of them shares (the same stored value and
     * the same recount) is {@code inherited}; any other, the new tables introduced: {@code aggregate}.
     * Every source, not any: two faults can meet by chance (the mirror lost one comment of a post,
     * the new table another), and Reddit, which has neither, tells them apart.
     */
    private ComparisonSummary check(AggregateCheck check, Mapping mapping, DifferenceFiles differences) {
        long start = System.nanoTime();
        EntitySpec entity = mapping.entities().stream().filter(e -> e.table().equalsIgnoreCase(check.table())).findFirst()
                .orElse(null);
        String key = entity == null ? "id" : entity.key().get(0);
        for (String table : List.of(check.table(), check.aggregateTable())) {
            pass.read(spec.target(), table, "id").createOrReplaceTempView(table);
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
        Location dir = differences.of(entityName, DifferenceFiles.CHECKS);
        diffs.coalesce(1).write().mode(SaveMode.Append).parquet(dir.uri());
        long rows = spark.table(check.table()).count();
        Dataset<Row> written = spark.read().schema(DifferenceFiles.SHAPE).parquet(dir.uri()).where(col("column").equalTo(check.name()));
        return statistics.summarize(check.name(), DifferenceFiles.CHECKS, List.of(), written, rows, rows, 0, 0, null,
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
            Catalog catalog = spec.mapping().catalog(source.schema());
            for (String table : catalog.tables().keySet()) {
                if (Pattern.compile("(?i)\\b" + table + "\\b").matcher(e.getValue().sql()).find()) {
                    pass.read(location, table, BoundSources.splitColumn(catalog, table)).createOrReplaceTempView(table);
                }
            }
            Dataset<Row> hits = spark.sql(e.getValue().sql())
                    .where("NOT (CAST(value AS BIGINT) <=> CAST(aggregate AS BIGINT))")
                    .selectExpr(key + " AS shared_k", "CAST(value AS BIGINT) AS shared_value", "CAST(aggregate AS BIGINT) AS shared_aggregate");
            all = all == null ? hits.distinct() : all.intersect(hits);
        }
        return all;
    }

    /** The trees are checked against the new comments, so they go with the comment entity (or a whole run). */
    private List<ComparisonSummary> trees(Mapping mapping, DifferenceFiles differences) {
        if (mapping.commentTrees().isEmpty() || !spec.entities().isEmpty() && !spec.entities().contains("comment")) {
            return List.of();
        }
        return trees(differences, () -> new CommentTreeCheck(spark, pass.reader(), spec.target()));
    }

    /**
     * A recheck's or a window's trees: those of the posts its comment keys touch, with the rules
     * and rows of a full run ({@link CommentTreeCheck#of}); {@code commentIds} null (more keys
     * than are held) checks every post. None when the run compares no comments.
     */
    List<ComparisonSummary> trees(DifferenceFiles differences, Set<Object> commentIds) {
        Mapping mapping = spec.mapping();
        if (mapping.commentTrees().isEmpty() || !spec.entities().isEmpty() && !spec.entities().contains("comment")) {
            return List.of();
        }
        TreeSpec trees = mapping.commentTrees().get();
        return trees(differences, () -> commentIds == null ? new CommentTreeCheck(spark, pass.reader(), spec.target())
                : CommentTreeCheck.of(spark, pass.reader(), spec.target(), trees, commentIds));
    }

    private List<ComparisonSummary> trees(DifferenceFiles differences, java.util.function.Supplier<CommentTreeCheck> check) {
        listener.checkingTrees();
        List<ComparisonSummary> summaries = new ArrayList<>();
        try {
            check.get().run(spec.mapping().commentTrees().get(), differences.root(), r -> {
                ComparisonSummary s = statistics.summarize(r.table().entity(), CommentTreeCheck.SOURCE, List.of(),
                        spark.read().schema(DifferenceFiles.SHAPE).parquet(r.differences().uri()), r.referenceRows(), r.nodes(), 0, 0, null, r.seconds());
                listener.treeChecked(s);
                summaries.add(s);
            });
        } catch (Exception e) {
            throw VerifyFailure.of("checking the comment trees", e);
        }
        return summaries;
    }
}

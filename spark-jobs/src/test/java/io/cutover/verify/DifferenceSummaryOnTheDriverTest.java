package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.NullSemantics;
import io.cutover.mapping.ValueComparator;
import io.cutover.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A comparison's few differences are summarised from one read on the driver: the summary is the
 * one Spark's grouping, distinct counts and ordering give (numbers and times Spark's casts read,
 * NaN and infinities, NULL columns, keys ordered by UTF-8 bytes rather than Java's UTF-16
 * order), and it costs one Spark job, where the Spark path costs several.
 */
class DifferenceSummaryOnTheDriverTest {
    private static final List<ComparedColumn> COLUMNS = List.of(
            new ComparedColumn("title", "STRING", ValueComparator.EXACT, NullSemantics.EQUAL),
            new ComparedColumn("score", "BIGINT", ValueComparator.EXACT, NullSemantics.EQUAL),
            new ComparedColumn("created", "TIMESTAMP", ValueComparator.EXACT, NullSemantics.EQUAL));

    private final SparkSession spark = TestSpark.session();

    /** {@code rules}: with rows naming columns the caller does not (a tree's rules, a check). */
    private Dataset<Row> differences(boolean rules) {
        List<Row> rows = new ArrayList<>();
        // Keys whose UTF-8 order differs from Java's String order: U+FF5E sorts before U+1F600 in
        // UTF-8, after it in UTF-16.
        for (String k : List.of("\uff5e", "\ud83d\ude00", "a", "é", "Z", "b")) {
            rows.add(RowFactory.create("changed", "{\"id\":\"" + k + "\"}", "title", "old " + k, "new " + k));
        }
        rows.add(RowFactory.create("changed", "{\"id\":\"a\"}", "score", "1.5", "-3"));
        rows.add(RowFactory.create("changed", "{\"id\":\"b\"}", "score", " 7 ", "1e3"));
        rows.add(RowFactory.create("changed", "{\"id\":\"c\"}", "score", "NaN", "2"));
        rows.add(RowFactory.create("changed", "{\"id\":\"d\"}", "score", "abc", "2"));
        rows.add(RowFactory.create("changed", "{\"id\":\"e\"}", "score", null, "2"));
        rows.add(RowFactory.create("changed", "{\"id\":\"a\"}", "created", "2026-01-01 00:00:00", "2026-01-01T00:00:01.5Z"));
        rows.add(RowFactory.create("changed", "{\"id\":\"f\"}", "created", "2025-12-31", "2026-01-02 00:00:00"));
        rows.add(RowFactory.create("changed", "{\"id\":\"g\"}", "created", "yesterday", "2026-01-02 00:00:00"));
        rows.add(RowFactory.create("missing_in_new", "{\"id\":\"m2\"}", null, null, null));
        rows.add(RowFactory.create("missing_in_new", "{\"id\":\"m1\"}", null, null, null));
        rows.add(RowFactory.create("extra_in_new", "{\"id\":\"x\"}", null, null, null));
        rows.add(RowFactory.create("duplicate_key", "{\"id\":\"d1\"}", null, "2 rows", null));
        if (!rules) return spark.createDataFrame(rows, DifferenceFiles.SHAPE);
        rows.add(RowFactory.create("tree", "{\"comment_id\":1}", "parent", "under the root", "no node"));
        rows.add(RowFactory.create("tree", "{\"comment_id\":2}", "parent", "under the root", "no node"));
        rows.add(RowFactory.create("tree", "{\"comment_id\":3}", "depth", "2", "3"));
        rows.add(RowFactory.create("aggregate", "{\"id\":9}", "num_comments", "Infinity", "4"));
        return spark.createDataFrame(rows, DifferenceFiles.SHAPE);
    }

    @Test
    void theDriverGivesWhatSparkGives() {
        Dataset<Row> diffs = differences(false);
        DifferenceStatistics onTheDriver = new DifferenceStatistics(spark, 2);
        DifferenceStatistics inSpark = new DifferenceStatistics(spark, 2, 0);

        ComparisonSummary driver = onTheDriver.summarizeRecheck("post", "reddit", COLUMNS, diffs, 100, 99, 64, 5,
                keys -> new ComparisonSummary.Recheck(40, 40 - keys, keys), 1.0);
        ComparisonSummary spark = inSpark.summarizeRecheck("post", "reddit", COLUMNS, diffs, 100, 99, 64, 5,
                keys -> new ComparisonSummary.Recheck(40, 40 - keys, keys), 1.0);

        assertEquals(spark, driver);
        // The figures themselves, so that both paths being wrong alike cannot pass.
        assertEquals(14, driver.counts().get("changed"));
        assertEquals(11, driver.changedRows(), "distinct keys of the changed rows");
        assertEquals(15, driver.recheck().persisting(), "distinct keys of every row");
        ComparisonSummary.ColumnSummary score = driver.columns().stream().filter(c -> c.column().equals("score")).findFirst().orElseThrow();
        assertTrue(Double.isNaN(score.maxDifference()), "NaN is above every number, as Spark's max has it: " + score);
        ComparisonSummary.ColumnSummary created = driver.columns().stream().filter(c -> c.column().equals("created")).findFirst().orElseThrow();
        assertEquals(2 * 86_400.0, created.maxDifference());
        assertEquals(List.of("{\"id\":\"Z\"}", "{\"id\":\"a\"}"), driver.samples().stream()
                .filter(s -> "title".equals(s.column())).map(ComparisonSummary.Sample::key).toList());
    }

    /** Columns the caller does not name keep the order Spark's grouping lists them in among equal counts. */
    @Test
    void rulesAmongEqualCountsKeepSparksOrder() {
        Dataset<Row> diffs = differences(true);
        assertEquals(new DifferenceStatistics(spark, 2, 0).summarize("tree", "new", COLUMNS, diffs, 100, 99, 0, 0, null, 1.0),
                new DifferenceStatistics(spark, 2).summarize("tree", "new", COLUMNS, diffs, 100, 99, 0, 0, null, 1.0));
    }

    @Test
    void utf8OrderIsNotJavasOrder() {
        assertTrue(DriverTally.compareStrings("\uff5e", "\ud83d\ude00") < 0);
        assertTrue("\uff5e".compareTo("\ud83d\ude00") > 0);
        assertTrue(DriverTally.compareStrings(null, "") < 0);
    }

    @Test
    void aFewDifferencesCostOneSparkJob() throws Exception {
        Dataset<Row> diffs = differences(false);
        SparkContext context = spark.sparkContext();
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.incrementAndGet();
            }
        };
        Path dir = Path.of(System.getProperty("java.io.tmpdir")).resolve("cutover-summary-jobs-" + System.nanoTime());
        diffs.coalesce(1).write().parquet(dir.toUri().toString());
        Dataset<Row> written = spark.read().schema(DifferenceFiles.SHAPE).parquet(dir.toUri().toString());
        int inSpark = jobsOf(context, counter, jobs,
                () -> new DifferenceStatistics(spark, 2, 0).summarize("post", "reddit", COLUMNS, written, 100, 99, 64, 5, null, 1.0));
        int onTheDriver = jobsOf(context, counter, jobs,
                () -> new DifferenceStatistics(spark, 2).summarize("post", "reddit", COLUMNS, written, 100, 99, 64, 5, null, 1.0));
        assertEquals(1, onTheDriver, "one read of the differences, every figure from it");
        assertTrue(inSpark > onTheDriver, "the Spark path: " + inSpark + " jobs");
    }

    private static int jobsOf(SparkContext context, SparkListener counter, AtomicInteger jobs, Runnable work)
            throws java.util.concurrent.TimeoutException {
        context.listenerBus().waitUntilEmpty();
        jobs.set(0);
        context.addSparkListener(counter);
        try {
            work.run();
            context.listenerBus().waitUntilEmpty();
        } finally {
            context.removeSparkListener(counter);
        }
        return jobs.get();
    }
}

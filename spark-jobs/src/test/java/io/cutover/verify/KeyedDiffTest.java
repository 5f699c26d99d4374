package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.ValueComparator;
import io.cutover.mapping.NullSemantics;
import io.cutover.testing.TestSpark;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pre-pass with a lenient column (an old NULL means "not known"): the unknown values must
 * not make buckets differ, and a real change in that column must still be found.
 */
class KeyedDiffTest {
    private static final int BUCKETS = 4096;
    private static final ComparedColumn SCORE = new ComparedColumn("score", "BIGINT", ValueComparator.EXACT, NullSemantics.OLD_NULL_UNKNOWN);
    private static final ComparedColumn TITLE = new ComparedColumn("title", "STRING", ValueComparator.EXACT, NullSemantics.EQUAL);

    private final SparkSession spark = TestSpark.session();

    /**
     * 20,000 keys; the old score of every tenth is not known, and the new side has a score for all.
     * Changed: score of 11, 503 and 7777; title of 20 (whose old score is not known), 42 and 9999.
     * 19999 is missing in new, 20000 extra.
     */
    @ParameterizedTest(name = "rows kept: {0}, keys with an unknown value shared: {1}")
    @CsvSource({"true, 2000000", "false, 2000000", "true, 0", "false, 0"})
    void unknownOldValuesAreNoDifferenceAndRealChangesAreFound(boolean narrowRows, long unknownKeysShared) {
        Dataset<Row> old = spark.sql("SELECT id AS k_id, CASE WHEN id % 10 = 0 THEN NULL WHEN id IN (11, 503, 7777) THEN id + 1"
                + " ELSE id END AS v_score, CASE WHEN id IN (20, 42, 9999) THEN 'old title' ELSE concat('t', id) END AS v_title"
                + " FROM range(0, 20000)");
        Dataset<Row> fresh = spark.sql("SELECT id AS k_id, id AS v_score, concat('t', id) AS v_title FROM range(0, 20001)"
                + " WHERE id <> 19999");
        ComparisonPlan plan = new ComparisonPlan("thing", "old", List.of("id"), List.of(SCORE, TITLE), List.of(), List.of(),
                List.of(), "", "", List.of(), "", "", true, true, narrowRows);
        ComparisonSides sides = new ComparisonSides(old, fresh, digest(old), digest(fresh));

        KeyedDiff.Result result = new KeyedDiff(plan, BUCKETS, unknownKeysShared).run(sides);

        Set<String> found = result.differences().collectAsList().stream()
                .map(r -> r.getAs("category") + " " + r.getAs("key") + (r.getAs("column") == null ? "" : " " + r.getAs("column")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("changed {\"id\":11} score", "changed {\"id\":503} score", "changed {\"id\":7777} score",
                "changed {\"id\":20} title", "changed {\"id\":42} title", "changed {\"id\":9999} title",
                "missing_in_new {\"id\":19999}", "extra_in_new {\"id\":20000}")), found);
        assertEquals(20_000, result.oldRows());
        assertEquals(20_000, result.newRows());
        long faultBuckets = spark.sql("SELECT count(DISTINCT pmod(xxhash64(7, id), " + BUCKETS + "))"
                + " FROM VALUES (11), (503), (7777), (20), (42), (9999), (19999), (20000) AS t(id)").first().getLong(0);
        if (unknownKeysShared > 0) {
            assertEquals(faultBuckets, result.bucketsDiffering(), "only the buckets of the eight faults differ");
        } else {
            // Too many unknown values to share: the buckets holding one differ, and every key is compared.
            assertTrue(result.bucketsDiffering() > 1000, "buckets differing: " + result.bucketsDiffering());
        }
        result.cached().forEach(Dataset::unpersist);
    }

    /**
     * Old keys not declared unique, new keys unique: distinct keys are not counted, yet a repeated
     * old key is found, even when a key missing from the same bucket evens out the row count.
     */
    @Test
    void aRepeatedOldKeyIsFoundWithoutCountingDistinctKeys() {
        long sameBucket = spark.sql("SELECT min(id) FROM range(6, 20000) WHERE pmod(xxhash64(7, id), " + BUCKETS + ")"
                + " = pmod(xxhash64(7, 5L), " + BUCKETS + ")").first().getLong(0);
        Dataset<Row> old = spark.sql("SELECT id AS k_id, id AS v_score, concat('t', id) AS v_title FROM range(0, 20000)"
                + " WHERE id <> " + sameBucket + " UNION ALL SELECT 5, 5, 't5'");
        Dataset<Row> fresh = spark.sql("SELECT id AS k_id, id AS v_score, concat('t', id) AS v_title FROM range(0, 20000)");
        ComparisonPlan plan = new ComparisonPlan("thing", "old", List.of("id"), List.of(SCORE, TITLE), List.of(), List.of(),
                List.of(), "", "", List.of(), "", "", false, true, false);

        KeyedDiff.Result result = new KeyedDiff(plan, BUCKETS).run(new ComparisonSides(old, fresh, digest(old), digest(fresh)));

        Set<String> found = result.differences().collectAsList().stream()
                .map(r -> r.getAs("category") + " " + r.getAs("key") + " " + r.getAs("old_value"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("duplicate_key {\"id\":5} 2 rows", "extra_in_new {\"id\":" + sameBucket + "} null")), found);
        result.cached().forEach(Dataset::unpersist);
    }

    /**
     * Nearly everything differs: every bucket does, so the digests are joined whole, and more keys
     * changed than are named as literals, so changed rows are found through their buckets. Every
     * difference is still reported, once.
     */
    @ParameterizedTest(name = "rows kept: {0}")
    @CsvSource({"true", "false"})
    void whenNearlyEverythingDiffersEveryDifferenceIsStillReported(boolean narrowRows) {
        Dataset<Row> old = spark.sql("SELECT id AS k_id, id AS v_score, concat('old ', id) AS v_title FROM range(0, 30000)");
        Dataset<Row> fresh = spark.sql("SELECT id AS k_id, id AS v_score, concat('new ', id) AS v_title FROM range(1000, 31000)");
        ComparisonPlan plan = new ComparisonPlan("thing", "old", List.of("id"), List.of(SCORE, TITLE), List.of(), List.of(),
                List.of(), "", "", List.of(), "", "", true, true, narrowRows);

        KeyedDiff.Result result = new KeyedDiff(plan, BUCKETS).run(new ComparisonSides(old, fresh, digest(old), digest(fresh)));

        Dataset<Row> differences = result.differences().persist();
        List<Row> counts = differences.groupBy("category", "column").count().orderBy("category").collectAsList();
        assertEquals("[[changed,title,29000], [extra_in_new,null,1000], [missing_in_new,null,1000]]", counts.toString());
        assertEquals(31_000, differences.select("key").distinct().count(), "each key reported once");
        assertEquals(1, differences.where("key = '{\"id\":1234}'").count());
        assertEquals("old 1234 -> new 1234", differences.where("key = '{\"id\":1234}'")
                .selectExpr("old_value || ' -> ' || new_value").first().getString(0));
        assertEquals(result.bucketsCompared(), result.bucketsDiffering(), "every bucket differs");
        assertTrue(29_000 > KeyedDiff.KEYS_AS_LITERALS, "the changed keys are too many to name as literals");
        differences.unpersist();
        result.cached().forEach(Dataset::unpersist);
    }

    /** Pass 1's digest as the planner's digest SQL spells it: strict columns hashed, lenient ones as values. */
    private static Dataset<Row> digest(Dataset<Row> rows) {
        return rows.selectExpr("k_id", ComparisonPlanner.columnHash(TITLE, "v_title") + " AS h_title", "v_score");
    }
}

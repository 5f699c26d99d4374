package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.mapping.NullSemantics;
import io.cutover.mapping.ValueComparator;
import io.cutover.testing.TestSpark;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code nulls: new-null-unknown}: a new NULL is "not known" (a cached text the new design fills
 * later), so it is no difference; a new value still has to equal the old one, and an old NULL
 * against a new value is still one.
 */
class NewNullUnknownTest {
    private static final ComparedColumn TEXT = new ComparedColumn("cached", "STRING", ValueComparator.EXACT,
            NullSemantics.NEW_NULL_UNKNOWN);
    private static final ComparedColumn STRICT = new ComparedColumn("cached", "STRING", ValueComparator.EXACT, NullSemantics.EQUAL);
    private final SparkSession spark = TestSpark.session();

    /** 5,000 keys; the new text of every tenth is not filled yet; 11 and 503 differ, 20 (not filled) too, 7 is NULL only in old. */
    @ParameterizedTest(name = "rows kept: {0}")
    @CsvSource({"true", "false"})
    void aNewNullThatMeansUnknownIsNoDifference(boolean narrowRows) {
        Dataset<Row> old = spark.sql("SELECT id AS k_id, CASE WHEN id = 7 THEN NULL WHEN id IN (11, 503, 20) THEN 'old'"
                + " ELSE concat('t', id) END AS v_cached FROM range(0, 5000)");
        Dataset<Row> fresh = spark.sql("SELECT id AS k_id, CASE WHEN id % 10 = 0 THEN NULL ELSE concat('t', id) END AS v_cached"
                + " FROM range(0, 5000)");
        assertEquals(Set.of("changed {\"id\":11} cached", "changed {\"id\":503} cached", "changed {\"id\":7} cached"),
                found(TEXT, old, fresh, narrowRows));
        assertEquals(503, found(STRICT, old, fresh, narrowRows).size(), "without the rule every NULL is one (500 + 3)");
    }

    private Set<String> found(ComparedColumn c, Dataset<Row> old, Dataset<Row> fresh, boolean narrowRows) {
        ComparisonPlan plan = new ComparisonPlan("thing", "old", List.of("id"), List.of(c), List.of(), List.of(),
                List.of(), "", "", List.of(), "", "", true, true, narrowRows);
        KeyedDiff.Result result = new KeyedDiff(plan, 256).run(new ComparisonSides(old, fresh, digest(c, old), digest(c, fresh)));
        Set<String> out = result.differences().collectAsList().stream()
                .map(r -> r.getAs("category") + " " + r.getAs("key") + " " + r.getAs("column"))
                .collect(Collectors.toCollection(TreeSet::new));
        result.cached().forEach(Dataset::unpersist);
        return out;
    }

    private static Dataset<Row> digest(ComparedColumn c, Dataset<Row> rows) {
        return rows.selectExpr("k_id", ComparisonPlanner.columnHash(c, "v_cached") + " AS h_cached");
    }
}

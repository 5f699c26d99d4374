package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.FaultKind;
import io.cutover.demo.GroundTruthCheck;
import io.cutover.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The segment pass on a faulted world: the same differences and the same rows compared as the
 * per-row path with digests computed in PostgreSQL and with everything read whole in Spark
 * ({@code --pushdown off}), every injected fault found and nothing else, with both NULL rules of
 * the mirror (its unsynced scores and top-level parents are compared per row outside the buckets).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentPassTest {
    private DemoSpec faulty;

    @BeforeAll
    void world() {
        TestSpark.session();
        faulty = FaultyWorldRuns.world();
    }

    @Test
    void theSegmentPassFindsWhatThePerRowPathFindsAndCountsTheSameRows() throws IOException {
        FaultyWorldRuns.Run on = FaultyWorldRuns.run(Pushdown.ON);
        // Made once per JVM: another class may hold its path against the same run.
        FaultyWorldRuns.Run off = FaultyWorldRuns.run(Pushdown.OFF);
        // Every comparison with a live side goes through the segments with pushdown on, and none with it off.
        List<String> segmentLines = lines(on.console(), "segments \\(");
        assertTrue(segmentLines.size() >= 6, on.console());
        assertEquals(List.of(), lines(off.console(), "segments \\("), off.console());
        assertTrue(on.console().contains("outside them, per row: parent_id, score"), "the mirror's NULL rules stay per row\n" + on.console());

        assertEquals(differences(off.out()), differences(on.out()));
        assertTrue(differences(on.out()).size() > 48);
        for (int i = 0; i < on.report().comparisons().size(); i++) {
            ComparisonSummary a = on.report().comparisons().get(i), b = off.report().comparisons().get(i);
            assertEquals(b.entity() + "/" + b.source() + " " + b.oldRows() + " " + b.newRows() + " " + b.rowsCompared() + " " + b.counts(),
                    a.entity() + "/" + a.source() + " " + a.oldRows() + " " + a.newRows() + " " + a.rowsCompared() + " " + a.counts());
        }
        GroundTruthCheck.Outcome truth = GroundTruthCheck.check(TestSpark.session(), faulty.groundTruth(), on.out().resolve("differences"));
        assertEquals(3 * FaultKind.values().length, truth.faults());
        assertEquals(List.of(), truth.missed(), "faults the segment pass did not report");
        assertEquals(List.of(), truth.unexplained(), "differences no fault explains");
    }

    /** Every difference of a report as one line, sorted. */
    static List<String> differences(Path report) {
        return TestSpark.session().read().parquet(report.resolve("differences").toString())
                .selectExpr("concat_ws('|', entity, source, category, key, coalesce(column, ''), coalesce(old_value, '<null>'),"
                        + " coalesce(new_value, '<null>')) AS d")
                .orderBy("d").collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    static List<String> lines(String console, String pattern) {
        Matcher m = Pattern.compile("(?m)^.*" + pattern + ".*$").matcher(console);
        return m.results().map(r -> r.group()).toList();
    }
}

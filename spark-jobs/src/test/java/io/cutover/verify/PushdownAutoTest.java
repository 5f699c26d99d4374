package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.FaultKind;
import io.cutover.demo.GroundTruthCheck;
import io.cutover.testing.TestSpark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code --pushdown auto} with PostgreSQL on this machine (the test server listens on loopback):
 * each comparison takes the segment pass when both its sides are computed in PostgreSQL and no
 * column is left per row, and the Spark path otherwise, and says which and why; the differences
 * are those of {@code --pushdown off}, every injected fault and nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushdownAutoTest {
    private DemoSpec faulty;

    @BeforeAll
    void world() {
        TestSpark.session();
        faulty = FaultyWorldRuns.world();
    }

    @Test
    void autoTakesTheSegmentsWhereBothSidesAreInPostgresAndNothingIsLeftPerRow() {
        FaultyWorldRuns.Run auto = FaultyWorldRuns.run(Pushdown.AUTO);
        // Made once per JVM: another class may hold its path against the same run.
        FaultyWorldRuns.Run off = FaultyWorldRuns.run(Pushdown.OFF);
        Map<String, List<String>> blocks = blocks(auto.console());

        Map<String, String> chosen = new TreeMap<>();
        for (Map.Entry<String, List<String>> b : blocks.entrySet()) {
            String choice = b.getValue().stream().filter(l -> l.contains("auto chose")).findFirst().orElse(null);
            assertNotNull(choice, "every comparison of a full run says what auto chose: " + b.getKey() + "\n" + auto.console());
            boolean segments = choice.contains("auto chose segments");
            chosen.put(b.getKey(), segments ? "segments" : "spark");
            // What auto chose is what ran: segments in PostgreSQL on both sides, or none at all.
            boolean segmentLine = b.getValue().stream().anyMatch(l -> l.contains("segments (old in PostgreSQL, new in PostgreSQL)"));
            assertEquals(segments, segmentLine, b.getKey() + "\n" + String.join("\n", b.getValue()));
            if (!segments) {
                assertTrue(b.getValue().stream().noneMatch(l -> l.contains("segments (") || l.contains("side in PostgreSQL")),
                        b.getKey() + "\n" + String.join("\n", b.getValue()));
            }
        }
        // The old Reddit side and the new tables both live; the mirror leaves columns per row (its
        // about, plain_text, and the unsynced parent_id and score); the vote export is hashed in
        // Spark; a Reddit user has no column PostgreSQL can sign, so no segment pass.
        Map<String, String> expected = new TreeMap<>(Map.of(
                "user vs reddit", "spark", "user vs mirror", "segments",
                "channel vs reddit", "segments", "channel vs mirror", "spark",
                "post vs reddit", "segments", "post vs mirror", "spark",
                "comment vs reddit", "segments", "comment vs mirror", "spark",
                "postvote vs votes", "spark", "commentvote vs votes", "spark"));
        assertEquals(expected, chosen, auto.console());
        assertTrue(blocks.get("comment vs mirror").stream().anyMatch(l -> l.contains("parent_id, score would be compared per row")),
                auto.console());
        assertTrue(blocks.get("user vs reddit").stream().anyMatch(l -> l.contains("auto chose Spark: no segment pass")), auto.console());
        assertTrue(blocks.get("postvote vs votes").stream().anyMatch(l -> l.contains("old side hashed in Spark")), auto.console());
        assertTrue(auto.report().pushdown().startsWith("auto: PostgreSQL at 127.0.0.1 runs on this machine"), auto.report().pushdown());
        assertTrue(auto.report().pushdown().contains("per comparison"), auto.report().pushdown());

        assertEquals(SegmentPassTest.differences(off.out()), SegmentPassTest.differences(auto.out()));
        for (int i = 0; i < auto.report().comparisons().size(); i++) {
            ComparisonSummary a = auto.report().comparisons().get(i), b = off.report().comparisons().get(i);
            assertEquals(b.entity() + "/" + b.source() + " " + b.oldRows() + " " + b.newRows() + " " + b.counts(),
                    a.entity() + "/" + a.source() + " " + a.oldRows() + " " + a.newRows() + " " + a.counts());
        }
        GroundTruthCheck.Outcome truth = GroundTruthCheck.check(TestSpark.session(), faulty.groundTruth(), auto.out().resolve("differences"));
        assertEquals(3 * FaultKind.values().length, truth.faults());
        assertEquals(List.of(), truth.missed(), "faults auto did not report");
        assertEquals(List.of(), truth.unexplained(), "differences no fault explains");
    }

    /** The console's lines per comparison ("verifying user vs reddit ..." and the lines under it). */
    private static Map<String, List<String>> blocks(String console) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : console.split("\n")) {
            if (line.startsWith("verifying ") && line.endsWith(" ...")) {
                current = new ArrayList<>();
                blocks.put(line.substring("verifying ".length(), line.length() - " ...".length()), current);
            } else if (current != null && line.startsWith("  ")) {
                current.add(line);
            } else {
                current = null;
            }
        }
        return blocks;
    }
}

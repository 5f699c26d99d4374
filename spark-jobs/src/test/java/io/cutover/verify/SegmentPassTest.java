package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.FaultKind;
import io.cutover.demo.GroundTruthCheck;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.storage.Location;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segment pass on a faulted world: the same differences and the same rows compared as the
 * per-row path with digests computed in PostgreSQL and with everything read whole in Spark
 * ({@code --pushdown off}), every injected fault found and nothing else, with both NULL rules of
 * the mirror (its unsynced scores and top-level parents are compared per row outside the buckets).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentPassTest {
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;
    private DemoSpec faulty;

    @BeforeAll
    void world() {
        TestSpark.session();
        faulty = DemoSpec.of(Scale.TINY, 11, 3, dir.resolve("faulty")).withDatabases("seg_faulty_reddit", "seg_faulty_app").replacing();
        TemplateWorlds.copy(faulty);
    }

    private VerifySpec spec(Pushdown pushdown, String out) {
        Map<String, SourceLocation> sources = new LinkedHashMap<>();
        sources.put("reddit", new SourceLocation.Database(pg, faulty.redditDatabase()));
        sources.put("mirror", new SourceLocation.Database(pg, faulty.appDatabase()));
        sources.put("votes", new SourceLocation.CsvFile(faulty.voteExport()));
        return new VerifySpec(Mapping.shipped(), sources, new SourceLocation.Database(pg, faulty.appDatabase()), List.of(),
                null, null, Location.local(dir.resolve(out)), 0, 64, 3, pushdown, true, null, null);
    }

    private record Run(VerifyReport report, String console) {}

    private Run run(Pushdown pushdown, String out) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        VerifyReport report = new VerifyJob(TestSpark.session(), spec(pushdown, out), new PrintStream(console, true)).run();
        return new Run(report, console.toString());
    }

    @Test
    void theSegmentPassFindsWhatThePerRowPathFindsAndCountsTheSameRows() throws IOException {
        Run on = run(Pushdown.ON, "on");
        Run off = run(Pushdown.OFF, "off");
        // Every comparison with a live side goes through the segments with pushdown on, and none with it off.
        List<String> segmentLines = lines(on.console(), "segments \\(");
        assertTrue(segmentLines.size() >= 6, on.console());
        assertEquals(List.of(), lines(off.console(), "segments \\("), off.console());
        assertTrue(on.console().contains("outside them, per row: parent_id, score"), "the mirror's NULL rules stay per row\n" + on.console());

        assertEquals(differences(dir.resolve("off")), differences(dir.resolve("on")));
        assertTrue(differences(dir.resolve("on")).size() > 48);
        for (int i = 0; i < on.report().comparisons().size(); i++) {
            ComparisonSummary a = on.report().comparisons().get(i), b = off.report().comparisons().get(i);
            assertEquals(b.entity() + "/" + b.source() + " " + b.oldRows() + " " + b.newRows() + " " + b.rowsCompared() + " " + b.counts(),
                    a.entity() + "/" + a.source() + " " + a.oldRows() + " " + a.newRows() + " " + a.rowsCompared() + " " + a.counts());
        }
        GroundTruthCheck.Outcome truth = GroundTruthCheck.check(TestSpark.session(), faulty.groundTruth(), dir.resolve("on/differences"));
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

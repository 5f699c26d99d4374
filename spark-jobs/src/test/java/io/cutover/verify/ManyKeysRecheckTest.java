package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.cli.VerifyCommand;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.storage.Location;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.FieldReference;
import org.apache.spark.sql.connector.expressions.GeneralScalarExpression;
import org.apache.spark.sql.connector.expressions.LiteralValue;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recheck of more keys than fit in a literal list: one bound array, on a real world. */
class ManyKeysRecheckTest {
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;

    @Test
    void aKeyFilterPushedIntoALiveReadIsOneArrayValueNotALiteralPerKey() {
        KeyArrayDialect dialect = new KeyArrayDialect();
        List<Expression> in = new ArrayList<>(List.of(FieldReference.column("thing_id")));
        for (long k = 0; k < 30_000; k++) in.add(LiteralValue.apply(k, DataTypes.LongType));
        String sql = dialect.compileExpression(new GeneralScalarExpression("IN", in.toArray(Expression[]::new))).get();
        assertTrue(sql.startsWith("(\"thing_id\" = ANY('{0,1,2,3,") && sql.endsWith(",29999}'::bigint[]))"), sql.substring(0, 60));
        String text = dialect.compileExpression(new GeneralScalarExpression("IN", new Expression[] {FieldReference.column("voter"),
                LiteralValue.apply(UTF8String.fromString("anna's"), DataTypes.StringType),
                LiteralValue.apply(UTF8String.fromString("b\"o"), DataTypes.StringType)})).get();
        assertEquals("(\"voter\" = ANY('{\"anna''s\",\"b\\\"o\"}'::text[]))", text);
        // Anything else is Spark's own PostgreSQL dialect.
        assertEquals("\"id\" = 7", dialect.compileExpression(new GeneralScalarExpression("=", new Expression[] {
                FieldReference.column("id"), LiteralValue.apply(7L, DataTypes.LongType)})).get());
    }

    @Test
    void aRecheckOfMoreThanTwentyThousandKeysReadsThemAsOneSetAndFindsWhatTheFullRunFound() throws Exception {
        SparkSession spark = TestSpark.session();
        DemoSpec world = DemoSpec.of(Scale.TINY, 71, 1, dir.resolve("world")).withDatabases("mk_reddit", "mk_app").replacing();
        TemplateWorlds.copy(world);
        Path full = dir.resolve("full");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        assertEquals(ExitCode.DIFFERENCES, VerifyCommand.run(spec(world, full, null), new PrintStream(console)), console.toString());
        TreeSet<String> found = differences(full);
        assertFalse(found.isEmpty());

        // An earlier report naming 30,000 comment keys: the full run's, and ids no comment has.
        Path earlier = dir.resolve("earlier");
        Files.createDirectories(earlier);
        Files.copy(full.resolve("summary.json"), earlier.resolve("summary.json"));
        for (String source : List.of("reddit", "mirror")) {
            Dataset<Row> named = spark.read().parquet(full.resolve("differences/entity=comment/source=" + source).toString());
            List<Row> made = new ArrayList<>();
            for (long id = 1; id <= 30_000; id++) made.add(RowFactory.create("changed", "{\"id\":" + id + "}", "text", "x", "y"));
            named.unionByName(spark.createDataFrame(made, DifferenceFiles.SHAPE)).write().mode(SaveMode.Overwrite)
                    .parquet(earlier.resolve("differences/entity=comment/source=" + source).toString());
        }

        Path recheck = dir.resolve("recheck");
        console.reset();
        JobTrace trace = new JobTrace();
        spark.sparkContext().addSparkListener(trace);
        int exit;
        try {
            exit = VerifyCommand.run(spec(world, recheck, Location.local(earlier)), new PrintStream(console));
        } finally {
            spark.sparkContext().removeSparkListener(trace);
        }
        // The two comparisons' keyed reads ran side by side, each in a pool of its own: their spans (first job's
        // start to last job's end) overlap, which one after the other they cannot. Their jobs need not overlap
        // themselves: a comparison's few short jobs may all fall while the other works on the driver.
        System.out.println("job trace of the recheck (pool, start ms, end ms):\n" + trace);
        assertTrue(trace.pools().size() >= 2, trace.toString());
        assertTrue(trace.spansOverlapAcrossPools(), "two comparisons ran side by side:\n" + trace);
        assertEquals(ExitCode.DIFFERENCES, exit, console.toString());
        TreeSet<String> again = differences(recheck);
        assertEquals(comparisons(found), comparisons(again), "the recheck finds every difference of the full run among its keys, and no other");
        // The trees of the posts its comment keys touch: the full run's rows for those, every node fault of a comment included.
        TreeSet<String> trees = new TreeSet<>(again);
        trees.removeAll(comparisons(again));
        assertTrue(found.containsAll(trees), "tree rows the full run has too: " + trees);
        for (String d : found) {
            if (d.contains("|structure|") && d.contains("{\"comment_id\":")) assertTrue(again.contains(d), "a comment's tree fault: " + d);
        }
        JsonNode summary = new ObjectMapper().readTree(recheck.resolve("summary.json").toFile());
        for (JsonNode c : summary.path("comparisons")) {
            assertTrue(c.path("recheck").path("earlierKeys").asLong() >= 30_000, c.toString());
            assertEquals(c.path("recheck").path("earlierKeys").asLong(),
                    c.path("recheck").path("resolved").asLong() + c.path("recheck").path("persisting").asLong());
        }
    }

    private VerifySpec spec(DemoSpec world, Path out, Location recheck) {
        Map<String, SourceLocation> sources = new LinkedHashMap<>();
        sources.put("reddit", new SourceLocation.Database(pg, world.redditDatabase()));
        sources.put("mirror", new SourceLocation.Database(pg, world.appDatabase()));
        return new VerifySpec(Mapping.shipped(), sources, new SourceLocation.Database(pg, world.appDatabase()), List.of("comment"),
                null, recheck, Location.local(out), 0, 64, 3, true, true, null);
    }

    /** Each Spark job's pool, start and end, as the listener bus tells them. */
    private static final class JobTrace extends org.apache.spark.scheduler.SparkListener {
        private record Job(String pool, long start, long[] end) {}

        private final Map<Integer, Job> jobs = new java.util.concurrent.ConcurrentHashMap<>();
        private final long origin = System.currentTimeMillis();

        @Override
        public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
            String pool = start.properties() == null ? null : start.properties().getProperty(SideBySide.POOL_PROPERTY);
            jobs.put(start.jobId(), new Job(pool == null ? "default" : pool, start.time() - origin, new long[] {-1}));
        }

        @Override
        public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd end) {
            Job job = jobs.get(end.jobId());
            if (job != null) job.end()[0] = end.time() - origin;
        }

        java.util.Set<String> pools() {
            java.util.Set<String> out = new TreeSet<>();
            for (Job j : jobs.values()) if (j.pool().startsWith("cutover-verify-")) out.add(j.pool());
            return out;
        }

        /** Whether two pools' spans of work (first job's start to last job's end) overlap. */
        boolean spansOverlapAcrossPools() {
            Map<String, long[]> spans = new java.util.TreeMap<>();
            for (Job j : jobs.values()) {
                if (!j.pool().startsWith("cutover-verify-") || j.end()[0] < 0) continue;
                long[] span = spans.computeIfAbsent(j.pool(), p -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                span[0] = Math.min(span[0], j.start());
                span[1] = Math.max(span[1], j.end()[0]);
            }
            for (long[] a : spans.values()) {
                for (long[] b : spans.values()) {
                    if (a != b && a[0] < b[1] && b[0] < a[1]) return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            jobs.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.append(String.format("  job %d %s %d-%d%n",
                    e.getKey(), e.getValue().pool(), e.getValue().start(), e.getValue().end()[0])));
            return out.toString();
        }
    }

    private static TreeSet<String> comparisons(TreeSet<String> differences) {
        TreeSet<String> out = new TreeSet<>();
        for (String d : differences) if (!d.contains("|structure|")) out.add(d);
        return out;
    }

    /** Every difference of a report: its comparisons' and its trees'. */
    private static TreeSet<String> differences(Path report) {
        TreeSet<String> out = new TreeSet<>();
        for (Row r : TestSpark.session().read().parquet(report.resolve("differences").toString())
                .selectExpr("concat_ws('|', CAST(entity AS STRING), CAST(source AS STRING), category, key, coalesce(column, ''),"
                        + " coalesce(old_value, '<null>'), coalesce(new_value, '<null>'))").collectAsList()) {
            out.add(r.getString(0));
        }
        return out;
    }
}

package io.cutover.verify;

import io.cutover.demo.DemoSpec;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The live-cutover lines of bin/bench-verify, on the world the benchmark verified live: a recheck
 * of 1,000 keys (the live report's differing keys, filled up with comments chosen at random, half
 * named against the mirror and half against Reddit) and a one-day --since window ending at the
 * world's newest comment, each against the full live verify's wall time.
 */
record LiveCutoverFigures(long recheckKeys, double recheckSeconds, long recheckDifferences, String window,
                          long windowKeys, double windowSeconds, long windowDifferences, double fullSeconds) {

    static final int RECHECK_KEYS = 1_000;

    static LiveCutoverFigures measure(SparkSession spark, PostgresServer s, DemoSpec world, List<String> entities, Path out,
                                      double fullSeconds, PrintStream console) throws IOException, SQLException {
        Map<String, SourceLocation> jdbc = new LinkedHashMap<>();
        jdbc.put("reddit", new SourceLocation.Database(s, world.redditDatabase()));
        jdbc.put("mirror", new SourceLocation.Database(s, world.appDatabase()));
        jdbc.put("votes", new SourceLocation.CsvFile(world.voteExport()));
        SourceLocation target = new SourceLocation.Database(s, world.appDatabase());

        Path earlier = out.resolve("report-live");
        Path named = out.resolve("report-recheck-keys");
        long keys = recheckReport(spark, s, world, earlier, named);
        console.printf("-- recheck of %,d keys (the live report's, filled up with random comments)%n", keys);
        long t0 = System.nanoTime();
        VerifyReport recheck = new VerifyJob(spark, new VerifySpec(Mapping.shipped(), jdbc, target, entities, null, named,
                out.resolve("report-recheck"), 0, VerifySpec.DEFAULT_BUCKETS, 5), console).run();
        double recheckSeconds = (System.nanoTime() - t0) / 1e9;

        Instant newest;
        try (Connection c = s.connect(world.appDatabase()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(created_on) FROM discussions_comment")) {
            rs.next();
            newest = rs.getTimestamp(1).toInstant();
        }
        Instant since = newest.minus(Duration.ofDays(1));
        console.printf("-- --since %s (the world's last day)%n", since);
        t0 = System.nanoTime();
        VerifyReport window = new VerifyJob(spark, new VerifySpec(Mapping.shipped(), jdbc, target, entities, since, null,
                out.resolve("report-since"), 0, VerifySpec.DEFAULT_BUCKETS, 5), console).run();
        double windowSeconds = (System.nanoTime() - t0) / 1e9;
        long windowKeys = window.comparisons().stream().mapToLong(ComparisonSummary::oldRows).sum();
        return new LiveCutoverFigures(keys, recheckSeconds, recheck.totalDifferences(), since.toString(), windowKeys,
                windowSeconds, window.totalDifferences(), fullSeconds);
    }

    /** A report directory naming the earlier report's keys plus random comments, {@value #RECHECK_KEYS} in all. */
    private static long recheckReport(SparkSession spark, PostgresServer s, DemoSpec world, Path earlier, Path named)
            throws IOException, SQLException {
        StructType shape = new StructType().add("category", "string").add("key", "string").add("column", "string")
                .add("old_value", "string").add("new_value", "string");
        Dataset<Row> differences = spark.read().parquet(earlier.resolve("differences").toString());
        List<Row> pairs = differences.select("entity", "source", "key").distinct().collectAsList();
        Map<String, List<Row>> byDir = new LinkedHashMap<>();
        for (Row r : pairs) {
            byDir.computeIfAbsent("entity=" + r.getString(0) + "/source=" + r.getString(1), k -> new ArrayList<>())
                    .add(RowFactory.create("changed", r.getString(2), null, null, null));
        }
        long count = pairs.size();
        int fill = (int) Math.max(0, RECHECK_KEYS - count);
        try (Connection c = s.connect(world.appDatabase()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM discussions_comment ORDER BY md5(id::text) LIMIT " + fill)) {
            int i = 0;
            while (rs.next()) {
                String dir = "entity=comment/source=" + (i++ % 2 == 0 ? "mirror" : "reddit");
                byDir.computeIfAbsent(dir, k -> new ArrayList<>())
                        .add(RowFactory.create("changed", "{\"id\":" + rs.getLong(1) + "}", "text", null, null));
                count++;
            }
        }
        Files.createDirectories(named.resolve("differences"));
        // The benchmark's runs are VerifyJob's, which write no summary.json: a recheck reads only differences/.
        if (Files.isRegularFile(earlier.resolve("summary.json"))) {
            Files.copy(earlier.resolve("summary.json"), named.resolve("summary.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        for (Map.Entry<String, List<Row>> e : byDir.entrySet()) {
            spark.createDataFrame(e.getValue(), shape).coalesce(1).write().mode(SaveMode.Overwrite)
                    .parquet(named.resolve("differences").resolve(e.getKey()).toString());
        }
        return count;
    }

    void print(PrintStream out) {
        out.printf("  %-38s %8.1f s  %,d keys, %,d differences; %.2fx the full live verify's wall (%.1f s)%n",
                "recheck of " + String.format("%,d", recheckKeys) + " keys (live)", recheckSeconds, recheckKeys,
                recheckDifferences, recheckSeconds / fullSeconds, fullSeconds);
        out.printf("  %-38s %8.1f s  %,d keys in the window, %,d differences; %.2fx the full live verify's wall%n",
                "--since one day (live)", windowSeconds, windowKeys, windowDifferences, windowSeconds / fullSeconds);
    }
}

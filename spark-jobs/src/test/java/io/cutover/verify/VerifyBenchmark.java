package io.cutover.verify;

import static org.apache.spark.sql.functions.expr;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.GroundTruthCheck;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.schema.Catalog;
import io.cutover.snapshot.SnapshotJob;
import io.cutover.snapshot.SnapshotManifest;
import io.cutover.snapshot.SnapshotSpec;
import io.cutover.spark.SparkSessions;
import io.cutover.testing.PeakMemory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Not a test: on one demo world with ~0.01% faults, snapshot Parquet on both sides, prints
 * cutover verify's rows/s and wall time beside a scan-only lower bound (read and hash both
 * sides) and a baseline diff written the way spark-extension and datacompy work (one null-safe
 * full outer join on the keys, then per-column comparison), then verify reading live
 * PostgreSQL, and peak memory. Run it with {@code bin/bench-verify}.
 */
@Command(name = "bench-verify", mixinStandardHelpOptions = true)
public final class VerifyBenchmark implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Option(names = "--scale", defaultValue = "small")
    Scale scale;

    @Option(names = "--faults", defaultValue = "-1", description = "Faults per kind (default: ~0.01% of posts, at least 1).")
    int faults;

    @Option(names = "--out", defaultValue = "/tmp/bench-verify")
    Path out;

    @Option(names = "--skip-live", description = "Do not time verify over JDBC.")
    boolean skipLive;

    @Option(names = "--skip-baseline", description = "Do not time the baseline full outer join.")
    boolean skipBaseline;

    @Option(names = "--live-only", description = "Only the live lines: verify over JDBC with and without pushdown, the peer, "
            + "the recheck and the window (no snapshot, no Parquet phases, no baseline).")
    boolean liveOnly;

    @Option(names = "--world", paramLabel = "DIR",
            description = "Reuse a demo world made by `cutover demo --out DIR` on the named server (no generation).")
    Path worldDir;

    @Option(names = "--snapshot", paramLabel = "DIR",
            description = "Reuse a committed snapshot of that world (OUT/SNAPSHOT_ID) instead of taking one.")
    Path snapshot;

    @Option(names = "--skip-warm-up", description = "No untimed warm-up round.")
    boolean skipWarmUp;

    @Option(names = "--entity", paramLabel = "NAME", description = "Benchmark only these entities (repeatable).")
    List<String> entities = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new VerifyBenchmark()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int perKind = faults >= 0 ? faults : Math.max(1, scaleRows() / 10_000 / io.cutover.demo.FaultKind.values().length);
        if (worldDir != null && !server.named()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--world needs the server it lives on (--pg-url)");
        }
        try (ServerInUse pg = server.open()) {
            PostgresServer s = pg.server();
            DemoSpec world;
            long faultCount;
            if (worldDir != null) {
                world = DemoSpec.of(scale, 42, perKind, worldDir);
                faultCount = new com.fasterxml.jackson.databind.ObjectMapper().readTree(world.groundTruth().toFile())
                        .path("faults").size();
            } else {
                world = DemoSpec.of(scale, 42, perKind, out.resolve("demo-world")).replacing();
                faultCount = DemoWorld.generate(s, world, System.out).faults().size();
            }
            SparkSession spark = SparkSessions.getOrCreate("bench-verify");
            Path snap = snapshot;
            double raw = Double.NaN, scan = Double.NaN, verify = Double.NaN, baseline = Double.NaN;
            long rawRows = 0, rows = 0, baselineDifferences = 0;
            VerifyReport report = null;
            String split = "", truth = "";
            List<ComparisonPlan> plans;
            if (liveOnly) {
                Map<String, SourceLocation> sources = Map.of("reddit", new SourceLocation.Database(s, world.redditDatabase()),
                        "mirror", new SourceLocation.Database(s, world.appDatabase()), "votes", new SourceLocation.CsvFile(world.voteExport()));
                plans = new VerifyJob(spark, new VerifySpec(Mapping.shipped(), sources, new SourceLocation.Database(s, world.appDatabase()),
                        entities, null, null, out.resolve("report-plans"), 0, VerifySpec.DEFAULT_BUCKETS, 5), System.out).plans();
            } else {
                if (snap == null) {
                    String id = "bench-" + System.currentTimeMillis();
                    SnapshotJob.run(spark, s, SnapshotSpec.of(out.resolve("snapshots"), List.of(
                            new SnapshotSpec.DatabaseSelection(world.redditDatabase(), List.of()),
                            new SnapshotSpec.DatabaseSelection(world.appDatabase(), List.of()))).withSnapshotId(id), System.out);
                    snap = out.resolve("snapshots").resolve(id);
                }
                System.out.printf("%nsnapshot %s; %d faults injected%n", snap, faultCount);

                Map<String, SourceLocation> parquet = new LinkedHashMap<>();
                parquet.put("reddit", new SourceLocation.Snapshot(snap.resolve(world.redditDatabase())));
                parquet.put("mirror", new SourceLocation.Snapshot(snap.resolve(world.appDatabase())));
                parquet.put("votes", new SourceLocation.CsvFile(world.voteExport()));
                VerifySpec onParquet = new VerifySpec(Mapping.shipped(), parquet, new SourceLocation.Snapshot(snap.resolve(world.appDatabase())),
                        entities, null, null, out.resolve("report-parquet"), 0, VerifySpec.DEFAULT_BUCKETS, 5);

                VerifyJob job = new VerifyJob(spark, onParquet, System.out);
                plans = job.plans();
                Catalog target = new ComparisonPlanner(onParquet.mapping()).targetCatalog();
                VerifyFunctions.register(spark);

                // An untimed round first: the JIT, Spark's code generation and the OS page cache would
                // otherwise favour whichever phase runs later. On a large world one comparison is enough.
                if (!skipWarmUp) {
                    List<ComparisonPlan> warm = scale == Scale.LARGE ? plans.subList(0, 1) : plans;
                    System.out.println("\n-- warm-up (untimed): " + warm.size() + " comparison(s), read and hash");
                    scanTables(spark, onParquet, warm);
                    scanAll(job, warm, target);
                }
                System.out.println("-- scan-only lower bound: read and hash every table both sides read");
                long t0 = System.nanoTime();
                rawRows = scanTables(spark, onParquet, plans);
                raw = seconds(t0);
                line("scan-only: tables (read + hash)", raw, rawRows, "rows of the tables");
                System.out.println("-- scan-only, normalised: build both sides in the new table's shape and hash them");
                t0 = System.nanoTime();
                rows = scanAll(job, plans, target);
                scan = seconds(t0);
                line("scan-only: normalised sides", scan, rows, "");

                System.out.println("-- cutover verify");
                t0 = System.nanoTime();
                report = job.run();
                verify = seconds(t0);
                line("cutover verify (Parquet snapshots)", verify, rows, String.format("%.2fx tables scan, %.2fx sides scan",
                        verify / raw, verify / scan));
                split = split(report);
                System.out.println("    " + split);
                truth = truth(spark, world, out.resolve("report-parquet"));
                System.out.println("    " + truth);

                if (!skipBaseline) {
                    System.out.println("-- baseline: one null-safe full outer join on the keys, then per-column comparison");
                    t0 = System.nanoTime();
                    for (ComparisonPlan plan : plans) {
                        ComparisonSides sides = job.sides(plan, target);
                        baselineDifferences += baseline(plan, sides.oldRows(), sides.newRows());
                    }
                    baseline = seconds(t0);
                    line("baseline full outer join", baseline, rows, String.format("verify runs at %.2fx the baseline's speed", baseline / verify));
                }


            }
            LiveRun pushed = null, unpushed = null, auto = null;
            Peer peer = null;
            DataDiffPeer dataDiff = null;
            if (!skipLive) {
                Map<String, SourceLocation> jdbc = new LinkedHashMap<>();
                jdbc.put("reddit", new SourceLocation.Database(s, world.redditDatabase()));
                jdbc.put("mirror", new SourceLocation.Database(s, world.appDatabase()));
                jdbc.put("votes", new SourceLocation.CsvFile(world.voteExport()));
                VerifySpec live = new VerifySpec(Mapping.shipped(), jdbc, new SourceLocation.Database(s, world.appDatabase()),
                        entities, null, null, out.resolve("report-live"), 0, VerifySpec.DEFAULT_BUCKETS, 5);
                if (!skipWarmUp) {
                    // Untimed: the JIT, Spark's code generation and the page cache would otherwise favour the second line.
                    // Below large every entity is warmed, the comments' tree checks and the vote export included: warming
                    // users, channels and posts only left the first line's comments, votes and trees cold: its trees took
                    // 8.4/6.7/6.3 s against the second line's 4.9/4.0/4.4 s on small, though they read alike in both modes.
                    List<String> warmed = scale != Scale.LARGE && entities.isEmpty() ? List.of()
                            : entities.isEmpty() ? List.of("user", "channel", "post") : entities.subList(0, 1);
                    System.out.println("-- warm-up (untimed): live verify of " + (warmed.isEmpty() ? "every entity" : String.join(", ", warmed)));
                    new VerifyJob(spark, new VerifySpec(Mapping.shipped(), jdbc, new SourceLocation.Database(s, world.appDatabase()),
                            warmed, null, null,
                            out.resolve("report-live-warm-up"), 0, VerifySpec.DEFAULT_BUCKETS, 5), System.out).run();
                }
                System.out.println("-- cutover verify reading live PostgreSQL over JDBC, digests computed in PostgreSQL");
                pushed = liveRun(spark, live, world);
                System.out.println("-- cutover verify reading live PostgreSQL over JDBC, --no-pushdown (digests computed in Spark)");
                unpushed = liveRun(spark, live.withPushdown(false).withOutputDir(out.resolve("report-live-no-pushdown")), world);
                System.out.println("-- cutover verify reading live PostgreSQL over JDBC, --pushdown auto (the default: decided per comparison)");
                auto = liveRun(spark, live.withPushdown(Pushdown.AUTO).withOutputDir(out.resolve("report-live-auto")), world);
                if (entities.isEmpty() || entities.contains("comment")) {
                    System.out.println("-- peer: comment vs mirror as a DBA writes it inside PostgreSQL (EXCEPT ALL both ways)");
                    peer = Peer.commentVsMirror(s, world.appDatabase());
                    System.out.println("-- peer: data-diff's method for comment vs mirror (segment count and md5 sums in PostgreSQL, bisection)");
                    dataDiff = DataDiffPeer.commentVsMirror(s, world.appDatabase());
                }
            }
            LiveCutoverFigures liveCutover = skipLive ? null
                    : LiveCutoverFigures.measure(spark, s, world, entities, out, pushed.seconds(), System.out);

            if (liveOnly && pushed != null) {
                rows = pushed.report().comparisons().stream().mapToLong(c -> c.oldRows() + c.newRows()).sum();
            }
            System.out.printf("%n== verify benchmark: %s world, %,d faults, %d comparisons, %,d rows read (both sides)%n",
                    scale.name().toLowerCase(), faultCount, plans.size(), rows);
            if (!liveOnly) {
                line("scan-only: tables (read + hash)", raw, rawRows, "rows of the tables");
                line("scan-only: normalised sides", scan, rows, "");
                line("cutover verify (Parquet snapshots)", verify, rows, String.format("%.2fx tables scan, %.2fx sides scan; %,d differences",
                        verify / raw, verify / scan, report.totalDifferences()));
                System.out.println("    " + split);
                if (!skipBaseline) line("baseline full outer join", baseline, rows, String.format("verify runs at %.2fx the baseline's speed; %,d differences",
                        baseline / verify, baselineDifferences));
                System.out.println("    " + truth);
            }
            if (!skipLive) {
                line("cutover verify (live, pushdown)", pushed.seconds(), rows, pushed.note());
                System.out.println("    " + pushed.truth());
                line("cutover verify (live, --no-pushdown)", unpushed.seconds(), rows, unpushed.note());
                System.out.println("    " + unpushed.truth());
                System.out.printf("    pushdown runs at %.2fx the speed of --no-pushdown (target: at least 2x)%n",
                        unpushed.seconds() / pushed.seconds());
                line("cutover verify (live, --pushdown auto)", auto.seconds(), rows, auto.note());
                System.out.println("    " + auto.truth());
                System.out.printf("    the default (auto) runs at %.2fx the speed of --no-pushdown (target: at least 1x, never the slow path)%n",
                        unpushed.seconds() / auto.seconds());
                if (peer != null) {
                    System.out.printf("  %-38s %8.1f s  %,d rows old EXCEPT ALL new, %,d new EXCEPT ALL old;"
                                    + " %,d of them hold an unsynced NULL score (false differences)%n",
                            "peer: comment vs mirror, SQL in PG", peer.seconds(), peer.oldOnly(), peer.newOnly(), peer.nullScores());
                    ComparisonSummary c = pushed.report().comparisons().stream()
                            .filter(x -> x.entity().equals("comment") && x.source().equals("mirror")).findFirst().orElseThrow();
                    System.out.printf("  %-38s %8.1f s  %s%n", "peer: data-diff's method, SQL in PG", dataDiff.seconds(), dataDiff.note());
                    System.out.printf("  %-38s %8.1f s  %,d differences (an unsynced score is no difference)%n",
                            "cutover verify: comment vs mirror", c.seconds(), c.differences());
                    System.out.printf("    verify's comment vs mirror takes %.2fx data-diff's method (target: at most 1.5x)%n",
                            c.seconds() / dataDiff.seconds());
                }
            }
            if (liveCutover != null) liveCutover.print(System.out);
            System.out.println("  " + PeakMemory.describe());
            return 0;
        }
    }

    /** One live verify: wall time, its report, and the heap's peak during it alone. */
    private record LiveRun(double seconds, VerifyReport report, long peakHeap, String truth) {
        String note() {
            return String.format("peak heap %,.0f MB; %,d differences", peakHeap / 1e6, report.totalDifferences());
        }
    }

    private static LiveRun liveRun(SparkSession spark, VerifySpec spec, DemoSpec world) {
        System.gc();
        PeakMemory.resetHeap();
        long t0 = System.nanoTime();
        VerifyReport report = new VerifyJob(spark, spec, System.out).run();
        double wall = seconds(t0);
        return new LiveRun(wall, report, PeakMemory.heapBytes(), truth(spark, world, Path.of(spec.outputDir().hadoopPath().toUri())));
    }

    /**
     * The named peer: what a DBA writes to compare comments with their mirror inside PostgreSQL,
     * the old rows mapped by hand (post by its Reddit id, author by username, a top-level
     * comment's parent as NULL, COALESCE defaults) EXCEPT ALL the new rows, both ways. It cannot
     * say that an unsynced NULL score is not known, so each such row comes back as a difference.
     */
    private record Peer(double seconds, long oldOnly, long newOnly, long nullScores) {
        static final String MAPPED = """
                WITH old AS (
                  SELECT c.comment_id AS id, p.post_id, CASE WHEN c.parent_id = p.post_id THEN NULL ELSE c.parent_id END AS parent_id,
                         u.username, coalesce(c.text, '') AS text, c.score::integer AS score, coalesce(c.edited, false) AS edited,
                         coalesce(c.removed, false) AS removed, coalesce(c.deleted, false) AS deleted, c.created_on, c.updated_on
                  FROM channels_comment c JOIN channels_post p ON p.id = c.post_id LEFT JOIN auth_user u ON u.id = c.author_id),
                new AS (
                  SELECT n.id, n.post_id, n.parent_id, u.username, n.text, n.score, n.edited, n.removed, n.deleted, n.created_on, n.updated_on
                  FROM discussions_comment n LEFT JOIN auth_user u ON u.id = n.author_id),
                old_only AS (SELECT * FROM old EXCEPT ALL SELECT * FROM new),
                new_only AS (SELECT * FROM new EXCEPT ALL SELECT * FROM old)
                SELECT (SELECT count(*) FROM old_only), (SELECT count(*) FROM new_only),
                       (SELECT count(*) FROM old_only WHERE score IS NULL)
                """;

        static Peer commentVsMirror(PostgresServer server, String database) throws java.sql.SQLException {
            try (java.sql.Connection c = server.connect(database)) {
                c.setReadOnly(true);
                try (java.sql.Statement st = c.createStatement()) {
                    long t0 = System.nanoTime();
                    try (java.sql.ResultSet rs = st.executeQuery(MAPPED)) {
                        rs.next();
                        return new Peer(VerifyBenchmark.seconds(t0), rs.getLong(1), rs.getLong(2), rs.getLong(3));
                    }
                }
            }
        }
    }

    private int scaleRows() {
        return switch (scale) {
            case TINY -> 50;
            case SMALL -> 20_000 * 11;
            case LARGE -> 11_000_000;
        };
    }

    private static long scanAll(VerifyJob job, List<ComparisonPlan> plans, Catalog target) {
        long rows = 0;
        for (ComparisonPlan plan : plans) {
            ComparisonSides sides = job.sides(plan, target);
            for (Dataset<Row> side : List.of(sides.oldRows(), sides.newRows())) {
                Row r = side.selectExpr("xxhash64(*) AS h").agg(functions.count(functions.lit(1)),
                        functions.sum(expr("h & 4294967295"))).first();
                rows += r.getLong(0);
            }
        }
        return rows;
    }

    /** The report against the world's ground truth: every injected fault found, nothing else reported. */
    private static String truth(SparkSession spark, DemoSpec world, Path report) {
        if (!java.nio.file.Files.isRegularFile(world.groundTruth())) return "no ground truth to check against";
        GroundTruthCheck.Outcome o = GroundTruthCheck.check(spark, world.groundTruth(), report.resolve("differences"));
        return String.format("ground truth: %d of %d injected faults found, %d missed, %d differences no fault explains",
                o.found(), o.faults(), o.missed().size(), o.unexplained().size());
    }

    /** Where verify's time went: the row comparisons, the cross-table checks (no baseline does those), the rest. */
    private static String split(VerifyReport report) {
        double rows = report.comparisons().stream().mapToDouble(ComparisonSummary::seconds).sum();
        double checks = report.checks().stream().mapToDouble(ComparisonSummary::seconds).sum();
        return String.format("of which: row comparisons %.1f s, cross-table checks %.1f s, report %.1f s",
                rows, checks, report.seconds() - rows - checks);
    }

    /** Every table each comparison reads (a table read by two comparisons counts twice), hashed whole. */
    private static long scanTables(SparkSession spark, VerifySpec spec, List<ComparisonPlan> plans) {
        TableReader reader = new TableReader(spark);
        long rows = 0;
        for (ComparisonPlan plan : plans) {
            SourceLocation location = spec.sources().get(plan.source());
            List<Dataset<Row>> tables = new ArrayList<>();
            if (location instanceof SourceLocation.CsvFile csv) {
                tables.add(reader.csv(csv, spec.mapping().sources().get(plan.source()).csvColumns()));
            } else {
                for (String t : plan.oldTables()) tables.add(reader.read(location, t, null));
            }
            for (String t : plan.newTables()) tables.add(reader.read(spec.target(), t, null));
            for (Dataset<Row> table : tables) {
                rows += table.selectExpr("xxhash64(*) AS h").agg(functions.count(functions.lit(1)),
                        functions.sum(expr("h & 4294967295"))).first().getLong(0);
            }
        }
        return rows;
    }

    /** The spark-extension / datacompy way: join whole rows on the key, compare every column. */
    private static long baseline(ComparisonPlan plan, Dataset<Row> oldSide, Dataset<Row> newSide) {
        Dataset<Row> a = oldSide.withColumn("present", functions.lit(true)).alias("o");
        Dataset<Row> b = newSide.withColumn("present", functions.lit(true)).alias("n");
        Column on = null;
        for (String k : plan.keys()) {
            Column c = a.col("k_" + k).eqNullSafe(b.col("k_" + k));
            on = on == null ? c : on.and(c);
        }
        List<String> differs = new ArrayList<>(List.of("o.present IS NULL", "n.present IS NULL"));
        for (ComparedColumn c : plan.columns()) differs.add("NOT " + c.equal("o.v_" + c.name(), "n.v_" + c.name()));
        return a.join(b, on, "full_outer").where(String.join(" OR ", differs)).count();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void line(String label, double seconds, long rows, String note) {
        System.out.printf("  %-38s %8.1f s %12s rows/s  %s%n", label, seconds, String.format("%,.0f", rows / seconds), note);
    }
}

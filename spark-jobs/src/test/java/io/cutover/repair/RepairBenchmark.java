package io.cutover.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.report.VerifyReportWriter;
import io.cutover.spark.SparkSessions;
import io.cutover.storage.Location;
import io.cutover.testing.PeakMemory;
import io.cutover.verify.SourceLocation;
import io.cutover.verify.VerifyJob;
import io.cutover.verify.VerifyReport;
import io.cutover.verify.VerifySpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Not a test: on one demo world, damages 1% (--percent) of the new tables' rows deterministically (changed
 * titles, texts and vote directions, deleted comments, extra posts, damaged counts), verifies,
 * then runs {@code cutover repair --execute --delete-extra} (its re-read, plan, apply and recheck)
 * and prints fixes/s, each step's time, peak memory and whether the recheck finds every key
 * fixed. Run it with {@code bin/bench-repair}.
 */
@Command(name = "bench-repair", mixinStandardHelpOptions = true)
public final class RepairBenchmark implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Option(names = "--scale", defaultValue = "small")
    Scale scale;

    @Option(names = "--world", paramLabel = "DIR",
            description = "Reuse a demo world made by `cutover demo --out DIR --faults 0` on the named server (it is damaged in place).")
    Path worldDir;

    @Option(names = "--out", defaultValue = "/tmp/bench-repair")
    Path out;

    @Option(names = "--seed", defaultValue = "7", description = "Which rows are damaged. Default: ${DEFAULT-VALUE}.")
    int seed;

    @Option(names = "--percent", defaultValue = "1", description = "Share of each table's rows damaged. Default: ${DEFAULT-VALUE}.")
    double percent;

    @Option(names = "--max-fixes", defaultValue = "1000000")
    long maxFixes;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RepairBenchmark()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (worldDir != null && !server.named()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--world needs the server it lives on (--pg-url)");
        }
        try (ServerInUse pg = server.open()) {
            PostgresServer s = pg.server();
            DemoSpec world;
            if (worldDir != null) {
                world = DemoSpec.of(scale, 42, 0, worldDir);
            } else {
                // Databases of its own: a local server's demo world (reddit, app) is left as it is.
                world = DemoSpec.of(scale, 42, 0, out.resolve("demo-world")).withDatabases("bench_repair_reddit", "bench_repair_app")
                        .replacing();
                DemoWorld.generate(s, world, System.out);
            }
            Map<String, Long> damaged = damage(s, world);
            long rows = damaged.remove("rows");
            long total = damaged.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("%ndamaged %,d of %,d rows of the new tables (%.2f%%, --percent %s, seed %d): %s%n", total, rows,
                    100.0 * total / rows, percent, seed, damaged);

            SparkSession spark = SparkSessions.getOrCreate("bench-repair");
            Mapping mapping = Mapping.shipped();
            Map<String, SourceLocation> sources = new LinkedHashMap<>();
            sources.put("reddit", new SourceLocation.Database(s, world.redditDatabase()));
            sources.put("mirror", new SourceLocation.Database(s, world.appDatabase()));
            sources.put("votes", new SourceLocation.CsvFile(world.voteExport()));
            SourceLocation.Database target = new SourceLocation.Database(s, world.appDatabase());
            Location report = Location.local(out.resolve("verify-report"));
            long start = System.nanoTime();
            VerifyReport verified = new VerifyJob(spark, new VerifySpec(mapping, sources, target, List.of(), null, null, report, 0,
                    VerifySpec.DEFAULT_BUCKETS, 5), new PrintStream(new ByteArrayOutputStream())).run();
            VerifyReportWriter.write(verified, VerifyReportWriter.mappingDigest(mapping), report);
            System.out.printf("verify: %,d differences in %.1f s%n", verified.totalDifferences(), (System.nanoTime() - start) / 1e9);

            PeakMemory.resetHeap();
            Location plan = Location.local(out.resolve("repair"));
            start = System.nanoTime();
            int exit = new RepairJob(spark, new RepairOptions(report, mapping, sources, target, plan, true, true, maxFixes, 500,
                    Duration.ofSeconds(2), VerifySpec.DEFAULT_BUCKETS)).run(System.out);
            double wall = (System.nanoTime() - start) / 1e9;
            JsonNode summary = new ObjectMapper().readTree(out.resolve("repair").resolve(PlanFiles.SUMMARY).toFile());
            JsonNode seconds = summary.path("seconds");
            long applied = summary.path("applied").asLong();
            System.out.printf("%nrepair --execute --delete-extra (exit %d): %,d statements applied, %,d skipped, %,d left to a person%n",
                    exit, applied, summary.path("skipped").size(), summary.path("left").size());
            System.out.printf("  %,.1f fixes/s over the whole run (%.1f s: re-read %.1f s, plan %.1f s, apply %.1f s, recheck %.1f s)%n",
                    applied / wall, wall, seconds.path("reread").asDouble(), seconds.path("plan").asDouble(),
                    seconds.path("apply").asDouble(), seconds.path("recheck").asDouble());
            System.out.printf("  apply alone: %,.1f statements/s%n", applied / Math.max(1e-9, seconds.path("apply").asDouble()));
            long remaining = summary.path("recheckDifferences").asLong(-1);
            System.out.printf("  recheck: %s (%,d differences remain among the report's keys)%n",
                    remaining == 0 ? "all fixed" : "NOT all fixed", remaining);
            System.out.printf("  peak memory: %s%n", PeakMemory.describe());
            return remaining == 0 ? 0 : 1;
        }
    }

    /**
     * {@code percent} of the rows of posts, comments and post votes damaged in the new tables,
     * chosen by a hash of the key and the seed: the same rows on every run of the same world.
     */
    private Map<String, Long> damage(PostgresServer s, DemoSpec world) throws Exception {
        // A row's bucket, 0 to 9,999, by a hash of its key and the seed; each table's first percent x 100 buckets are
        // damaged, shared out among the kinds of damage below.
        long n100 = Math.round(percent * 100);
        String bucket = "abs(hashtext(%s || ':" + seed + "')) %% 10000";
        String post = String.format(bucket, "id::text");
        String comment = String.format(bucket, "c.id::text");
        String vote = String.format(bucket, "post_id::text || '/' || voter_id::text");
        long titles = n100 * 5 / 10, counts = n100 * 7 / 10, texts = n100 * 6 / 10;
        Map<String, Long> n = new LinkedHashMap<>();
        try (Connection c = s.connect(world.appDatabase()); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            n.put("rows", count(st, "SELECT (SELECT count(*) FROM discussions_post) + (SELECT count(*) FROM discussions_comment)"
                    + " + (SELECT count(*) FROM discussions_postvote)"));
            n.put("changed titles", (long) st.executeUpdate("UPDATE discussions_post SET title = title || ' [damaged]' WHERE "
                    + post + " < " + titles));
            n.put("damaged counts", (long) st.executeUpdate("UPDATE discussions_post SET num_comments = num_comments + 1 WHERE "
                    + post + " >= " + titles + " AND " + post + " < " + counts));
            n.put("changed texts", (long) st.executeUpdate("UPDATE discussions_comment c SET text = c.text || ' [damaged]' WHERE "
                    + comment + " < " + texts));
            n.put("flipped votes", (long) st.executeUpdate("UPDATE discussions_postvote SET direction = -direction WHERE direction <> 0 AND "
                    + vote + " < " + n100));
            // Leaf comments only (a reply's parent stays), with their tree nodes.
            String leaves = "SELECT c.id FROM discussions_comment c WHERE " + comment + " >= " + texts + " AND " + comment + " < " + n100
                    + " AND NOT EXISTS (SELECT 1 FROM discussions_comment r WHERE r.parent_id = c.id)";
            st.execute("CREATE TEMP TABLE bench_deleted AS " + leaves);
            for (String tree : List.of("new", "old", "best")) {
                st.executeUpdate("DELETE FROM discussions_" + tree + "commenttreenode WHERE comment_id IN (SELECT id FROM bench_deleted)");
            }
            n.put("deleted comments", (long) st.executeUpdate("DELETE FROM discussions_comment WHERE id IN (SELECT id FROM bench_deleted)"));
            // Extra posts: copies of existing ones under ids Reddit never gave.
            st.execute("CREATE TEMP TABLE bench_extra AS SELECT * FROM discussions_post WHERE " + post + " >= " + counts + " AND "
                    + post + " < " + n100);
            st.execute("UPDATE bench_extra SET id = id + 1000000000000");
            n.put("extra posts", (long) st.executeUpdate("INSERT INTO discussions_post SELECT * FROM bench_extra"));
            c.commit();
        }
        return n;
    }

    private static long count(Statement st, String sql) throws Exception {
        try (var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

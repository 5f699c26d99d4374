package io.cutover.cli;

import io.cutover.bicheck.BiCheck;
import io.cutover.bicheck.QueryCheck;
import io.cutover.demo.DemoReport;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoSummary;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.GroundTruthCheck;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.snapshot.SnapshotCheckReport;
import io.cutover.snapshot.SnapshotJob;
import io.cutover.snapshot.SnapshotManifest;
import io.cutover.snapshot.SnapshotSpec;
import io.cutover.snapshot.SnapshotVerifier;
import io.cutover.spark.SparkSessions;
import io.cutover.verify.SourceLocation;
import io.cutover.verify.VerifySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"The whole tool end to end on the demo world, by default on the local embedded PostgreSQL (started when it does not run, and left running: see cutover pg) "
                + "and Spark in local mode: generate the world with faults, back it up (snapshot + verify the backup), "
                + "verify the new tables against Reddit, the old mirror and the vote export, check that verdict against "
                + "the ground truth, and prove the BI query rewrites on a zero-fault world (bi-check).",
                "Exit 0 when every step holds: the backup verifies, verify reported exactly the injected faults, "
                        + "and no rewritten query differs without a finding."})
public final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--scale", defaultValue = "small", description = "Demo world size. Default: ${DEFAULT-VALUE}.")
    Scale scale;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--faults", defaultValue = "3", paramLabel = "N", description = "Faults per kind. Default: ${DEFAULT-VALUE}.")
    int faults;

    @Option(names = "--out", defaultValue = "quickstart", paramLabel = "DIR", description = "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--bi-queries", defaultValue = "bi-queries/old", paramLabel = "DIR",
            description = "The BI query corpus to bi-check. Default: ${DEFAULT-VALUE}.")
    Path biQueries;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() throws IOException, SQLException {
        if (faults < 0) throw CutoverException.configuration("--faults must be 0 or more, got " + faults);
        DemoSpec spec = DemoSpec.of(scale, seed, faults, out.resolve("demo-world")).replacing();
        try (ServerInUse pg = server.openKeeping()) {
            System.out.println("== 1. The demo world");
            DemoReport report = DemoWorld.generate(pg.server(), spec, System.out);
            DemoSummary.print(report, spec, System.out);
            SparkSession spark = SparkSessions.getOrCreate("cutover quickstart");

            System.out.println();
            System.out.println("== 2. Back up the Reddit data and the old tables, then verify the backup");
            String id = "quickstart-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
            SnapshotManifest manifest = SnapshotJob.run(spark, pg.server(), SnapshotSpec.of(out.resolve("snapshots"), List.of(
                    new SnapshotSpec.DatabaseSelection(spec.redditDatabase(), List.of()),
                    new SnapshotSpec.DatabaseSelection(spec.appDatabase(), List.of())))
                    .withSnapshotId(id).withFiles(List.of(new SnapshotSpec.FileSource("votes", spec.voteExport()))), System.out);
            SnapshotCheckReport backup = SnapshotVerifier.verify(spark, out.resolve("snapshots").resolve(id), System.out);
            System.out.printf("  snapshot %s: %s (%d tables, %d files)%n", manifest.snapshotId(),
                    backup.passed() ? "verified" : "FAILED VERIFICATION", backup.tablesChecked(), backup.filesChecked());

            System.out.println();
            System.out.println("== 3. Verify the new tables against Reddit, the old mirror and the vote export");
            Map<String, SourceLocation> sources = new LinkedHashMap<>();
            sources.put("reddit", new SourceLocation.Database(pg.server(), spec.redditDatabase()));
            sources.put("mirror", new SourceLocation.Database(pg.server(), spec.appDatabase()));
            sources.put("votes", new SourceLocation.CsvFile(spec.voteExport()));
            Path reportDir = out.resolve("verify-report");
            VerifySpec verify = new VerifySpec(Mapping.shipped(), sources,
                    new SourceLocation.Database(pg.server(), spec.appDatabase()), List.of(), null, null, reportDir, 0,
                    VerifySpec.DEFAULT_BUCKETS, 5).withPushdown(io.cutover.verify.Pushdown.AUTO);
            VerifyCommand.run(verify, System.out);

            System.out.println();
            System.out.println("== 4. The verdict against the ground truth");
            GroundTruthCheck.Outcome truth = GroundTruthCheck.check(spark, spec.groundTruth(), reportDir.resolve("differences"));
            System.out.printf("  %d of %d injected faults reported, %d differences no fault explains%n",
                    truth.found(), truth.faults(), truth.unexplained().size());
            truth.missed().forEach(m -> System.out.println("  missed: " + m));
            truth.unexplained().stream().limit(20).forEach(u -> System.out.println("  unexplained: " + u));

            System.out.println();
            System.out.println("== 5. BI queries: rewrites proven on a zero-fault world (bi-check)");
            boolean silent = biCheck(pg.server());

            boolean ok = backup.passed() && truth.exact() && !silent;
            System.out.println();
            System.out.println(ok ? "quickstart: every step holds" : "quickstart: a step did not hold (see above)");
            printNextSteps(spec, server.named());
            return ok ? ExitCode.OK : ExitCode.DIFFERENCES;
        }
    }

    /** What to try next, one command at a time, on the world this run leaves behind. */
    private void printNextSteps(DemoSpec spec, boolean named) {
        String votes = spec.voteExport().toString();
        String server = named ? " (add the same server option: --pg-url, $" + ServerOptions.URL_VARIABLE + " or --pg-properties)"
                : " (on the local server, which stays: 'bin/cutover pg status', 'bin/cutover pg stop')";
        System.out.println();
        System.out.println("Next, one command at a time on this world" + server + ":");
        System.out.println("  bin/cutover verify --source reddit=db:" + spec.redditDatabase() + " --source mirror=db:"
                + spec.appDatabase() + " --source votes=csv:" + votes + " --target db:" + spec.appDatabase() + " --out my-report");
        System.out.println("  bin/cutover snapshot -d " + spec.redditDatabase() + " -d " + spec.appDatabase() + " --file votes=" + votes
                + " --out my-backups");
        System.out.println("  bin/cutover rewrite " + biQueries + " --out my-rewrites");
        System.out.println("  bin/cutover bi-check " + biQueries + " --old-db bicheck_app --new-db bicheck_app");
        System.out.println("  bin/cutover demo --faults 0 --replace      # a fresh world of your own (databases reddit, app)");
    }

    /** Runs the corpus on a tiny clean world; true when some rewrite differs without a finding. */
    private boolean biCheck(PostgresServer pg) throws IOException, SQLException {
        if (!Files.isDirectory(biQueries)) {
            System.out.println("  skipped: no query corpus at " + biQueries + " (run from the repository root, or pass --bi-queries)");
            return false;
        }
        DemoSpec clean = DemoSpec.of(Scale.TINY, seed, 0, out.resolve("bi-check-world"))
                .withDatabases("bicheck_reddit", "bicheck_app").replacing();
        DemoWorld.generate(pg, clean, new PrintStream(new ByteArrayOutputStream()));
        try (Connection oldTables = pg.connect(clean.appDatabase()); Connection newTables = pg.connect(clean.appDatabase())) {
            List<QueryCheck> checks = new BiCheck(Mapping.shipped(), 60).run(oldTables, newTables, biQueries);
            Files.writeString(out.resolve("bi-check.md"), BiCheck.report(checks));
            System.out.println("  " + BiCheck.totals(checks));
            System.out.println("  per query: " + out.resolve("bi-check.md"));
            return checks.stream().anyMatch(QueryCheck::silentDifference);
        }
    }
}

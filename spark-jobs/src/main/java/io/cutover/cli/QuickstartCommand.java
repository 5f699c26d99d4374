package io.cutover.cli;

import io.cutover.demo.DemoReport;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoSummary;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.GroundTruthCheck;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.spark.SparkSessions;
import io.cutover.verify.SourceLocation;
import io.cutover.verify.VerifySpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"The whole tool end to end on the demo world, by default on a throwaway embedded PostgreSQL "
                + "and Spark in local mode: generate the world with faults, verify the new tables against Reddit, "
                + "the old mirror and the vote export, and check the verdict against the ground truth.",
                "Exit 0 when verify reported exactly the injected faults."})
public final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--scale", defaultValue = "small", description = "Demo world size. Default: ${DEFAULT-VALUE}.")
    Scale scale;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--faults", defaultValue = "3", paramLabel = "N", description = "Faults per kind. Default: ${DEFAULT-VALUE}.")
    int faults;

    @Option(names = "--out", defaultValue = "quickstart", paramLabel = "DIR", description = "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() {
        if (faults < 0) throw CutoverException.configuration("--faults must be 0 or more, got " + faults);
        DemoSpec spec = DemoSpec.of(scale, seed, faults, out.resolve("demo-world")).replacing();
        try (ServerInUse pg = server.open()) {
            System.out.println("== 1. The demo world");
            DemoReport report = DemoWorld.generate(pg.server(), spec, System.out);
            DemoSummary.print(report, spec, System.out);

            System.out.println();
            System.out.println("== 2. Verify the new tables against Reddit, the old mirror and the vote export");
            Map<String, SourceLocation> sources = new LinkedHashMap<>();
            sources.put("reddit", new SourceLocation.Database(pg.server(), spec.redditDatabase()));
            sources.put("mirror", new SourceLocation.Database(pg.server(), spec.appDatabase()));
            sources.put("votes", new SourceLocation.CsvFile(spec.voteExport()));
            Path reportDir = out.resolve("verify-report");
            VerifySpec verify = new VerifySpec(Mapping.shipped(), sources,
                    new SourceLocation.Database(pg.server(), spec.appDatabase()), List.of(), null, null, reportDir, 0,
                    VerifySpec.DEFAULT_BUCKETS, 5);
            VerifyCommand.run(verify, System.out);

            System.out.println();
            System.out.println("== 3. The verdict against the ground truth");
            GroundTruthCheck.Outcome truth = GroundTruthCheck.check(SparkSessions.getOrCreate("cutover quickstart"),
                    spec.groundTruth(), reportDir.resolve("differences"));
            System.out.printf("  %d of %d injected faults reported, %d differences no fault explains%n",
                    truth.found(), truth.faults(), truth.unexplained().size());
            truth.missed().forEach(m -> System.out.println("  missed: " + m));
            truth.unexplained().stream().limit(20).forEach(u -> System.out.println("  unexplained: " + u));
            return truth.exact() ? ExitCode.OK : ExitCode.DIFFERENCES;
        }
    }
}

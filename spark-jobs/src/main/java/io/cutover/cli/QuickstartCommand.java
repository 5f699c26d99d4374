package io.cutover.cli;

import io.cutover.demo.DemoReport;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoSummary;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.Scale;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "The whole tool end to end on the demo world, by default on a throwaway embedded PostgreSQL "
                + "and Spark in local mode: generate the world and print what it holds.")
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
            DemoReport report = DemoWorld.generate(pg.server(), spec, System.out);
            DemoSummary.print(report, spec, System.out);
        }
        return ExitCode.OK;
    }
}

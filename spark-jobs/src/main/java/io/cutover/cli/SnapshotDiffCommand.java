package io.cutover.cli;

import io.cutover.outcome.ExitCode;
import io.cutover.snapshot.SnapshotDiff;
import io.cutover.snapshot.SnapshotRowDiff;
import io.cutover.spark.SparkSessions;
import io.cutover.storage.Location;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compares two committed snapshots from their manifests alone: per table the rows in the cut and the "
                + "content checksum, tables added or gone. Exit 0 when equal, 1 naming what changed, 2 for a directory "
                + "that is not a committed snapshot.",
                "--rows also lists the keys added, removed and changed in the tables that differ (a Spark job over both "
                        + "snapshots' Parquet, joined on the primary key, or on all columns when there is none)."})
final class SnapshotDiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The earlier snapshot, OUT/SNAPSHOT_ID.")
    Location a;

    @Parameters(index = "1", paramLabel = "B", description = "The later snapshot.")
    Location b;

    @Option(names = "--rows", description = "List the changed keys of the tables that differ.")
    boolean rows;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Keys listed per kind and table (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        PrintStream out = CommandOutput.of(spec);
        SnapshotDiff.Result result = SnapshotDiff.compare(a, b);
        SnapshotDiff.print(result, out);
        if (rows && !result.equal()) {
            SnapshotRowDiff.run(SparkSessions.getOrCreate("cutover snapshot diff"), a, b, result, limit, out);
        }
        return result.equal() ? ExitCode.OK : ExitCode.DIFFERENCES;
    }
}

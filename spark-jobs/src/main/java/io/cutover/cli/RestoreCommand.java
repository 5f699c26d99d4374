package io.cutover.cli;

import io.cutover.outcome.ExitCode;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.snapshot.RestoreReport;
import io.cutover.snapshot.SnapshotRestore;
import io.cutover.spark.SparkSessions;
import io.cutover.storage.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover restore DIR}: back into PostgreSQL, then proven identical to the backup. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Recreate the tables of a committed snapshot (DDL from its manifest), load them with COPY,",
                "then compare every restored table with the backup. Never overwrites an existing table.",
                "Exit 1 when a restored table differs from the backup."})
public final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Parameters(paramLabel = "SNAPSHOT_DIR", description = "OUT/SNAPSHOT_ID")
    Location dir;

    @Option(names = "--into", paramLabel = "SOURCE_DB=TARGET_DB",
            description = "Restore a database of the snapshot under another name (default: its own; created if missing).")
    Map<String, String> into = new LinkedHashMap<>();

    @Option(names = "--read-back",
            description = "Read every restored table back from PostgreSQL and compare it with the backup (default: "
                    + "only tables with generated columns, and snapshots of manifest format 1; the others are checked "
                    + "as they load).")
    boolean readBack;

    @Override
    public Integer call() {
        try (ServerInUse pg = server.openExisting("restore writes into a server that keeps its data")) {
            RestoreReport report = SnapshotRestore.run(SparkSessions.getOrCreate("cutover restore"), pg.server(), dir, into,
                    CommandOutput.of(spec), readBack);
            return report.matches() ? ExitCode.OK : ExitCode.DIFFERENCES;
        }
    }
}

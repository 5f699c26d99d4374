package io.cutover.cli;

import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.snapshot.SnapshotCheckReport;
import io.cutover.snapshot.SnapshotJob;
import io.cutover.snapshot.SnapshotSpec.DatabaseSelection;
import io.cutover.snapshot.SnapshotSpec.FileSource;
import io.cutover.snapshot.SnapshotSpec;
import io.cutover.snapshot.SnapshotTableReader;
import io.cutover.snapshot.SnapshotVerifier;
import io.cutover.spark.SparkSessions;
import io.cutover.storage.Location;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover snapshot}: a self-verifying Parquet backup; {@code cutover snapshot verify DIR} checks one. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Back up whole databases or named tables (one consistent cut per database) and files such as",
                "the vote export CSV to Parquet under OUT/SNAPSHOT_ID/, committed by a manifest written last."},
        subcommands = {SnapshotCommand.Verify.class, SnapshotDiffCommand.class})
public final class SnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where snapshots go (required).")
    Location out;

    @Option(names = "--id", paramLabel = "SNAPSHOT_ID", description = "Snapshot id (default: the UTC time, yyyyMMddTHHmmssZ).")
    String id;

    @Option(names = {"-d", "--database"}, paramLabel = "DB[:TABLE,...]",
            description = "A database to back up, all its tables or only the named ones (schema.table or table). Repeatable.")
    List<String> databases = new ArrayList<>();

    @Option(names = "--file", paramLabel = "NAME=PATH", description = "A CSV file (with a header line) to back up. Repeatable.")
    List<String> files = new ArrayList<>();

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + SnapshotSpec.DEFAULT_MAX_CONNECTIONS,
            description = "Most reader connections per table at once (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--fetch-size", paramLabel = "ROWS", defaultValue = "" + SnapshotSpec.DEFAULT_FETCH_SIZE,
            description = "Rows per round trip, > 0 (default: ${DEFAULT-VALUE}).")
    int fetchSize;

    @Option(names = "--rows-per-split", paramLabel = "ROWS", defaultValue = "" + SnapshotSpec.DEFAULT_ROWS_PER_SPLIT,
            description = "Target rows per key range and file (default: ${DEFAULT-VALUE}).")
    long rowsPerSplit;

    @Option(names = "--reader", paramLabel = "copy|jdbc", defaultValue = "copy",
            description = "How tables are read: binary COPY decoded into Spark rows, or Spark's JDBC source "
                    + "(default: ${DEFAULT-VALUE}; both write the same content).")
    SnapshotTableReader reader;

    @Override
    public Integer call() {
        if (out == null) throw CutoverException.configuration("name the output directory with --out DIR");
        List<DatabaseSelection> selections = new ArrayList<>();
        for (String d : databases) {
            int colon = d.indexOf(':');
            selections.add(colon < 0 ? new DatabaseSelection(d, List.of())
                    : new DatabaseSelection(d.substring(0, colon), Arrays.stream(d.substring(colon + 1).split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).toList()));
        }
        List<FileSource> sources = new ArrayList<>();
        for (String f : files) {
            int eq = f.indexOf('=');
            if (eq <= 0) throw CutoverException.configuration("--file expects NAME=PATH, got '" + f + "'");
            sources.add(new FileSource(f.substring(0, eq), Location.of(f.substring(eq + 1))));
        }
        SnapshotSpec snapshot = new SnapshotSpec(out, id, selections, sources, maxConnections, fetchSize, rowsPerSplit, reader);
        try (ServerInUse pg = selections.isEmpty() ? server.open() : server.openExisting("snapshot reads existing databases")) {
            SnapshotJob.run(SparkSessions.getOrCreate("cutover snapshot"), pg.server(), snapshot, CommandOutput.of(spec));
        }
        return ExitCode.OK;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-read every file of a snapshot and check sizes, sha256, row counts and content checksums "
                    + "against its manifest. Exit 1 names each table and file that fails.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SNAPSHOT_DIR", description = "OUT/SNAPSHOT_ID")
        Location dir;

        @Override
        public Integer call() {
            if (!dir.isDirectoryQuietly()) throw CutoverException.configuration("no snapshot directory at " + dir);
            SnapshotCheckReport report = SnapshotVerifier.verify(SparkSessions.getOrCreate("cutover snapshot verify"), dir,
                    CommandOutput.of(spec));
            return report.passed() ? ExitCode.OK : ExitCode.DIFFERENCES;
        }
    }
}

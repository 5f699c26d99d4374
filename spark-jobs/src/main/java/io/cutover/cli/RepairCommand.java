package io.cutover.cli;

import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.repair.RepairJob;
import io.cutover.repair.RepairOptions;
import io.cutover.spark.SparkSessions;
import io.cutover.storage.Location;
import io.cutover.verify.SourceLocation;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Turns a verify report into reviewed fixes of the new tables, applied without clobbering the application.",
                "Reads the report's keys again now, plans per category from what the old sources hold now, and writes",
                "repair.sql and repair-summary.json to --out; --execute applies it in short guarded transactions and verifies again."},
        footer = {"", "Exit codes: 0 nothing left, 1 something left (named: left to a person, skipped, or still differing),",
                "2 bad input (not a report, another mapping or target, --max-fixes exceeded), 3 failure (the failing chunk is rolled back).",
                "Sources and target as for verify; default the demo world's."})
public final class RepairCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REPORT", description = "The verify report directory to repair from.")
    Location report;

    @Mixin
    MappingOption mappingFile;

    @Mixin
    WrittenDatabaseOptions databases;

    @Option(names = "--print", description = "Only write the plan for review (the default).")
    boolean print;

    @Option(names = "--execute", description = "Apply the plan, then verify every key it was about again.")
    boolean execute;

    @Option(names = "--delete-extra", description = "Also delete rows the new tables have and the old sources do not (extra_in_new).")
    boolean deleteExtra;

    @Option(names = "--max-fixes", defaultValue = "10000", paramLabel = "N", description = "Refuse a plan of more than N statements. Default: ${DEFAULT-VALUE}.")
    long maxFixes;

    @Option(names = "--chunk-size", defaultValue = "500", paramLabel = "N", description = "Statements per transaction. Default: ${DEFAULT-VALUE}.")
    int chunkSize;

    @Option(names = "--lock-timeout", defaultValue = "2000", paramLabel = "MS", description = "lock_timeout of each transaction. Default: ${DEFAULT-VALUE}.")
    long lockTimeoutMillis;

    @Option(names = "--buckets", defaultValue = "64", paramLabel = "N", description = "Hash buckets of the re-read. Default: ${DEFAULT-VALUE}.")
    int buckets;

    @Mixin
    ReportDirectory out;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() {
        if (print && execute) throw CutoverException.configuration("repair: give --print or --execute, not both");
        if (maxFixes < 0) throw CutoverException.configuration("--max-fixes " + maxFixes + ": expected 0 or more");
        String target = databases.target("repair");
        mappingFile.requireReadable();
        Map<String, String> chosen = databases.sources();
        try (ServerInUse pg = server.openExisting("repair reads and writes existing databases")) {
            Mapping m = mappingFile.load(new LiveCatalogConnections(chosen, target, pg.server()));
            WrittenDatabaseOptions.named(chosen, m);
            Map<String, SourceLocation> locations = WrittenDatabaseOptions.locations(chosen, pg.server());
            SourceLocation.Database newTables = (SourceLocation.Database) VerifyCommand.location(target, pg.server(), "--target");
            RepairOptions options = new RepairOptions(report, m, locations, newTables, out.dir(), execute, deleteExtra, maxFixes,
                    chunkSize, Duration.ofMillis(lockTimeoutMillis), buckets);
            return new RepairJob(SparkSessions.getOrCreate("cutover repair"), options).run(System.out);
        }
    }
}

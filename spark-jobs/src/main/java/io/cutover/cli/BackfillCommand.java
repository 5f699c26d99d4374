package io.cutover.cli;

import io.cutover.backfill.BackfillOptions;
import io.cutover.backfill.BackfillRun;
import io.cutover.backfill.BackfillSpec;
import io.cutover.backfill.BackfillSummary;
import io.cutover.demo.DemoWorld;
import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.spark.SparkSessions;
import io.cutover.verify.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Builds the new discussions_* rows from the old data through the mapping and loads them into the target,",
                "safely while the app dual-writes: key-ordered chunks, INSERT ... ON CONFLICT DO NOTHING, rows the app",
                "changed meanwhile brought to their current value only where the backfill's row is still there.",
                "Resumable (checkpoints in the target's cutover_backfill table); a finished entity writes 0 rows."},
        footer = {"", "Locations: db:<database> (on the --pg-url server), snapshot:<dir>/<database>, csv:<file>.",
                "Without a named server: the local one, and only when the target holds a demo world; the defaults are then",
                "--source reddit=db:reddit --source mirror=db:app --source votes=csv:demo-world/votes-export.csv --target db:app"})
public final class BackfillCommand implements Callable<Integer> {

    @Mixin
    MappingOption mappingFile;

    @Option(names = "--entity", paramLabel = "NAME", split = ",",
            description = "Entities to backfill, e.g. channel,post,comment (run in the hierarchy's order). Default: every one a backfill may write.")
    List<String> entities = new ArrayList<>();

    @Mixin
    WrittenDatabaseOptions databases;

    @Option(names = "--max-rows-per-s", paramLabel = "N", defaultValue = "0", description = "Rows written per second at most (0: no bound).")
    double maxRowsPerSecond;

    @Option(names = "--pause-while", paramLabel = "SQL", description = "A query on the target returning a boolean: true pauses (e.g. replication lag over a bound).")
    String pauseWhile;

    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "2", description = "Lock timeout of each chunk's transaction. Default: ${DEFAULT-VALUE}.")
    double lockTimeout;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() {
        mappingFile.requireReadable();
        String text = mappingText();
        boolean named = server.named();
        if (named && !databases.targetGiven()) {
            throw CutoverException.configuration("--target db:NAME: a backfill writes, so it names the database it writes");
        }
        String targetText = databases.target("a backfill");
        Map<String, String> chosen = databases.sources();
        if (lockTimeout <= 0) throw CutoverException.configuration("--lock-timeout " + lockTimeout + ": expected seconds above 0");
        if (maxRowsPerSecond < 0) throw CutoverException.configuration("--max-rows-per-s " + maxRowsPerSecond + ": expected 0 or more");
        try (ServerInUse pg = server.openExisting("backfill writes an existing database")) {
            PostgresServer s = pg.server();
            Mapping m = mappingFile.load(new LiveCatalogConnections(chosen, targetText, s));
            WrittenDatabaseOptions.named(chosen, m);
            SourceLocation.Database targetDb = (SourceLocation.Database) VerifyCommand.location(targetText, s, "--target");
            if (!named) requireDemoWorld(s, targetDb.database());
            Map<String, SourceLocation> locations = WrittenDatabaseOptions.locations(chosen, s);
            BackfillOptions options = BackfillOptions.DEFAULT.withMaxRowsPerSecond(maxRowsPerSecond)
                    .withLockTimeout(Duration.ofMillis(Math.round(lockTimeout * 1000))).withPauseWhile(pauseWhile);
            List<BackfillSummary> done = run(new BackfillSpec(m, text, locations, targetDb, entities, options), System.out);
            System.out.println("backfill: " + done.size() + " entit" + (done.size() == 1 ? "y" : "ies") + " done");
            return ExitCode.OK;
        }
    }

    /** The backfill this command runs (quickstart's backfill step runs it too). */
    static List<BackfillSummary> run(BackfillSpec spec, PrintStream out) {
        return new BackfillRun(SparkSessions.getOrCreate("cutover backfill"), spec, out).run();
    }

    /** The local server is written only where it holds a world cutover demo made. */
    private static void requireDemoWorld(PostgresServer s, String database) {
        try (Connection admin = s.connect("postgres")) {
            if (!DemoWorld.isDemoDatabase(admin, database)) {
                throw CutoverException.configuration("--target db:" + database + ": no server named, and the local server's "
                        + database + " is not a demo world; name the server a backfill writes with --pg-url, $"
                        + ServerOptions.URL_VARIABLE + " or --pg-properties");
            }
        } catch (SQLException e) {
            throw CutoverException.failure("cannot check database " + database + " on " + s + ": " + PostgresServer.describe(e), e);
        }
    }

    /** The mapping file's text (the shipped one's resource): every checkpoint records its digest. */
    private String mappingText() {
        try {
            if (mappingFile.file != null) return Files.readString(mappingFile.file);
            return shippedMappingText();
        } catch (IOException e) {
            throw CutoverException.configuration("--mapping: cannot read " + mappingFile.file + ": " + e.getMessage());
        }
    }

    /** The shipped mapping's text, whose digest the checkpoints of a run on it record. */
    static String shippedMappingText() throws IOException {
        try (InputStream in = Mapping.class.getResourceAsStream("/io/cutover/mapping/" + Mapping.SHIPPED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

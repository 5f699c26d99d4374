package io.cutover.cli;

import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.watch.OldTables;
import io.cutover.watch.WatchReport;
import io.cutover.watch.WatchSpec;
import io.cutover.watch.WatchSpec.WatchedDatabase;
import io.cutover.watch.WriteWatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "watch-writes", mixinStandardHelpOptions = true,
        description = {"Watches the old tables of a live server for a window and says whether anything wrote to them, read-only.",
                "Reads pg_stat_user_tables (n_tup_ins, n_tup_upd, n_tup_del) every few seconds after pg_stat_clear_snapshot(), "
                        + "sums them interval by interval, and takes the last sample " + "11 s after the window, past the late "
                        + "flush of idle backends. A counter going down, a new pg_stat_database.stats_reset or "
                        + "pg_postmaster_start_time makes the table UNKNOWN (exit 1), never quiet. A table created, dropped "
                        + "or rewritten (relfilenode changed: TRUNCATE) during the window is reported. Cross-check no statistics "
                        + "reset undoes: rows whose xmin is newer than the window's start (tables up to 1 GiB; sees inserts "
                        + "and updates, not deletes).",
                "Default tables: those the mapping reads as old (every table of the reddit schema; the app schema's "
                        + "tables the mirror source names: channels_*, auth_user)."},
        footer = {"", "Exit codes: 0 nothing written, 1 written or unknown (named), 2 bad usage, 3 failure.",
                "Example: cutover watch-writes --for 10m --database reddit --database app"})
public final class WatchWritesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long to watch: 30s, 10m, 1h.")
    String window;

    @Option(names = {"-d", "--database"}, paramLabel = "[SCHEMA=]DB",
            description = "A database to watch; SCHEMA= says which of the mapping's schemas it holds (default: the schema "
                    + "named like it). Repeatable. Default: one database per database source, named as its schema.")
    List<String> databases = new ArrayList<>();

    @Option(names = "--tables", paramLabel = "GLOB", description = "Watch the tables matching this pattern (e.g. 'channels_*') "
            + "instead of the mapping's. Repeatable.")
    List<String> tables = new ArrayList<>();

    @Mixin
    MappingOption mappingFile;

    @Option(names = "--progress", paramLabel = "DURATION", defaultValue = "5s", description = "Progress every (default: ${DEFAULT-VALUE}).")
    String progress;

    @Override
    public Integer call() {
        Duration forWindow = WatchSpec.parseDuration(window);
        Map<String, Set<String>> old = OldTables.of(mappingFile.load());
        List<String> chosen = databases.isEmpty() ? List.copyOf(old.keySet()) : databases;
        List<WatchedDatabase> watched = new ArrayList<>();
        for (String d : chosen) {
            int eq = d.indexOf('=');
            String schema = eq < 0 ? d : d.substring(0, eq);
            String database = eq < 0 ? d : d.substring(eq + 1);
            Set<String> names = Set.of();
            if (tables.isEmpty()) {
                names = old.get(schema);
                if (names == null) {
                    throw CutoverException.configuration("--database " + d + ": the mapping has no database source with schema '"
                            + schema + "' (it has " + old.keySet() + "); write SCHEMA=DB or name tables with --tables");
                }
            }
            watched.add(new WatchedDatabase(database, names, List.copyOf(tables)));
        }
        WatchSpec watch = new WatchSpec(watched, forWindow, WatchSpec.parseDuration(progress));
        try (ServerInUse pg = server.openExisting("watch-writes reads an existing server")) {
            WatchReport report = WriteWatch.run(pg.server(), watch, CommandOutput.of(spec));
            return report.quiet() ? ExitCode.OK : ExitCode.DIFFERENCES;
        }
    }
}

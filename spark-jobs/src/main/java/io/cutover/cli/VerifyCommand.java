package io.cutover.cli;

import io.cutover.outcome.CutoverException;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.report.VerifyReportWriter;
import io.cutover.snapshot.ManifestFile;
import io.cutover.spark.SparkSessions;
import io.cutover.storage.Location;
import io.cutover.verify.Pushdown;
import io.cutover.verify.SourceLocation;
import io.cutover.verify.VerifyHistory;
import io.cutover.verify.VerifyJob;
import io.cutover.verify.VerifyReport;
import io.cutover.verify.VerifySpec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verifies the new discussions_* tables against the old data: every record exists and is accurate.",
                "Each side is a live database (read-only), a snapshot directory or a CSV export.",
                "Writes summary.json, report.html and differences/ (Parquet) to --out; exit 1 when it finds differences."},
        footer = {"", "Locations: db:<database> (on the --pg-url server), snapshot:<dir>/<database>, csv:<file>.",
                "Defaults (the demo world): --source reddit=db:reddit --source mirror=db:app "
                        + "--source votes=csv:demo-world/votes-export.csv --target db:app"})
public final class VerifyCommand implements Callable<Integer> {

    @Mixin
    MappingOption mappingFile;

    @Option(names = "--source", paramLabel = "NAME=LOCATION", description = "Where an old source of the mapping is (repeatable).")
    Map<String, String> sources = new LinkedHashMap<>();

    @Option(names = "--target", paramLabel = "LOCATION", defaultValue = "db:app", description = "Where the new tables are. Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--entity", paramLabel = "NAME", description = "Verify only these entities (repeatable).")
    List<String> entities = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME", description = "Only rows created or updated since TIME (ISO instant or date, UTC).")
    String since;

    @Option(names = "--recheck", paramLabel = "REPORT_DIR", description = "Re-verify only the keys an earlier report found different.")
    Location recheck;

    @Option(names = "--no-consistent-read", description = {
            "Read each query at its own moment instead of every live database inside one exported snapshot.",
            "For servers where a snapshot cannot be held (a pooler in transaction mode, a standby that cancels long queries)."})
    boolean noConsistentRead;

    @Option(names = "--settle", paramLabel = "SECONDS", description = {
            "After the run, read the differing keys again after SECONDS (in new snapshots) and label each difference",
            "transient (gone: a write in flight) or persistent; only persistent ones count for the exit code."})
    Integer settle;

    @Option(names = "--history", paramLabel = "DIR", description = {
            "Add this run (time, mode, persistent and transient differences per entity and source, rows read, wall time)",
            "to the history in DIR (one file per run under DIR/runs/); report.html then draws the differences over the runs."})
    Location history;

    @Mixin
    ReportDirectory out;

    @Option(names = "--export-cache", paramLabel = "DIR", description = {
            "Where CSV exports are kept parsed (Parquet), so that a run parses only the lines appended since the last;",
            "local, hdfs:// or s3a://. Default: export-cache beside the report directory. 'none': parse them whole."})
    String exportCache;

    @Option(names = "--max-differences", defaultValue = "0", paramLabel = "N", description = "Exit 0 up to N differences. Default: 0.")
    long maxDifferences;

    @Option(names = "--buckets", defaultValue = "65536", paramLabel = "N", description = "Hash buckets of the pre-pass. Default: ${DEFAULT-VALUE}.")
    int buckets;

    @Option(names = "--samples", defaultValue = "5", paramLabel = "N", description = "Samples per category and column. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--pushdown", paramLabel = "auto|on|off", defaultValue = "auto", description = {
            "Where a live PostgreSQL side's digests (keys and column hashes) are computed: on = in PostgreSQL,",
            "off = in Spark from whole rows read over JDBC, auto = on for a server elsewhere; for a server on",
            "this machine (it shares Spark's cores) per comparison: on where both sides are computed in",
            "PostgreSQL and no column is left per row, else off. Default: ${DEFAULT-VALUE}."})
    String pushdown;

    /** The spelling before --pushdown took a value; deprecated. */
    Pushdown pushdownByOldName;

    @Option(names = "--no-pushdown", hidden = true, description = "Deprecated: --pushdown off.")
    void noPushdown(boolean off) {
        OldSpelling.used(command, "--no-pushdown", "--pushdown off");
        pushdownByOldName = Pushdown.OFF;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() {
        mappingFile.requireReadable();
        Map<String, String> chosen = new LinkedHashMap<>(sources);
        if (chosen.isEmpty()) {
            chosen.put("reddit", "db:reddit");
            chosen.put("mirror", "db:app");
            if (Files.exists(Path.of("demo-world/votes-export.csv"))) chosen.put("votes", "csv:demo-world/votes-export.csv");
        }
        boolean needsServer = chosen.values().stream().anyMatch(v -> v.startsWith("db:")) || target.startsWith("db:");
        if (recheck != null && (!recheck.resolve("differences").isDirectoryQuietly() || !recheck.resolve("summary.json").isFileQuietly())) {
            throw CutoverException.configuration("--recheck " + recheck + ": not a verify report (it needs summary.json and differences/)");
        }
        if (settle != null && (settle < 0 || settle > 3600)) {
            throw CutoverException.configuration("--settle " + settle + ": expected seconds from 0 to 3600");
        }
        if (recheck != null && since != null) {
            throw CutoverException.configuration("--recheck and --since: give one (a recheck reads the keys of its report only)");
        }
        if (history != null) {
            try {
                history.mkdirs();
            } catch (java.io.IOException e) {
                throw CutoverException.configuration("--history " + history + ": cannot create it: " + e.getMessage());
            }
        }
        try (ServerInUse pg = needsServer ? server.openExisting("verify reads existing databases") : null) {
            PostgresServer s = pg == null ? null : pg.server();
            // after the server is open: a live: schema of the mapping is read over these connections
            Mapping m = mappingFile.load(new LiveCatalogConnections(chosen, target, s));
            for (String name : chosen.keySet()) {
                if (!m.sources().containsKey(name)) {
                    throw CutoverException.configuration("--source " + name + ": the mapping has no source '" + name
                            + "' (it has " + String.join(", ", m.sources().keySet()) + ")");
                }
            }
            Map<String, SourceLocation> locations = new LinkedHashMap<>();
            chosen.forEach((name, loc) -> locations.put(name, location(loc, s, "--source " + name)));
            VerifySpec spec = new VerifySpec(m, locations, location(target, s, "--target"), entities, parseSince(since),
                    recheck, out.dir(), maxDifferences, buckets, samples,
                    OldSpelling.value(command, "--pushdown", Pushdown.parse(pushdown, "--pushdown"), "--no-pushdown", pushdownByOldName),
                    !noConsistentRead,
                    settle == null ? null : java.time.Duration.ofSeconds(settle), history, exportCache(out.dir()));
            return run(spec, System.out);
        }
    }

    /** Runs a verify and writes its report; the exit code says whether differences were found. */
    public static int run(VerifySpec spec, PrintStream console) {
        VerifyReport report = new VerifyJob(SparkSessions.getOrCreate("cutover verify"), spec, console).run();
        VerifyHistory.Read runs = spec.history() == null ? null : history(new VerifyHistory(spec.history()), console);
        VerifyReportWriter.write(report, VerifyReportWriter.mappingDigest(spec.mapping()), spec.outputDir(), runs);
        VerifyReportWriter.printConsole(report, spec.outputDir(), console);
        return report.exitCode();
    }

    /** The runs so far, this one included; a line that cannot be read is named and left out, not fatal. */
    private static VerifyHistory.Read history(VerifyHistory history, PrintStream console) {
        try {
            VerifyHistory.Read runs = history.read();
            for (String line : runs.skipped()) console.println("history: skipped " + line);
            return runs;
        } catch (java.io.IOException e) {
            // The run is in the history already; only the report's chart is lost.
            console.println("history: cannot read " + history + " (" + e.getMessage() + "): the report has no chart over the runs");
            return null;
        }
    }

    /** --export-cache: the directory named, none, or export-cache beside the report directory. */
    private Location exportCache(Location report) {
        if ("none".equals(exportCache)) return null;
        return exportCache != null ? Location.of(exportCache) : report.sibling("export-cache");
    }

    static SourceLocation location(String text, PostgresServer server, String option) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? "" : text.substring(0, colon);
        String where = colon < 0 ? "" : text.substring(colon + 1);
        if (where.isEmpty()) throw CutoverException.configuration(option + ": expected db:<database>, snapshot:<dir> or csv:<file>, got '" + text + "'");
        return switch (kind) {
            case "db" -> new SourceLocation.Database(server, where);
            case "snapshot" -> {
                Location dir = Location.of(where);
                if (!dir.isDirectoryQuietly()) throw CutoverException.configuration(option + ": no snapshot directory " + where);
                // Only a committed snapshot is read, and only the files its manifest names (docs/snapshot.md).
                if (!ManifestFile.isCommitted(dir.parent())) {
                    throw CutoverException.configuration(option + ": " + new ManifestFile.IncompleteSnapshotException(dir.parent()).getMessage());
                }
                yield new SourceLocation.Snapshot(dir);
            }
            case "csv" -> {
                if (!Location.of(where).isFileQuietly()) throw CutoverException.configuration(option + ": cannot read " + where);
                yield new SourceLocation.CsvFile(Location.of(where));
            }
            default -> throw CutoverException.configuration(option + ": unknown kind '" + kind + "' (db, snapshot, csv)");
        };
    }

    static Instant parseSince(String text) {
        if (text == null) return null;
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw CutoverException.configuration("--since: '" + text + "' is neither a date (2020-01-31) nor an instant (2020-01-31T12:00:00Z)");
        }
    }
}

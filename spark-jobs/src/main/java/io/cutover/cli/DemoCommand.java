package io.cutover.cli;

import io.cutover.outcome.ExitCode;
import io.cutover.outcome.CutoverException;
import io.cutover.demo.DemoReport;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoSummary;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.Design;
import io.cutover.demo.NewTables;
import io.cutover.demo.Scale;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generates the demo migration world: the Reddit backend (database reddit), the old mirror "
                + "channels_* and the new discussions_* tables (database app), and a vote export CSV.",
                "With --faults N, damages N rows of each fault kind and writes ground-truth.json."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--scale", defaultValue = "tiny", paramLabel = "SCALE",
            description = "tiny (~50 posts), small (~20k posts, ~200k comments, ~1M votes), "
                    + "large (~1M posts, ~10M comments, ~20M votes). Default: ${DEFAULT-VALUE}.")
    Scale scale;

    @Option(names = "--seed", defaultValue = "42", description = "Same seed, scale and --as-of, same bytes. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "The day the world's timeline ends (YYYY-MM-DD), with activity every day up to it, so that "
                    + "queries over the last 30 days find some. Default: today (UTC). Same seed, scale and --as-of, same bytes.")
    LocalDate asOf;

    @Option(names = "--faults", defaultValue = "0", paramLabel = "N", description = "Faults injected per kind. Default: 0.")
    int faults;

    @Option(names = "--new-tables", defaultValue = "all", paramLabel = "STAGE",
            description = {"How far the migration's silo order (channels, posts, comments, then votes and comment trees) "
                    + "has filled the new tables: none, channels, posts, comments or all. The entities after it are created "
                    + "empty, with their keys, indexes and identities, for a backfill to fill; faults go only into entities "
                    + "already there. Default: ${DEFAULT-VALUE}."})
    String newTables;

    @Option(names = "--design", defaultValue = "2020", paramLabel = "YEAR",
            description = {"The target design the world is built to: 2020 (new discussions_* tables beside the channels_* mirror) "
                    + "or 2025 (channels_* archived in place: reddit_id, parent_reddit_id, cached_plain_text, archived_on and "
                    + "channels_commenttreenode; no discussions_* tables). Its mapping: open-discussions.yaml or "
                    + "open-discussions-2025.yaml. With 2025, --new-tables none leaves the added columns NULL and the tree empty. "
                    + "Default: ${DEFAULT-VALUE}."})
    String design;

    @Option(names = "--unordered-comment-ids",
            description = "Draw sibling comments' times against their ids (the first id gets the last time), so that a sort by "
                    + "time is no sort by id.")
    boolean unorderedCommentIds;

    @Option(names = "--out", defaultValue = "demo-world", paramLabel = "DIR",
            description = "Directory for votes-export.csv, ground-truth.json and world.json. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    DemoDatabases databases;

    @Option(names = "--replace", description = "Drop and regenerate demo databases that already exist (only ones cutover made).")
    boolean replace;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() {
        if (faults < 0) throw CutoverException.configuration("--faults must be 0 or more, got " + faults);
        DemoSpec spec = new DemoSpec(scale, seed, faults, databases.reddit(), databases.app(), out, replace, asOf == null ? DemoSpec.today() : asOf,
                NewTables.parse(newTables), Design.parse(design), unorderedCommentIds);
        try (ServerInUse pg = server.openKeeping()) {
            DemoReport report = DemoWorld.generate(pg.server(), spec, System.out);
            DemoSummary.print(report, spec, System.out);
        }
        return ExitCode.OK;
    }
}

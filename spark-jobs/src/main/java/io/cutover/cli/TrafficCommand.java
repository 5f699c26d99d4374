package io.cutover.cli;

import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.ServerInUse;
import io.cutover.postgres.ServerOptions;
import io.cutover.traffic.DualWrites;
import io.cutover.traffic.Phase;
import io.cutover.traffic.Traffic;
import io.cutover.traffic.TrafficSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "traffic", mixinStandardHelpOptions = true,
        description = {"Plays the app's writes against a world cutover demo made, as open-discussions does during the "
                + "migration: Reddit first, then the channels_* mirror and the discussions_* tables in one transaction; "
                + "votes are appended to the world's vote export.",
                "Writes a truth file naming every write lost or damaged on the new side (--lost), for verify to find."},
        footer = {"", "Example: cutover traffic --world demo-world --pg-url jdbc:postgresql://127.0.0.1:5432/ "
                + "--rate 100 --seconds 60 --lost 0.5"})
public final class TrafficCommand implements Callable<Integer> {

    @Option(names = "--world", required = true, paramLabel = "DIR",
            description = "The world's directory (cutover demo --out), holding votes-export.csv.")
    Path world;

    @Mixin
    DemoDatabases databases;

    @Option(names = "--phase", defaultValue = "dual", paramLabel = "PHASE",
            description = "dual (the migration's dual writes) or new-only (after the old writes are cut: only discussions_*). "
                    + "Default: ${DEFAULT-VALUE}.")
    String phase;

    @Option(names = "--rate", defaultValue = "10", paramLabel = "OPS_PER_S", description = "Writes per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--seconds", defaultValue = "30", paramLabel = "N", description = "How long to write. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--seed", defaultValue = "1", description = "Same seed and world, same writes. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--lost", defaultValue = "0", paramLabel = "PERCENT",
            description = "Dual writes that reach Reddit and the mirror but are lost or arrive wrong on the new side. Default: 0.")
    double lost;

    @Option(names = "--dual-write", defaultValue = "channel,post,comment,vote", paramLabel = "ENTITIES",
            description = {"The entities the app already writes to the new tables too, in the silo order: some of channel,"
                    + " post, comment, vote (comma-separated), or none. A write to another entity goes to the old side only"
                    + " (Reddit, the mirror, the vote export); an edit of a row the backfill has not reached yet changes"
                    + " 0 new rows, as the app's UPDATE would. Default: ${DEFAULT-VALUE}."})
    String dualWrite;

    @Option(names = "--lag", defaultValue = "0", paramLabel = "MS",
            description = "Delay of the app's transaction (mirror and new tables) after Reddit's write. Default: 0.")
    long lag;

    @Option(names = "--truth", paramLabel = "FILE", description = "Truth file. Default: DIR/" + TrafficSpec.TRUTH_FILE + ".")
    Path truth;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() {
        TrafficSpec spec = new TrafficSpec(world, databases.reddit(), databases.app(), Phase.parse(phase), rate, seconds, seed, lost,
                lag, truth, DualWrites.parse(dualWrite));
        if (!server.named()) {
            throw CutoverException.configuration("--pg-url: name the server that holds the world (a throwaway server has none)");
        }
        try (ServerInUse pg = server.openExisting("traffic writes to an existing demo world")) {
            Traffic.start(pg.server(), spec, System.out).awaitDone();
        }
        return ExitCode.OK;
    }
}

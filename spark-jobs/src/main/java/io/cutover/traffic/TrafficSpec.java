package io.cutover.traffic;

import io.cutover.demo.DemoSpec;
import io.cutover.outcome.CutoverException;
import java.nio.file.Path;

/**
 * One run of dual-write traffic against a demo world: where the world is (its out directory,
 * holding the vote export, and its two databases), which writes ({@code phase}), how many
 * ({@code rate} writes per second for {@code seconds}), the seed that fixes their sequence,
 * the share lost or damaged on the new side ({@code lostPercent}), the delay of the app's
 * transaction after Reddit's ({@code lagMillis}), the truth file, and the entities the app already
 * dual-writes ({@link DualWrites}; all when null). Bad values are usage errors naming the option.
 */
public record TrafficSpec(Path world, String redditDatabase, String appDatabase, Phase phase, double rate,
                          double seconds, long seed, double lostPercent, long lagMillis, Path truthFile, DualWrites dualWrites) {

    public static final String TRUTH_FILE = "traffic-truth.json";
    static final double MAX_RATE = 10_000;
    static final double MAX_SECONDS = 86_400;
    static final long MAX_LAG_MILLIS = 600_000;

    public TrafficSpec {
        if (world == null) throw CutoverException.configuration("--world: name the directory of a world made by cutover demo");
        if (phase == null) phase = Phase.DUAL;
        if (dualWrites == null) dualWrites = DualWrites.ALL;
        if (phase == Phase.NEW_ONLY && !dualWrites.everything()) {
            throw CutoverException.configuration("--dual-write " + dualWrites.id() + ": with --phase new-only the old writes are"
                    + " cut, so every entity is written to the new tables");
        }
        if (redditDatabase == null) redditDatabase = DemoSpec.DEFAULT_REDDIT_DATABASE;
        if (appDatabase == null) appDatabase = DemoSpec.DEFAULT_APP_DATABASE;
        if (redditDatabase.equals(appDatabase)) {
            throw CutoverException.configuration("--reddit-db and --app-db must differ, both are '" + appDatabase + "'");
        }
        if (!(rate > 0) || rate > MAX_RATE) {
            throw CutoverException.configuration("--rate must be more than 0 and at most " + (long) MAX_RATE
                    + " writes per second, got " + rate);
        }
        if (!(seconds > 0) || seconds > MAX_SECONDS) {
            throw CutoverException.configuration("--seconds must be more than 0 and at most " + (long) MAX_SECONDS + ", got " + seconds);
        }
        if (!(lostPercent >= 0 && lostPercent <= 100)) {
            throw CutoverException.configuration("--lost must be a percentage from 0 to 100, got " + lostPercent);
        }
        if (lostPercent > 0 && phase == Phase.NEW_ONLY) {
            throw CutoverException.configuration("--lost " + lostPercent + ": only a dual write can be lost on the new side;"
                    + " with --phase new-only every write is new-only already");
        }
        if (lagMillis < 0 || lagMillis > MAX_LAG_MILLIS) {
            throw CutoverException.configuration("--lag must be from 0 to " + MAX_LAG_MILLIS + " ms, got " + lagMillis);
        }
        if (truthFile == null) truthFile = world.resolve(TRUTH_FILE);
        if (plannedWrites(rate, seconds) > 50_000_000L) {
            throw CutoverException.configuration("--rate " + rate + " for --seconds " + seconds + " plans more than 50,000,000 writes");
        }
    }

    public TrafficSpec(Path world, String redditDatabase, String appDatabase, Phase phase, double rate, double seconds,
                       long seed, double lostPercent, long lagMillis, Path truthFile) {
        this(world, redditDatabase, appDatabase, phase, rate, seconds, seed, lostPercent, lagMillis, truthFile, DualWrites.ALL);
    }

    /** Dual writes at {@code rate} for {@code seconds} against a world {@code cutover demo} made. */
    public static TrafficSpec of(DemoSpec world, double rate, double seconds, long seed) {
        return new TrafficSpec(world.outputDir(), world.redditDatabase(), world.appDatabase(), Phase.DUAL, rate, seconds,
                seed, 0, 0, null);
    }

    public TrafficSpec withPhase(Phase p) {
        return new TrafficSpec(world, redditDatabase, appDatabase, p, rate, seconds, seed, lostPercent, lagMillis, truthFile, dualWrites);
    }

    public TrafficSpec withLost(double percent) {
        return new TrafficSpec(world, redditDatabase, appDatabase, phase, rate, seconds, seed, percent, lagMillis, truthFile, dualWrites);
    }

    public TrafficSpec withLag(long millis) {
        return new TrafficSpec(world, redditDatabase, appDatabase, phase, rate, seconds, seed, lostPercent, millis, truthFile, dualWrites);
    }

    public TrafficSpec withTruthFile(Path file) {
        return new TrafficSpec(world, redditDatabase, appDatabase, phase, rate, seconds, seed, lostPercent, lagMillis, file, dualWrites);
    }

    public TrafficSpec withDualWrites(DualWrites entities) {
        return new TrafficSpec(world, redditDatabase, appDatabase, phase, rate, seconds, seed, lostPercent, lagMillis, truthFile,
                entities);
    }

    public Path voteExport() {
        return world.resolve("votes-export.csv");
    }

    /** How many writes the run makes when nothing stops it early. */
    public long plannedWrites() {
        return plannedWrites(rate, seconds);
    }

    private static long plannedWrites(double rate, double seconds) {
        return Math.max(1, Math.round(rate * seconds));
    }
}

package io.cutover.demo;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What demo world to make: its size, seed and injected faults, the day its timeline ends (as of),
 * where its two databases go, the directory for the vote export and the ground truth, and how far
 * the silo order has filled the new tables ({@link NewTables}; {@code ALL} when null), the target
 * {@link Design} (2020 when null) and whether comment ids go against {@code created_on} among
 * siblings (their times drawn in the reverse order of their ids: a sort by time is then no sort by id).
 */
public record DemoSpec(Scale scale, long seed, int faultsPerKind, String redditDatabase, String appDatabase,
                       Path outputDir, boolean replace, LocalDate asOf, NewTables newTables, Design design,
                       boolean unorderedCommentIds) {

    public static final String DEFAULT_REDDIT_DATABASE = "reddit";
    public static final String DEFAULT_APP_DATABASE = "app";

    public DemoSpec {
        if (scale == null) throw new IllegalArgumentException("scale is required");
        if (asOf == null) throw new IllegalArgumentException("the as-of date is required");
        if (newTables == null) newTables = NewTables.ALL;
        if (design == null) design = Design.D2020;
        if (faultsPerKind < 0) throw new IllegalArgumentException("faults per kind must be 0 or more, got " + faultsPerKind);
        if (redditDatabase.equals(appDatabase)) {
            throw new IllegalArgumentException("the reddit and app databases must differ, both are '" + appDatabase + "'");
        }
    }

    /** A world of the 2020 design, comment ids in time order. */
    public DemoSpec(Scale scale, long seed, int faultsPerKind, String redditDatabase, String appDatabase,
                    Path outputDir, boolean replace, LocalDate asOf, NewTables newTables) {
        this(scale, seed, faultsPerKind, redditDatabase, appDatabase, outputDir, replace, asOf, newTables, Design.D2020, false);
    }

    /** A world whose new tables hold everything (the end of the silo order). */
    public DemoSpec(Scale scale, long seed, int faultsPerKind, String redditDatabase, String appDatabase,
                    Path outputDir, boolean replace, LocalDate asOf) {
        this(scale, seed, faultsPerKind, redditDatabase, appDatabase, outputDir, replace, asOf, NewTables.ALL);
    }

    public static DemoSpec of(Scale scale, long seed, int faultsPerKind, Path outputDir) {
        return new DemoSpec(scale, seed, faultsPerKind, DEFAULT_REDDIT_DATABASE, DEFAULT_APP_DATABASE, outputDir, false, today());
    }

    /** The default end of a world's timeline: today in UTC, so that "the last 30 days" hold activity. */
    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    public DemoSpec asOf(LocalDate day) {
        return new DemoSpec(scale, seed, faultsPerKind, redditDatabase, appDatabase, outputDir, replace, day, newTables, design, unorderedCommentIds);
    }

    public DemoSpec withDatabases(String reddit, String app) {
        return new DemoSpec(scale, seed, faultsPerKind, reddit, app, outputDir, replace, asOf, newTables, design, unorderedCommentIds);
    }

    public DemoSpec withOutputDir(Path dir) {
        return new DemoSpec(scale, seed, faultsPerKind, redditDatabase, appDatabase, dir, replace, asOf, newTables, design, unorderedCommentIds);
    }

    public DemoSpec replacing() {
        return new DemoSpec(scale, seed, faultsPerKind, redditDatabase, appDatabase, outputDir, true, asOf, newTables, design, unorderedCommentIds);
    }

    public DemoSpec withNewTables(NewTables stage) {
        return new DemoSpec(scale, seed, faultsPerKind, redditDatabase, appDatabase, outputDir, replace, asOf, stage, design, unorderedCommentIds);
    }

    public DemoSpec withDesign(Design other) {
        return new DemoSpec(scale, seed, faultsPerKind, redditDatabase, appDatabase, outputDir, replace, asOf, newTables, other,
                unorderedCommentIds);
    }

    /** The same world with comment times drawn against the ids among siblings. */
    public DemoSpec withUnorderedCommentIds() {
        return new DemoSpec(scale, seed, faultsPerKind, redditDatabase, appDatabase, outputDir, replace, asOf, newTables, design,
                true);
    }

    public Path voteExport() {
        return outputDir.resolve("votes-export.csv");
    }

    public Path groundTruth() {
        return outputDir.resolve("ground-truth.json");
    }
}

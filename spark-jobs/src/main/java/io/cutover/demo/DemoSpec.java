package io.cutover.demo;

import java.nio.file.Path;

/**
 * What demo world to make: its size, seed and injected faults, where its two databases go, and
 * the directory for the vote export and the ground truth.
 */
public record DemoSpec(Scale scale, long seed, int faultsPerKind, String redditDatabase, String appDatabase,
                       Path outputDir, boolean replace) {

    public static final String DEFAULT_REDDIT_DATABASE = "reddit";
    public static final String DEFAULT_APP_DATABASE = "app";

    public DemoSpec {
        if (scale == null) throw new IllegalArgumentException("scale is required");
        if (faultsPerKind < 0) throw new IllegalArgumentException("faults per kind must be 0 or more, got " + faultsPerKind);
        if (redditDatabase.equals(appDatabase)) {
            throw new IllegalArgumentException("the reddit and app databases must differ, both are '" + appDatabase + "'");
        }
    }

    public static DemoSpec of(Scale scale, long seed, int faultsPerKind, Path outputDir) {
        return new DemoSpec(scale, seed, faultsPerKind, DEFAULT_REDDIT_DATABASE, DEFAULT_APP_DATABASE, outputDir, false);
    }

    public DemoSpec withDatabases(String reddit, String app) {
        return new DemoSpec(scale, seed, faultsPerKind, reddit, app, outputDir, replace);
    }

    public DemoSpec replacing() {
        return new DemoSpec(scale, seed, faultsPerKind, redditDatabase, appDatabase, outputDir, true);
    }

    public Path voteExport() {
        return outputDir.resolve("votes-export.csv");
    }

    public Path groundTruth() {
        return outputDir.resolve("ground-truth.json");
    }
}

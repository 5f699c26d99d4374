package io.cutover.cli;

import io.cutover.demo.DemoSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The two databases of a demo world, {@code --reddit-db} and {@code --app-db}: where
 * {@code cutover demo} makes them and where {@code cutover traffic} finds them.
 */
public final class DemoDatabases {
    private static final String REDDIT = "--reddit-db";
    private static final String APP = "--app-db";
    private static final String OLD_REDDIT = "--reddit-database";
    private static final String OLD_APP = "--app-database";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = REDDIT, paramLabel = "DB", defaultValue = DemoSpec.DEFAULT_REDDIT_DATABASE,
            description = "The world's Reddit backend database. Default: ${DEFAULT-VALUE}.")
    String reddit;

    @Option(names = APP, paramLabel = "DB", defaultValue = DemoSpec.DEFAULT_APP_DATABASE,
            description = "The world's app database (the channels_* mirror and the discussions_* tables). Default: ${DEFAULT-VALUE}.")
    String app;

    private String redditByOldName;
    private String appByOldName;

    @Option(names = OLD_REDDIT, paramLabel = "DB", hidden = true, description = "Deprecated: " + REDDIT + ".")
    void redditDatabase(String name) {
        OldSpelling.used(command, OLD_REDDIT, REDDIT);
        redditByOldName = name;
    }

    @Option(names = OLD_APP, paramLabel = "DB", hidden = true, description = "Deprecated: " + APP + ".")
    void appDatabase(String name) {
        OldSpelling.used(command, OLD_APP, APP);
        appByOldName = name;
    }

    public String reddit() {
        return OldSpelling.value(command, REDDIT, reddit, OLD_REDDIT, redditByOldName);
    }

    public String app() {
        return OldSpelling.value(command, APP, app, OLD_APP, appByOldName);
    }
}

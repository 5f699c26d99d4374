package io.cutover.cli;

import io.cutover.storage.Location;
import picocli.CommandLine.Option;

/**
 * {@code --out DIR} where it means the directory a command writes its report into (local,
 * file:, hdfs://, s3a://...). The default is named after the command ({@code verify-report}),
 * so that two commands' reports never land in one directory.
 */
public final class ReportDirectory {
    @Option(names = "--out", defaultValue = "${COMMAND-NAME}-report", paramLabel = "DIR",
            description = "Report directory. Default: ${DEFAULT-VALUE}.")
    Location dir;

    public Location dir() {
        return dir;
    }
}

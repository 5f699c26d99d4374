package io.cutover.outcome;

/** The exit codes every subcommand uses, so that CI can tell findings from breakage. */
public final class ExitCode {
    public static final int OK = 0;
    /** The job ran and found differences (or more than it was told to accept). */
    public static final int DIFFERENCES = 1;
    /** Bad usage or configuration: nothing was done. */
    public static final int USAGE = 2;
    /** The job failed while running: a database went away, a file could not be written. */
    public static final int FAILURE = 3;

    private ExitCode() {}
}

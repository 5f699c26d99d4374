package io.cutover.outcome;

/**
 * An error the user can act on: its message is printed as is (no stack trace) and its exit
 * code is the process's. Messages never carry credentials.
 */
public class CutoverException extends RuntimeException {
    private final int exitCode;

    private CutoverException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Bad usage or configuration (exit 2): nothing was started. */
    public static CutoverException configuration(String message) {
        return new CutoverException(ExitCode.USAGE, message, null);
    }

    /** A failure while running (exit 3). */
    public static CutoverException failure(String message, Throwable cause) {
        return new CutoverException(ExitCode.FAILURE, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}

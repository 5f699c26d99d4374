package io.cutover.cli;

import io.cutover.outcome.CutoverException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * An option's spelling from before the command line settled on one convention (a demo world's
 * databases {@code --reddit-db}/{@code --app-db}, bi-check's {@code --old-db}/{@code --new-db}).
 * It keeps working for one release so that scripts do not break at once, and says on stderr
 * what to write instead. The old spelling is a hidden option of its own: picocli does not tell
 * which alias of an option was typed.
 */
final class OldSpelling {
    private OldSpelling() {}

    /** Says on the command's stderr that {@code old} is deprecated; called as the old spelling is parsed. */
    static void used(CommandSpec command, String old, String now) {
        PrintWriter err = command.commandLine().getErr();
        err.println("cutover " + command.name() + ": " + old + " is deprecated, use " + now);
        err.flush();
    }

    /**
     * The value given under either spelling: {@code byOld} when the old one was used (null when
     * not), else {@code value} (given or the default). Both at once is a usage error, since
     * neither could be said to win.
     */
    static <T> T value(CommandSpec command, String now, T value, String old, T byOld) {
        if (byOld == null) return value;
        if (command.commandLine().getParseResult().hasMatchedOption(now)) {
            throw CutoverException.configuration(old + " and " + now + " name the same thing: give " + now + " only");
        }
        return byOld;
    }
}

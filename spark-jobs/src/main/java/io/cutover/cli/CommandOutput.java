package io.cutover.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The jobs print to a PrintStream; picocli gives each command a PrintWriter (which tests can
 * redirect). This bridges the two, line by line.
 */
final class CommandOutput {
    private CommandOutput() {}

    static PrintStream of(CommandLine.Model.CommandSpec spec) {
        PrintWriter w = spec.commandLine().getOut();
        OutputStream lines = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                line.write(b);
                if (b == '\n') flush();
            }

            @Override
            public synchronized void flush() {
                w.write(line.toString(StandardCharsets.UTF_8));
                w.flush();
                line.reset();
            }
        };
        return new PrintStream(lines, true, StandardCharsets.UTF_8);
    }
}

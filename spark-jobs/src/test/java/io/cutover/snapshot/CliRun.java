package io.cutover.snapshot;

import io.cutover.cli.Cutover;
import io.cutover.postgres.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the command line, with what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        CommandLine cmd = Cutover.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * Runs {@code command} against the test server, named by a properties file (credentials
     * never go on a command line).
     */
    static CliRun withServer(PostgresServer server, String command, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = command;
        all[1] = "--pg-properties";
        all[2] = propertiesFile(server, server.credentials().user()).toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return of(all);
    }

    static java.nio.file.Path propertiesFile(PostgresServer server, String user) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("cutover-test-pg", ".properties");
            file.toFile().deleteOnExit();
            java.nio.file.Files.writeString(file, "url=" + url(server) + "\nuser=" + user + "\n");
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The URL of the test server; the user comes from PGUSER or the properties, never the URL. */
    static String url(PostgresServer server) {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/";
    }
}

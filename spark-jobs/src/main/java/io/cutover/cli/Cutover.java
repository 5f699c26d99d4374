package io.cutover.cli;

import io.cutover.outcome.ExitCode;
import io.cutover.outcome.CutoverException;
import io.cutover.storage.Location;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cutover} command line: one entry point for local runs and for spark-submit. */
@Command(name = "cutover",
        mixinStandardHelpOptions = true,
        version = "cutover 0.1.0",
        description = "Snapshot, verify and port BI queries for the Reddit-backend to discussions_* migration.",
        subcommands = {PgCommand.class, DemoCommand.class, TrafficCommand.class, WatchWritesCommand.class, SnapshotCommand.class, RestoreCommand.class, VerifyCommand.class,
                BackfillCommand.class, RepairCommand.class,
                RewriteCommand.class, BiCheckCommand.class, QuickstartCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 differences found, 2 bad usage or configuration, 3 runtime failure."})
public final class Cutover implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code (tests call this rather than main). */
    public static int execute(String... args) {
        CommandLine cmd = commandLine();
        return cmd.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Cutover());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        // Paths of snapshots, reports and CSV files: local, file:, hdfs://, s3a://, ...
        cmd.registerConverter(Location.class, Location::of);
        cmd.setExecutionExceptionHandler(Cutover::handle);
        return cmd;
    }

    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof CutoverException ce) {
                err.println("cutover " + cmd.getCommandName() + ": " + ce.getMessage());
                if (System.getenv("CUTOVER_DEBUG") != null) ex.printStackTrace(err);
                err.flush();
                return ce.exitCode();
            }
        }
        err.println("cutover " + cmd.getCommandName() + ": failed: " + ex);
        ex.printStackTrace(err);
        err.flush();
        return ExitCode.FAILURE;
    }
}

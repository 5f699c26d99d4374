package io.cutover.cli;

import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.LocalPostgres;
import io.cutover.postgres.LocalPostgres.State;
import io.cutover.postgres.ServerOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cutover pg start | stop | status}: the local embedded PostgreSQL server that every
 * command given no server uses, with its data under {@code $CUTOVER_HOME/pg} (default
 * {@code ./.cutover/pg}).
 */
@Command(name = "pg", mixinStandardHelpOptions = true,
        description = {"The local PostgreSQL server (embedded binaries, nothing to install) that every command given no "
                + "server uses. Data in $" + LocalPostgres.HOME_VARIABLE + "/pg, default ./.cutover/pg."},
        subcommands = {PgCommand.Start.class, PgCommand.Stop.class, PgCommand.Status.class})
public final class PgCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name one of start, stop, status");
    }

    private static LocalPostgres local() {
        if (!ServerOptions.embeddedServerAvailable()) {
            throw CutoverException.configuration("cutover pg runs the embedded PostgreSQL of bin/cutover's build, which "
                    + "the job jar leaves out: on a cluster, name your server with --pg-url, $CUTOVER_PG_URL, "
                    + "spark.cutover.pg.url or a properties file");
        }
        return LocalPostgres.of(System.getenv());
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts the local server, detached: it runs until 'cutover pg stop'. Says so when it already runs.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LocalPostgres local = local();
            State before = local.state();
            if (before instanceof State.Running r) {
                out.println("cutover pg: already running at " + local.describe(r));
                out.flush();
                return ExitCode.OK;
            }
            if (before instanceof State.Stale stale) {
                out.println("cutover pg: a stale pid file (" + stale.why() + "): starting afresh");
            }
            State.Running r = local.start();
            out.println("cutover pg: started at " + local.describe(r));
            out.println("  log: " + local.log());
            out.println("  every command given no server now uses it; try 'cutover demo', then 'cutover bi-check'; "
                    + "'cutover pg stop' stops it");
            out.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops the local server (fast shutdown: sessions end, all data is kept). Nothing to do when it is not running.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LocalPostgres local = local();
            State before = local.stop();
            if (before instanceof State.Running r) {
                out.println("cutover pg: stopped the server at 127.0.0.1:" + r.port() + " (pid " + r.pid() + "); data kept in "
                        + local.dataDirectory());
            } else if (before instanceof State.Stale stale) {
                out.println("cutover pg: not running (a stale pid file: " + stale.why() + ")");
            } else {
                out.println("cutover pg: not running");
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Says whether the local server runs, where, and where its data is.",
                    "Exit 0 running, 1 not running."})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LocalPostgres local = local();
            State state = local.state();
            int code = ExitCode.DIFFERENCES;
            if (state instanceof State.Running r) {
                out.println("cutover pg: running at " + local.describe(r));
                code = ExitCode.OK;
            } else if (state instanceof State.Stale stale) {
                out.println("cutover pg: not running (a stale pid file: " + stale.why() + "; 'cutover pg start' replaces it)");
            } else {
                out.println("cutover pg: not running (data in " + local.directory() + "; 'cutover pg start')");
            }
            out.flush();
            return code;
        }
    }
}

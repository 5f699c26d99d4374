package io.cutover.postgres;

import io.cutover.outcome.CutoverException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded PostgreSQL server that {@code cutover pg start} leaves running for later commands:
 * the same binaries as {@link ThrowawayPostgres}, its data under {@code $CUTOVER_HOME/pg} (default
 * {@code ./.cutover/pg}). It outlives the command that started it (pg_ctl detaches the
 * postmaster), and PostgreSQL's own {@code postmaster.pid} is the record of it: a pid file is
 * believed only when that pid is a live postgres and the port it names answers with this data
 * directory, so a crashed server or a port since taken by another program reads as not running.
 */
public final class LocalPostgres {
    public static final String HOME_VARIABLE = "CUTOVER_HOME";
    private static final String USER = "postgres";

    private final Path directory;

    private LocalPostgres(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The local server of this environment: {@code $CUTOVER_HOME/pg}, else {@code ./.cutover/pg}. */
    public static LocalPostgres of(Map<String, String> env) {
        String home = env.get(HOME_VARIABLE);
        return new LocalPostgres((home == null || home.isBlank() ? Path.of(".cutover") : Path.of(home)).resolve("pg"));
    }

    /** What the pid file says, checked against the processes and the port. */
    public sealed interface State {
        /** No pid file: never started, or stopped cleanly. */
        record Stopped() implements State {}

        /** A pid file that does not describe this server any more (why says how). */
        record Stale(long pid, int port, String why) implements State {}

        record Running(long pid, int port) implements State {}
    }

    public Path directory() {
        return directory;
    }

    public Path dataDirectory() {
        return directory.resolve("data");
    }

    public Path log() {
        return directory.resolve("server.log");
    }

    /** The server to connect to on {@code port}: loopback, as the embedded binaries' superuser (trust). */
    public static PostgresServer server(int port) {
        return new PostgresServer("127.0.0.1", port, new Credentials(USER, null), "");
    }

    public State state() {
        Path pidFile = dataDirectory().resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return new State.Stopped();
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (IOException e) {
            throw CutoverException.failure("cannot read " + pidFile + ": " + e.getMessage(), e);
        }
        long pid;
        int port;
        try {
            pid = Long.parseLong(lines.get(0).strip());
            port = Integer.parseInt(lines.get(3).strip());
        } catch (RuntimeException e) {
            return new State.Stale(-1, -1, "unreadable pid file " + pidFile);
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) return new State.Stale(pid, port, "process " + pid + " is gone");
        String command = process.get().info().command().orElse("");
        if (!command.endsWith("/postgres")) {
            return new State.Stale(pid, port, "process " + pid + " is another program (" + command + ")");
        }
        String answering = dataDirectoryAt(port);
        if (answering == null) return new State.Stale(pid, port, "nothing answers as PostgreSQL on port " + port);
        if (!sameDirectory(Path.of(answering), dataDirectory())) {
            return new State.Stale(pid, port, "port " + port + " is another server's (data in " + answering + ")");
        }
        return new State.Running(pid, port);
    }

    /** The running server, if there is one. */
    public Optional<State.Running> running() {
        return state() instanceof State.Running r ? Optional.of(r) : Optional.empty();
    }

    /**
     * Starts the server unless it runs; returns it. A stale pid file is set aside: PostgreSQL
     * refuses to start while the pid it names is alive, even when that pid is some other program
     * now. The port is the last one used when it is free, else any free port.
     */
    public State.Running start() {
        State state = state();
        if (state instanceof State.Running r) return r;
        int port = -1;
        if (state instanceof State.Stale stale) {
            port = stale.port();
            if (stale.pid() < 0 || ProcessHandle.of(stale.pid()).filter(ProcessHandle::isAlive).isPresent()) {
                try {
                    Files.deleteIfExists(dataDirectory().resolve("postmaster.pid"));
                } catch (IOException e) {
                    throw CutoverException.failure("cannot remove the stale pid file in " + dataDirectory() + ": " + e.getMessage(), e);
                }
            }
        }
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres.Builder builder = EmbeddedSettings.builder()
                    .setDataDirectory(dataDirectory())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log().toFile()));
            if (port > 0 && portIsFree(port)) builder.setPort(port);
            // Not closed: closing would stop the server this command exists to leave running.
            EmbeddedPostgres started = builder.start();
            return running().orElseThrow(() -> CutoverException.failure("the local PostgreSQL server started on port "
                    + started.getPort() + " but does not answer; see " + log(), null));
        } catch (IOException | RuntimeException e) {
            if (e instanceof CutoverException ce) throw ce;
            throw CutoverException.failure("could not start the local PostgreSQL server in " + directory + ": "
                    + e.getMessage() + " (log: " + log() + ")", e);
        }
    }

    /**
     * Stops the running server with a fast shutdown (sessions are ended, everything written is
     * kept) and waits for it to exit; a stale pid file is left to PostgreSQL, which replaces it
     * on the next start. Returns the state before.
     */
    public State stop() {
        State state = state();
        if (!(state instanceof State.Running r)) return state;
        ProcessHandle postmaster = ProcessHandle.of(r.pid()).orElseThrow();
        // SIGINT is PostgreSQL's fast shutdown; pg_ctl would send the same, but refuses to run as root.
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(r.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
            if (kill.waitFor() != 0) throw new IOException("kill -INT " + r.pid() + " failed");
            postmaster.onExit().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw CutoverException.failure("the local PostgreSQL server (pid " + r.pid() + ") did not stop within 60 s; see " + log(), e);
        } catch (IOException | ExecutionException e) {
            throw CutoverException.failure("could not stop the local PostgreSQL server (pid " + r.pid() + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CutoverException.failure("interrupted while stopping the local PostgreSQL server (pid " + r.pid() + ")", e);
        }
        return state;
    }

    /** The data directory of the PostgreSQL server answering on {@code port} as our superuser, or null. */
    private static String dataDirectoryAt(int port) {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "5");
        p.setProperty("ApplicationName", "cutover pg");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('data_directory')")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One line for people: where the server is and where its data lives. */
    public String describe(State.Running r) {
        return "127.0.0.1:" + r.port() + " (pid " + r.pid() + "), data in " + dataDirectory();
    }
}

package io.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.postgres.LocalPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cutover pg start | stop | status} as a user runs them: each in a JVM of its own with
 * CUTOVER_HOME set, so the server must outlive the command that started it. The server is always
 * stopped afterwards, and killed by pid if stopping failed.
 */
class PgCommandTest {
    private static final Pattern AT = Pattern.compile("127\\.0\\.0\\.1:(\\d+) \\(pid (\\d+)\\)");

    @TempDir
    Path home;

    private final Set<Long> postmasters = new HashSet<>();

    private record Run(int exitCode, String out) {
        int port() {
            Matcher m = AT.matcher(out);
            assertTrue(m.find(), out);
            return Integer.parseInt(m.group(1));
        }

        long pid() {
            Matcher m = AT.matcher(out);
            assertTrue(m.find(), out);
            return Long.parseLong(m.group(2));
        }
    }

    private Run pg(String action) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Cutover.class.getName(), "pg", action));
        Path log = home.resolve("cli-" + action + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(LocalPostgres.HOME_VARIABLE, home.toString());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cutover pg " + action + " did not finish: " + Files.readString(log));
        }
        Run r = new Run(p.exitValue(), Files.readString(log));
        Matcher m = AT.matcher(r.out());
        if (m.find()) postmasters.add(Long.parseLong(m.group(2)));
        return r;
    }

    private LocalPostgres local() {
        return LocalPostgres.of(Map.of(LocalPostgres.HOME_VARIABLE, home.toString()));
    }

    @AfterEach
    void neverLeaveAServerRunning() {
        try {
            local().stop();
        } catch (RuntimeException e) {
            // killed below
        } finally {
            for (long pid : postmasters) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static int selectOne(int port) throws Exception {
        try (Connection c = LocalPostgres.server(port).connect("postgres");
             ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void startsOnceOutlivesItsCommandAndStopsCleanly() throws Exception {
        Run before = pg("status");
        assertEquals(1, before.exitCode(), before.out());
        assertTrue(before.out().contains("not running"), before.out());

        Run start = pg("start");
        assertEquals(0, start.exitCode(), start.out());
        assertTrue(start.out().contains("started at") && start.out().contains(home.resolve("pg").toString()), start.out());
        assertEquals(1, selectOne(start.port()), "the server outlives the JVM that started it");

        Run status = pg("status");
        assertEquals(0, status.exitCode(), status.out());
        assertEquals(start.pid(), status.pid(), status.out());

        Run again = pg("start");
        assertEquals(0, again.exitCode(), again.out());
        assertTrue(again.out().contains("already running"), again.out());
        assertEquals(start.pid(), again.pid(), "a second start starts nothing");

        Run stop = pg("stop");
        assertEquals(0, stop.exitCode(), stop.out());
        assertTrue(stop.out().contains("stopped"), stop.out());
        assertTrue(ProcessHandle.of(start.pid()).isEmpty(), "the postmaster is gone");
        assertTrue(Files.notExists(home.resolve("pg/data/postmaster.pid")), "a clean shutdown leaves no pid file");
        Run after = pg("status");
        assertEquals(1, after.exitCode(), after.out());
        assertTrue(pg("stop").out().contains("not running"));
    }

    @Test
    void aStalePidFileIsHandledWhenTheProcessIsGoneOrThePortTaken() throws Exception {
        Run start = pg("start");
        assertEquals(0, start.exitCode(), start.out());
        ProcessHandle postmaster = ProcessHandle.of(start.pid()).orElseThrow();
        postmaster.destroyForcibly();
        postmaster.onExit().get(30, TimeUnit.SECONDS);

        int lastPort;
        // The process is gone and another program listens on its port now.
        try (ServerSocket squatter = new ServerSocket(start.port(), 1, InetAddress.getLoopbackAddress())) {
            Run status = pg("status");
            assertEquals(1, status.exitCode(), status.out());
            assertTrue(status.out().contains("stale") && status.out().contains("is gone"), status.out());

            Run restart = pg("start");
            assertEquals(0, restart.exitCode(), restart.out());
            assertTrue(restart.out().contains("stale") && restart.out().contains("started at"), restart.out());
            assertNotEquals(start.port(), restart.port(), "the taken port is not reused");
            assertEquals(1, selectOne(restart.port()));
            assertEquals(0, pg("stop").exitCode());
            lastPort = restart.port();
        }

        // A pid file whose pid is alive but another program (pid reuse): PostgreSQL alone would refuse to start.
        long notPostgres = ProcessHandle.current().pid();
        Files.writeString(home.resolve("pg/data/postmaster.pid"), notPostgres + "\n" + home.resolve("pg/data") + "\n0\n" + lastPort + "\n/tmp\n");
        Run status = pg("status");
        assertEquals(1, status.exitCode(), status.out());
        assertTrue(status.out().contains("another program"), status.out());
        Run restart = pg("start");
        assertEquals(0, restart.exitCode(), restart.out());
        assertEquals(1, selectOne(restart.port()));
        assertEquals(0, pg("stop").exitCode());
    }
}

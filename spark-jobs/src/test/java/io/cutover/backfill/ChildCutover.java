package io.cutover.backfill;

import io.cutover.postgres.PostgresServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code cutover} command in a child JVM on the test's class path, its output kept as it comes,
 * that a test can kill with SIGKILL (no shutdown hook, no finally) at the moment it chooses.
 */
final class ChildCutover implements AutoCloseable {
    private final Process process;
    private final StringBuilder seen = new StringBuilder();
    private final Thread drain;

    private ChildCutover(Process process) {
        this.process = process;
        this.drain = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the child died: what it printed so far is kept
            }
        }, "child-cutover-output");
        drain.setDaemon(true);
        drain.start();
    }

    /** Starts {@code cutover args...}; Spark's scratch goes to {@code scratch}, which no killed child cleans. */
    static ChildCutover start(Path scratch, String pgUser, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || arg.startsWith("-Dio.netty")
                    || arg.startsWith("-Djdk.reflect")) {
                command.add(arg);
            }
        }
        // C1 only and serial GC: the child lives seconds, start-up dominates.
        command.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + scratch,
                "-Dspark.hadoop.hadoop.tmp.dir=" + scratch, "-cp", System.getProperty("java.class.path"), "io.cutover.cli.Cutover"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGUSER", pgUser);
        pb.environment().put("SPARK_LOCAL_DIRS", scratch.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return new ChildCutover(pb.start());
    }

    /** A properties file naming the test server (credentials never on a command line). */
    static Path serverProperties(PostgresServer server, Path dir) {
        try {
            Path file = dir.resolve("pg.properties");
            Files.writeString(file, "url=jdbc:postgresql://" + server.host() + ":" + server.port() + "/\nuser="
                    + server.credentials().user() + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, then waits for the child to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException("the child did not die");
        drain.join(5_000);
    }

    /** Waits for the child to exit by itself; its exit code. */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the child did not end within " + seconds + " s:\n" + output());
        }
        drain.join(5_000);
        return process.exitValue();
    }

    String output() {
        synchronized (seen) {
            return seen.toString();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }
}

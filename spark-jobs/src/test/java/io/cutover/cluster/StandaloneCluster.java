package io.cutover.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1: one Master and one Worker, started from the
 * Maven Spark jars (no Spark distribution needed). Closing it, or the end of the test JVM,
 * stops the daemons and the executors they started, by PID.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path dir;
    private final int masterPort;
    private final Process master;
    private final Process worker;
    private final Thread shutdownHook;

    private StandaloneCluster(Path dir, int masterPort, Process master, Process worker) {
        this.dir = dir;
        this.masterPort = masterPort;
        this.master = master;
        this.worker = worker;
        this.shutdownHook = new Thread(this::stop, "stop-standalone-cluster");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the Master and a Worker with {@code cores} cores and {@code memory} (e.g. "1g"), and waits until it registered. */
    static StandaloneCluster start(Path dir, int cores, String memory) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = freePort();
        // The REST submission server is off (it would take a fixed port); the web UIs take any free port.
        List<String> quiet = List.of("-Dspark.master.rest.enabled=false", "-Dspark.ui.showConsoleProgress=false");
        List<String> masterArgs = new ArrayList<>(quiet);
        masterArgs.addAll(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(freePort())));
        Process master = JavaProcess.start("512m", masterArgs, Map.of(), dir.resolve("master.log"));
        Process worker = null;
        try {
            waitFor(dir.resolve("master.log"), "I have been elected leader", master, Duration.ofSeconds(90));
            List<String> workerArgs = new ArrayList<>(quiet);
            workerArgs.addAll(List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", Integer.toString(cores), "--memory", memory, "--webui-port", Integer.toString(freePort()),
                    "--work-dir", dir.resolve("work").toString(), "spark://127.0.0.1:" + port));
            // The Worker builds each executor's classpath from SPARK_HOME/jars (else executors die
            // with "Library directory .../assembly/target/scala-2.13/jars does not exist"), and
            // without SPARK_SCALA_VERSION its command builder looks for a Spark build directory
            // ("Cannot find any build directories").
            Path sparkHome = SparkClasspath.sparkHome(dir.resolve("spark-home"));
            worker = JavaProcess.start("512m", workerArgs,
                    Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13"), dir.resolve("worker.log"));
            waitFor(dir.resolve("worker.log"), "Successfully registered with master", worker, Duration.ofSeconds(90));
            return new StandaloneCluster(dir, port, master, worker);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(worker);
            stop(master);
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    Path dir() {
        return dir;
    }

    /** The executor JVMs the Worker runs now (children of its process). */
    List<ProcessHandle> executors() {
        return worker.toHandle().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .toList();
    }

    /** The Worker's log, for failure messages. */
    String workerLog() {
        return tail(dir.resolve("worker.log"));
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to do
        }
    }

    private void stop() {
        stop(worker);
        stop(master);
    }

    /** Stops a process and everything it started, by PID: politely first, then forcibly. */
    static void stop(Process p) {
        if (p == null) return;
        List<ProcessHandle> all = new ArrayList<>(p.toHandle().descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                h.destroyForcibly();
            }
        }
    }

    static void waitFor(Path log, String line, Process p, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) return;
            if (!p.isAlive()) throw new IllegalStateException(log.getFileName() + ": exited " + p.exitValue() + "\n" + tail(log));
            Thread.sleep(200);
        }
        throw new IllegalStateException(log.getFileName() + ": no '" + line + "' after " + timeout + "\n" + tail(log));
    }

    static String tail(Path log) {
        try {
            if (!Files.exists(log)) return "(no " + log + ")";
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}

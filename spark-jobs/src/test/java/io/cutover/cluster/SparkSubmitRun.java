package io.cutover.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code spark-submit} of the job jar, as a user runs it: {@code SparkSubmit} in a child JVM
 * whose classpath is Spark's alone, so the jar must bring everything else.
 */
record SparkSubmitRun(int exitCode, String output, double seconds) {

    /** The job jar the build just made (package runs before the integration tests). */
    static Path jobJar() {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("spark-jobs-.*-job\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/spark-jobs-*-job.jar: run 'mvn verify', "
                            + "which packages it before the integration tests"))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static SparkSubmitRun submit(String master, List<String> conf, List<String> args, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        return await(launch(master, conf, args, env, log), log, started);
    }

    /** Starts a submission without waiting for it. */
    static Process launch(String master, List<String> conf, List<String> args, Map<String, String> env, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master,
                "--class", "io.cutover.cli.Cutover"));
        for (String c : conf) {
            cmd.add("--conf");
            cmd.add(c);
        }
        cmd.add(jobJar().toString());
        cmd.addAll(args);
        return JavaProcess.start("1g", cmd, env, log);
    }

    /** Waits for a launched submission (stopping it after 5 minutes) and returns what it did. */
    static SparkSubmitRun await(Process p, Path log, long startedNanos) throws IOException, InterruptedException {
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) throw new IllegalStateException("spark-submit still running after 5 minutes");
        } finally {
            StandaloneCluster.stop(p);
        }
        return new SparkSubmitRun(p.exitValue(), Files.readString(log), (System.nanoTime() - startedNanos) / 1e9);
    }
}

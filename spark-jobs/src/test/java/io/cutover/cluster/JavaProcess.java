package io.cutover.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A child JVM on the Spark classpath, with Spark's Java 17 flags, bound to loopback. */
final class JavaProcess {
    private JavaProcess() {}

    static Process start(String heap, List<String> mainAndArgs, Map<String, String> env, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        // Spark's scratch (block manager, shuffle, artifacts) next to the log rather than in /tmp: the
        // tests kill some of these processes, whose shutdown hooks then never remove it.
        Path scratch = Files.createDirectories(log.resolveSibling("tmp"));
        cmd.add("-Djava.io.tmpdir=" + scratch);
        cmd.addAll(JvmOptions.SPARK_OPENS);
        cmd.add("-cp");
        cmd.add(SparkClasspath.get());
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // Loopback only: the machine's other address may be unreachable or shared.
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOCAL_DIRS", scratch.toString());
        pb.environment().putAll(env);
        return pb.start();
    }
}

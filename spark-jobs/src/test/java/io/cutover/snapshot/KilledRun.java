package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code cutover} command in a child JVM, killed with SIGKILL (its PID, through the Process
 * handle) as soon as it prints a line containing {@code marker}: no shutdown hook, no finally.
 */
final class KilledRun {
    private KilledRun() {}

    /** What the child printed up to its death; its scratch (Spark's and Hadoop's) goes to {@code scratch}. */
    static String runUntil(String marker, Path scratch, String pgUser, List<String> cutoverArgs) throws Exception {
        return runUntil(marker, scratch, pgUser, List.of(), Map.of(), cutoverArgs);
    }

    /** As above, with system properties ({@code -Dk=v}) and environment variables added (a store's settings and keys). */
    static String runUntil(String marker, Path scratch, String pgUser, List<String> systemProperties, Map<String, String> env,
            List<String> cutoverArgs) throws Exception {
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
                "-Dspark.hadoop.hadoop.tmp.dir=" + scratch));
        command.addAll(systemProperties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.cutover.cli.Cutover"));
        command.addAll(cutoverArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGUSER", pgUser);
        pb.environment().put("SPARK_LOCAL_DIRS", scratch.toString());
        pb.environment().putAll(env);
        Process child = pb.start();
        StringBuilder seen = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.contains(marker)) break;
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not die");
        return seen.toString();
    }
}

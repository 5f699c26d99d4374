package io.cutover.cluster;

import java.lang.management.ManagementFactory;
import java.util.List;

/** The Java 17 flags Spark needs, as this test JVM got them from the build (surefire's argLine). */
final class JvmOptions {
    static final List<String> SPARK_OPENS = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
            .toList();

    private JvmOptions() {}
}

package io.cutover.snapshot;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM (user + sys, all threads, the local executors' included) for benchmarks
 * on a shared machine, where wall time says as much about the other work as about ours.
 */
final class ProcessCpu {
    private ProcessCpu() {}

    /** The process's CPU time so far, in nanoseconds; -1 where the JVM does not tell. */
    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The machine's load averages (Linux), e.g. "load 1.52 0.97 0.61", so that a figure says what it ran beside. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load " + f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "load n/a";
        }
    }
}

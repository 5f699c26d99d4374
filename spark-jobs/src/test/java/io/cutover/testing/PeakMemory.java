package io.cutover.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak memory of this JVM for benchmarks: heap pools' peaks and the process's peak resident set. */
public final class PeakMemory {
    private PeakMemory() {}

    public static long heapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak;
    }

    /** Starts the heap pools' peaks afresh, so that the next figure is one phase's own. */
    public static void resetHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
    }

    /** VmHWM from /proc (Linux), e.g. "2345678 kB"; "n/a" elsewhere. */
    public static String rss() {
        Path status = Path.of("/proc/self/status");
        try {
            if (!Files.exists(status)) return "n/a";
            return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM")).map(l -> l.substring(6).trim())
                    .findFirst().orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }

    public static String describe() {
        return String.format("peak heap %.0f MB, peak RSS %s (driver JVM, local executors included)", heapBytes() / 1e6, rss());
    }
}

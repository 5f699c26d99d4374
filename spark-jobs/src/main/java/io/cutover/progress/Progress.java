package io.cutover.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows done out of an expected total, with rate and ETA, printed at most every few seconds.
 * Thread-safe: writers add from any thread.
 */
public final class Progress {
    private final String label;
    private final String unit;
    private final long expected;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final long intervalNanos;
    private final double etaFrom;
    private volatile long lastPrintNanos = startNanos;

    public Progress(String label, long expected, PrintStream out) {
        this(label, expected, out, Duration.ofSeconds(5));
    }

    public Progress(String label, long expected, PrintStream out, Duration interval) {
        this(label, "rows", expected, out, interval);
    }

    /** {@code unit} names what is counted, e.g. "rows" or "comparisons". */
    public Progress(String label, String unit, long expected, PrintStream out, Duration interval) {
        this(label, unit, expected, out, interval, 0);
    }

    /**
     * {@code etaFrom}: the share of the total done before an ETA is shown, for work whose start
     * is slower per row than the rest (an ETA taken from it alone would be far off).
     */
    public Progress(String label, String unit, long expected, PrintStream out, Duration interval, double etaFrom) {
        this.label = label;
        this.unit = unit;
        this.expected = expected;
        this.out = out;
        this.intervalNanos = interval.toNanos();
        this.etaFrom = etaFrom;
    }

    public void add(long rows) {
        long now = done.addAndGet(rows);
        long t = System.nanoTime();
        if (t - lastPrintNanos >= intervalNanos) {
            synchronized (this) {
                if (t - lastPrintNanos >= intervalNanos) {
                    lastPrintNanos = t;
                    out.println(line(now, t));
                }
            }
        }
    }

    /** Prints where things stand now, whenever the last line was printed: a closing line. */
    public synchronized void printNow() {
        long t = System.nanoTime();
        lastPrintNanos = t;
        out.println(line(done.get(), t));
    }

    public long done() {
        return done.get();
    }

    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public double rowsPerSecond() {
        double s = seconds();
        return s <= 0 ? 0 : done.get() / s;
    }

    String line(long rows, long nowNanos) {
        double secs = (nowNanos - startNanos) / 1e9;
        double rate = secs <= 0 ? 0 : rows / secs;
        StringBuilder b = new StringBuilder("  ").append(label).append(": ").append(String.format("%,d", rows));
        if (expected > 0) {
            b.append(" / ").append(String.format("%,d", expected))
             .append(String.format(" (%.0f%%)", Math.min(100.0, 100.0 * rows / expected)));
        }
        b.append(rate >= 10 ? String.format(", %,.0f %s/s", rate, unit) : String.format(", %.2f %s/s", rate, unit));
        if (expected > 0 && rate > 0 && rows < expected && rows >= etaFrom * expected) {
            b.append(", ETA ").append(formatDuration((expected - rows) / rate));
        }
        return b.toString();
    }

    public static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}

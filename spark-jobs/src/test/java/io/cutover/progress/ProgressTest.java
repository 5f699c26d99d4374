package io.cutover.progress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true);

    @Test
    void anEtaAppearsOnlyOnceTheGivenShareIsDone() {
        long tenSecondsOn = System.nanoTime() + 10_000_000_000L;
        Progress early = new Progress("rows read", "rows", 1_000, out, Duration.ofSeconds(5), 0.1);
        String atFive = early.line(50, tenSecondsOn);
        assertTrue(atFive.startsWith("  rows read: 50 / 1,000 (5%), 5.00 rows/s"), atFive);
        assertFalse(atFive.contains("ETA"), atFive);
        String atTwenty = early.line(200, tenSecondsOn);
        assertTrue(atTwenty.contains(", ETA "), atTwenty);

        Progress plain = new Progress("rows loaded", 1_000, out);
        assertTrue(plain.line(50, tenSecondsOn).contains(", ETA 3m"), plain.line(50, tenSecondsOn));
        assertFalse(plain.line(1_000, tenSecondsOn).contains("ETA"), "done: no ETA");
    }
}

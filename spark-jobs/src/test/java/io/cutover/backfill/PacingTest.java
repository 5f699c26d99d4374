package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The token bucket and the chunk sizer on a clock that moves only when waited on, so every figure is exact. */
class PacingTest {

    /** A clock that stands still until something sleeps on it. */
    static final class ManualClock implements Pacing {
        long now;
        long slept;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
            slept += nanos;
        }
    }

    @Test
    void theThrottleHoldsTheLongRunRateToItsBound() throws InterruptedException {
        ManualClock clock = new ManualClock();
        Throttle throttle = new Throttle(1_000, clock);
        // The bucket starts with one second of rows: the first 1,000 go at once.
        assertEquals(0, throttle.acquire(1_000));
        // 10,000 more rows must take 10 s, whatever the chunk size.
        for (int i = 0; i < 40; i++) throttle.acquire(250);
        assertEquals(10.0, clock.slept / 1e9, 1e-6);
        // A chunk larger than the bucket waits for its whole debt.
        clock.slept = 0;
        throttle.acquire(3_000);
        assertEquals(3.0, clock.slept / 1e9, 1e-6);
    }

    @Test
    void timeSpentElsewhereEarnsTokensButNeverMoreThanOneSecondOfRows() throws InterruptedException {
        ManualClock clock = new ManualClock();
        Throttle throttle = new Throttle(100, clock);
        throttle.acquire(100);
        clock.now += 60_000_000_000L; // a minute paused: still only 100 rows of burst
        assertEquals(0, throttle.acquire(100));
        throttle.acquire(50);
        assertEquals(0.5, clock.slept / 1e9, 1e-6);
    }

    @Test
    void anUnboundedThrottleNeverWaits() throws InterruptedException {
        ManualClock clock = new ManualClock();
        Throttle throttle = new Throttle(0, clock);
        assertEquals(0, throttle.acquire(1_000_000));
        assertEquals(0, clock.slept);
    }

    @Test
    void theChunkSizeMovesTowardHalfASecondAtMostTwofoldPerChunkWithinItsBounds() {
        ChunkSizer sizer = ChunkSizer.DEFAULT;
        assertEquals(1_000, sizer.initial());
        assertEquals(2_000, sizer.next(1_000, Duration.ofMillis(50)));   // 10x too fast: doubles only
        assertEquals(1_250, sizer.next(1_000, Duration.ofMillis(400)));  // a little fast: scales by the rate
        assertEquals(1_000, sizer.next(1_000, Duration.ofMillis(500)));  // on target
        assertEquals(500, sizer.next(1_000, Duration.ofSeconds(30)));    // one very slow chunk: halves only
        assertEquals(100, sizer.next(150, Duration.ofSeconds(2)));       // never below the minimum
        assertEquals(50_000, sizer.next(40_000, Duration.ofMillis(10))); // never above the maximum
    }

    @Test
    void aRateBoundCapsTheChunkAtHalfASecondOfRows() {
        ChunkSizer capped = ChunkSizer.DEFAULT.boundedBy(400);
        assertEquals(200, capped.initial());
        assertEquals(200, capped.max());
        assertEquals(ChunkSizer.DEFAULT, ChunkSizer.DEFAULT.boundedBy(0));
        assertEquals(100, ChunkSizer.DEFAULT.boundedBy(10).max()); // not below the minimum
        assertThrows(IllegalArgumentException.class, () -> new ChunkSizer(10, 100, 1_000, Duration.ofMillis(500)));
    }
}

package io.cutover.backfill;

/**
 * Time as the backfill's pacing sees it: a monotonic clock and a way to wait. Production uses
 * the system's; tests pass a clock that advances when waited on, so rates are checked exactly.
 */
public interface Pacing {
    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;

    Pacing SYSTEM = new Pacing() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            if (nanos > 0) Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };
}

package io.cutover.demo;

import java.time.LocalDate;

/**
 * A world's time span, in microseconds: four years of posts ending with the as-of day (channels
 * and users come before); nothing happens after its end.
 */
record Timeline(long start, long end) {
    static final long SPAN_MICROS = 4L * 365 * 86_400 * 1_000_000;
    static final long DAY = 86_400L * 1_000_000;
    static final long HOUR = 3_600L * 1_000_000;

    /** The first post's earliest time, and the end of the as-of day (exclusive). */
    static Timeline endingOn(LocalDate asOf) {
        long end = asOf.plusDays(1).toEpochDay() * DAY;
        return new Timeline(end - SPAN_MICROS, end);
    }

    /** A time after the end of the as-of day moves to its last millisecond: the world has no future. */
    long beforeEnd(long micros) {
        return Math.min(micros, end - 1000);
    }

    /** Cassandra keeps vote times in milliseconds. */
    static long millis(long micros) {
        return micros - Math.floorMod(micros, 1000L);
    }
}

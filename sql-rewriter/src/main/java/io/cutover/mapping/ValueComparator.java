package io.cutover.mapping;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * How verify decides that an old and a new value are equal. {@code tolerance} is the
 * numeric one, {@code timeTolerance} and {@code truncate} the timestamp ones.
 */
public record ValueComparator(Kind kind, double tolerance, Duration timeTolerance, ChronoUnit truncate) {
    public enum Kind { EXACT, NUMERIC, TIMESTAMP, TRIM, CASE_INSENSITIVE, UNICODE_NFC, JSON }

    public static final ValueComparator EXACT = new ValueComparator(Kind.EXACT, 0, null, null);

    public static ValueComparator simple(Kind kind) {
        return new ValueComparator(kind, 0, null, null);
    }
}

package io.cutover.demo.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Fast, fixed-format UTC rendering of epoch microseconds: COPY's timestamptz text
 * ("2017-03-04 05:06:07.123456+00") and the vote export's ISO-8601 ("2017-03-04T05:06:07.123Z").
 */
public final class Timestamps {
    private Timestamps() {}

    public static void appendUtc(StringBuilder b, long epochMicros) {
        appendDateTime(b, epochMicros, ' ');
        appendDigits(b, (int) Math.floorMod(epochMicros, 1_000_000L), 6);
        b.append("+00");
    }

    public static String isoMillis(long epochMicros) {
        StringBuilder b = new StringBuilder(24);
        appendDateTime(b, epochMicros, 'T');
        appendDigits(b, (int) Math.floorMod(epochMicros, 1_000_000L) / 1000, 3);
        return b.append('Z').toString();
    }

    /** The instant as a JDBC value (a live write binds it). */
    public static OffsetDateTime utc(long epochMicros) {
        return OffsetDateTime.ofInstant(Instant.EPOCH.plusNanos(epochMicros * 1000), ZoneOffset.UTC);
    }

    /** Microseconds since the epoch (what every renderer takes) of an instant with no finer part. */
    public static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
    }

    /** Date, separator, time of day and the decimal point; the caller appends the fraction. */
    private static void appendDateTime(StringBuilder b, long epochMicros, char separator) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        int secOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        b.append(date.getYear()).append('-');
        appendDigits(b, date.getMonthValue(), 2);
        b.append('-');
        appendDigits(b, date.getDayOfMonth(), 2);
        b.append(separator);
        appendDigits(b, secOfDay / 3600, 2);
        b.append(':');
        appendDigits(b, (secOfDay / 60) % 60, 2);
        b.append(':');
        appendDigits(b, secOfDay % 60, 2);
        b.append('.');
    }

    private static void appendDigits(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) b.append('0');
        b.append(s);
    }
}

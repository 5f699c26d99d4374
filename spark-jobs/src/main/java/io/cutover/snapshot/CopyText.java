package io.cutover.snapshot;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats stored values as PostgreSQL's COPY text format reads them, so a restore puts back
 * exactly what was read: integers of microseconds and days become literal timestamps and dates
 * (BC years and ±infinity included), text-encoded types go back through their input
 * functions, floats as Java's round-trip decimal.
 */
final class CopyText {
    private CopyText() {}

    static void append(StringBuilder b, Object value, ColumnEncoding encoding) {
        if (value == null) {
            b.append("\\N");
            return;
        }
        switch (encoding) {
            case TIMESTAMPTZ_MICROS -> timestamp(b, ((Number) value).longValue(), true);
            case TIMESTAMP_MICROS -> timestamp(b, ((Number) value).longValue(), false);
            case DATE_DAYS -> date(b, ((Number) value).intValue());
            default -> plain(b, value);
        }
    }

    private static void plain(StringBuilder b, Object value) {
        if (value instanceof String s) {
            escape(b, s);
        } else if (value instanceof Boolean v) {
            b.append(v ? 't' : 'f');
        } else if (value instanceof byte[] bytes) {
            b.append("\\\\x");
            for (byte x : bytes) {
                b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
        } else {
            // Short, Integer, Long; Float and Double print NaN, Infinity and the shortest exact decimal.
            b.append(value);
        }
    }

    static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
    }

    static void timestamp(StringBuilder b, long micros, boolean withZone) {
        if (micros == ColumnEncoding.POSITIVE_INFINITY_MICROS) {
            b.append("infinity");
            return;
        }
        if (micros == ColumnEncoding.NEGATIVE_INFINITY_MICROS) {
            b.append("-infinity");
            return;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
        int year = t.getYear();
        pad(b, year <= 0 ? 1 - year : year, 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append(' ');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2).append('.');
        pad(b, t.getNano() / 1000, 6);
        if (withZone) b.append("+00");
        if (year <= 0) b.append(" BC");
    }

    static void date(StringBuilder b, int days) {
        if (days == ColumnEncoding.POSITIVE_INFINITY_DAYS) {
            b.append("infinity");
            return;
        }
        if (days == ColumnEncoding.NEGATIVE_INFINITY_DAYS) {
            b.append("-infinity");
            return;
        }
        LocalDate d = LocalDate.ofEpochDay(days);
        int year = d.getYear();
        pad(b, year <= 0 ? 1 - year : year, 4).append('-');
        pad(b, d.getMonthValue(), 2).append('-');
        pad(b, d.getDayOfMonth(), 2);
        if (year <= 0) b.append(" BC");
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) b.append('0');
        return b.append(s);
    }
}

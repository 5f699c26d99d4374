package io.cutover.snapshot;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats stored timestamps and dates as PostgreSQL's COPY text format reads them, so a restore
 * puts back exactly what was read: integers of microseconds and days become literal timestamps
 * and dates (BC years and ±infinity included). The other values: {@link CopyLoader}.
 */
final class CopyText {
    private CopyText() {}

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

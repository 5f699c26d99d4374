package io.cutover.backfill;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Rows as COPY's text format reads them. Text, not binary: PostgreSQL parses each value with the
 * staging column's own input function, so a row builder hands over plain Java values (a JSON
 * document as its text) without knowing each column's wire encoding.
 */
final class CopyTextRows {
    private CopyTextRows() {}

    static byte[] encode(List<Object[]> rows) {
        StringBuilder b = new StringBuilder(rows.size() * 128);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) b.append('\t');
                append(b, row[i]);
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void append(StringBuilder b, Object value) {
        if (value == null) {
            b.append("\\N");
        } else if (value instanceof String s) {
            escape(b, s);
        } else if (value instanceof Boolean v) {
            b.append(v ? 't' : 'f');
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            b.append(value);
        } else if (value instanceof BigDecimal d) {
            b.append(d.toPlainString());
        } else if (value instanceof OffsetDateTime t) {
            b.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
        } else if (value instanceof ZonedDateTime t) {
            b.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
        } else if (value instanceof Instant t) {
            b.append(t);
        } else if (value instanceof java.sql.Timestamp t) {
            b.append(t.toInstant());
        } else if (value instanceof LocalDateTime t) {
            b.append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
        } else if (value instanceof LocalDate d) {
            b.append(d);
        } else if (value instanceof java.sql.Date d) {
            b.append(d.toLocalDate());
        } else if (value instanceof byte[] bytes) {
            b.append("\\\\x");
            for (byte x : bytes) b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        } else {
            // Doubles and floats print the shortest decimal that reads back exactly (NaN, Infinity too).
            if (!(value instanceof Double || value instanceof Float)) {
                throw new IllegalArgumentException("a backfill row cannot carry a " + value.getClass().getName());
            }
            b.append(value);
        }
    }

    private static void escape(StringBuilder b, String s) {
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
}

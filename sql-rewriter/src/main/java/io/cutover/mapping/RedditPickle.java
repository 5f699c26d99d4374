package io.cutover.mapping;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The one pickled value kind the Reddit data tables hold in practice: a Python 2
 * {@code datetime.datetime} with pytz UTC, pickled with protocol 0 (e.g. {@code editted}).
 * Anything else is refused with the reason, never guessed.
 */
public final class RedditPickle {
    private static final String HEAD = "cdatetime\ndatetime\np1\n(S";
    private static final String TAIL = "\ncpytz\n_UTC\np2\n(tRp3\ntRp4\n.";

    private RedditPickle() {}

    public static String encodeDatetime(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        int micros = t.getNano() / 1000;
        byte[] state = {
            (byte) (t.getYear() >> 8), (byte) t.getYear(), (byte) t.getMonthValue(), (byte) t.getDayOfMonth(),
            (byte) t.getHour(), (byte) t.getMinute(), (byte) t.getSecond(),
            (byte) (micros >> 16), (byte) (micros >> 8), (byte) micros};
        return HEAD + pythonRepr(state) + TAIL;
    }

    public static Instant decodeDatetime(String pickle) {
        if (pickle == null || !pickle.startsWith(HEAD) || !pickle.endsWith(TAIL)) {
            throw new IllegalArgumentException("not a pickled UTC datetime: " + abbreviate(pickle));
        }
        byte[] s = unrepr(pickle.substring(HEAD.length(), pickle.length() - TAIL.length()));
        if (s.length != 10) throw new IllegalArgumentException("datetime state is " + s.length + " bytes, expected 10");
        int year = ((s[0] & 0xff) << 8) | (s[1] & 0xff);
        int micros = ((s[7] & 0xff) << 16) | ((s[8] & 0xff) << 8) | (s[9] & 0xff);
        return LocalDateTime.of(year, s[2], s[3], s[4], s[5], s[6], micros * 1000).toInstant(ZoneOffset.UTC);
    }

    /** Python 2's repr of a byte string: single quotes unless it holds ' and no ". */
    static String pythonRepr(byte[] bytes) {
        boolean hasSingle = false, hasDouble = false;
        for (byte b : bytes) {
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == quote || c == '\\') out.append('\\').append((char) c);
            else if (c == '\t') out.append("\\t");
            else if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c < 32 || c >= 127) out.append(String.format("\\x%02x", c));
            else out.append((char) c);
        }
        return out.append(quote).toString();
    }

    static byte[] unrepr(String quoted) {
        if (quoted.length() < 2) throw new IllegalArgumentException("bad pickled string");
        String body = quoted.substring(1, quoted.length() - 1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char n = body.charAt(++i);
            switch (n) {
                case 'x' -> {
                    out.write(Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 't' -> out.write('\t');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                default -> out.write(n);
            }
        }
        return out.toByteArray();
    }

    private static String abbreviate(String s) {
        if (s == null) return "null";
        String one = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace("\n", "\\n");
        return one.length() > 60 ? one.substring(0, 60) + "..." : one;
    }
}

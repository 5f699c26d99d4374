package io.cutover.mapping;

import java.util.Locale;
import java.util.Optional;

/**
 * Reddit's id encoding: a thing id in base 36 (digits then lower-case letters), and the
 * fullname {@code t<type>_<base36>} that names a thing across types.
 */
public final class Base36 {
    private Base36() {}

    /** The id as Reddit writes it: lowercase base36, no padding ({@code 0} is {@code "0"}). */
    public static String encode(long id) {
        if (id < 0) throw new IllegalArgumentException("Reddit ids are not negative: " + id);
        return Long.toString(id, 36);
    }

    /**
     * Decodes a base36 id; rejects empty, signed or non-base36 text rather than guessing, and
     * more than 12 digits (36^12 is far above any Reddit id; 13 could overflow a long).
     */
    public static long decode(String text) {
        if (text == null || text.isEmpty() || text.length() > 12) {
            throw new IllegalArgumentException("not a base36 id: '" + text + "'");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')) {
                throw new IllegalArgumentException("not a base36 id: '" + text + "'");
            }
        }
        return Long.parseLong(text.toLowerCase(Locale.ROOT), 36);
    }

    public static Optional<Long> tryDecode(String text) {
        try {
            return Optional.of(decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code fullname(3, 13368)} is {@code t3_abc}. */
    public static String fullname(int typeNumber, long id) {
        return "t" + typeNumber + "_" + encode(id);
    }
}

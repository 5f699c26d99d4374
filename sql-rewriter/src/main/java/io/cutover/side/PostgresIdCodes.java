package io.cutover.side;

import java.util.ArrayList;
import java.util.List;

/**
 * Reddit's id codes in plain PostgreSQL, value for value what {@code io.cutover.mapping.Base36}
 * and {@code Fullname} give in Spark (NULL where Spark's functions give NULL: text that is not an
 * id, a negative number). Plain expressions, not functions: verify reads databases it must never
 * write to, so it cannot create one. Ids have at most 12 base36 digits to decode (as
 * {@code Base36.decode} allows) and 13 to encode (the largest bigint), so both are unrolled over
 * fixed positions, in bigint arithmetic that cannot overflow.
 */
final class PostgresIdCodes {
    private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
    /** Spelled out rather than as ranges, which a regular expression may read through the collation. */
    private static final String ALPHANUMERIC = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DECIMAL = "0123456789";

    private PostgresIdCodes() {}

    static String print(SideExpr.IdCode code, String value) {
        return switch (code.kind()) {
            case BASE36_DECODE -> decode(value);
            case BASE36_ENCODE -> encode(value);
            case FULLNAME_ENCODE -> "('t" + code.typeNumber() + "_' || " + encode(value) + ")";
            case FULLNAME_DECODE -> fullnameId(value, code.typeNumber());
        };
    }

    /** Text of 1 to 12 base36 digits, either case, to its bigint; NULL otherwise. */
    static String decode(String text) {
        List<String> terms = new ArrayList<>();
        long weight = 1;
        for (int i = 12; i >= 1; i--) {
            terms.add(0, "(strpos('" + DIGITS + "', substr(cutover_b36.p, " + i + ", 1)) - 1)::bigint * " + weight);
            weight *= 36;
        }
        return "(SELECT CASE WHEN cutover_b36.v ~ '^[" + ALPHANUMERIC + "]{1,12}$' THEN " + String.join(" + ", terms)
                + " END FROM (SELECT cutover_t36.v, lpad(lower(cutover_t36.v), 12, '0') AS p FROM (SELECT (" + text
                + ")::text AS v) cutover_t36) cutover_b36)";
    }

    /** A bigint to its lowercase base36 text without leading zeros ({@code 0} is {@code '0'}); NULL when negative. */
    static String encode(String number) {
        List<String> digits = new ArrayList<>();
        long weight = 1;
        for (int i = 0; i <= 12; i++) {
            digits.add(0, "substr('" + DIGITS + "', (cutover_n36.n / " + weight + " % 36)::integer + 1, 1)");
            if (i < 12) weight *= 36;
        }
        return "(SELECT CASE WHEN cutover_n36.n >= 0 THEN coalesce(nullif(ltrim(" + String.join(" || ", digits)
                + ", '0'), ''), '0') END FROM (SELECT (" + number + ")::bigint AS n) cutover_n36)";
    }

    /**
     * A fullname {@code t<type>_<base36>} to its id when its type is {@code type} (written in
     * decimal digits, leading zeros allowed, as {@code Fullname.parse} reads it); NULL otherwise.
     */
    static String fullnameId(String text, int type) {
        String v = "cutover_f36.v";
        String underscore = "strpos(" + v + ", '_')";
        return "(SELECT CASE WHEN " + v + " ~ '^t[" + DECIMAL + "]+_' AND ltrim(substr(" + v + ", 2, " + underscore
                + " - 2), '0') = '" + type + "' THEN " + decode("substr(" + v + ", " + underscore + " + 1)")
                + " END FROM (SELECT (" + text + ")::text AS v) cutover_f36)";
    }
}

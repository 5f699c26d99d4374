package io.cutover.verify;

import io.cutover.mapping.ValueComparator;
import io.cutover.mapping.NullSemantics;

/**
 * One new column compared between the sides: its Spark SQL type, how values are judged equal,
 * and what NULL means. {@code lenient} columns (an old NULL means "not known") travel in the
 * digest as values: {@link KeyedDiff} hashes a value not known alike on both sides.
 * {@code identifier}: a key or reference (no distance between values); {@code marker}: the value
 * the mapping computes in place of NULL, shown as NULL.
 */
record ComparedColumn(String name, String sqlType, ValueComparator compare, NullSemantics nulls, boolean identifier, String marker) {

    ComparedColumn(String name, String sqlType, ValueComparator compare, NullSemantics nulls) {
        this(name, sqlType, compare, nulls, false, null);
    }

    boolean lenient() {
        return nulls == NullSemantics.OLD_NULL_UNKNOWN;
    }

    /** A value as the report shows it: text, and NULL where the mapping's marker stands for NULL. */
    String shown(String x) {
        String text = "CAST(" + x + " AS STRING)";
        return marker == null ? text : "nullif(" + text + ", '" + marker + "')";
    }

    /** True when the distance between two values means something: numbers and times, not identifiers. */
    boolean measured() {
        return !identifier && (numeric() || timestamp());
    }

    boolean numeric() {
        return sqlType.equals("BIGINT") || sqlType.equals("INT") || sqlType.equals("SMALLINT") || sqlType.equals("DOUBLE");
    }

    boolean timestamp() {
        return sqlType.equals("TIMESTAMP");
    }

    /** The value both sides are brought to before hashing and comparing. */
    String normalized(String x) {
        String v = nulls == NullSemantics.EMPTY_IS_NULL ? "nullif(" + x + ", '')" : x;
        return switch (compare.kind()) {
            case TRIM -> "trim(" + v + ")";
            case CASE_INSENSITIVE -> "lower(" + v + ")";
            case UNICODE_NFC -> "cutover_nfc(" + v + ")";
            case JSON -> "cutover_json(" + v + ")";
            case TIMESTAMP -> compare.truncate() == null ? v
                    : "date_trunc('" + truncateUnit() + "', " + v + ")";
            default -> v;
        };
    }

    /** What the bucket hash sees: values within a tolerance share a grid cell (or fall to the keyed pass). */
    String hashed(String x) {
        String n = normalized(x);
        if (compare.kind() == ValueComparator.Kind.NUMERIC && compare.tolerance() > 0) {
            return "floor(" + n + " / " + compare.tolerance() + ")";
        }
        if (compare.kind() == ValueComparator.Kind.TIMESTAMP && compare.timeTolerance() != null) {
            long micros = compare.timeTolerance().toNanos() / 1000;
            return micros <= 0 ? n : "floor(unix_micros(" + n + ") / " + micros + ")";
        }
        return n;
    }

    /** A boolean SQL expression: the old and the new value agree. */
    String equal(String oldValue, String newValue) {
        String a = normalized(oldValue), b = normalized(newValue);
        String eq;
        if (compare.kind() == ValueComparator.Kind.NUMERIC && compare.tolerance() > 0) {
            eq = "((" + a + " IS NULL AND " + b + " IS NULL) OR abs(" + a + " - " + b + ") <= " + compare.tolerance() + ")";
        } else if (compare.kind() == ValueComparator.Kind.TIMESTAMP && compare.timeTolerance() != null) {
            long micros = compare.timeTolerance().toNanos() / 1000;
            eq = "((" + a + " IS NULL AND " + b + " IS NULL) OR abs(unix_micros(" + a + ") - unix_micros(" + b + ")) <= " + micros + ")";
        } else {
            eq = "(" + a + " <=> " + b + ")";
        }
        return lenient() ? "(" + oldValue + " IS NULL OR " + eq + ")" : eq;
    }

    private String truncateUnit() {
        return switch (compare.truncate()) {
            case MILLIS -> "millisecond";
            case MICROS -> "microsecond";
            case SECONDS -> "second";
            case MINUTES -> "minute";
            case HOURS -> "hour";
            case DAYS -> "day";
            default -> throw new IllegalArgumentException("cannot truncate timestamps to " + compare.truncate());
        };
    }
}

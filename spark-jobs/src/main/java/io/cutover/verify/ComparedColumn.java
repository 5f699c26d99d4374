package io.cutover.verify;

import io.cutover.mapping.ValueComparator;
import io.cutover.mapping.NullSemantics;
import io.cutover.side.ColumnComparator;

/**
 * One new column compared between the sides: its Spark SQL type, how values are judged equal,
 * and what NULL means. {@code lenient} columns (an old NULL means "not known") travel in the
 * digest as values: {@link KeyedDiff} hashes a value not known alike on both sides. A new NULL
 * that means "not known" is hashed as a value: only {@link #equal} forgives it.
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

    /** How the column's comparator normalises, hashes and compares in each engine. */
    ColumnComparator comparator() {
        return ColumnComparator.of(compare);
    }

    /** The value both sides are brought to before hashing and comparing. */
    String normalized(String x) {
        return comparator().inSpark(nulls == NullSemantics.EMPTY_IS_NULL ? "nullif(" + x + ", '')" : x);
    }

    /** What the bucket hash sees: values within a tolerance share a grid cell (or fall to the keyed pass). */
    String hashed(String x) {
        return comparator().hashed(normalized(x));
    }

    /** A boolean SQL expression: the old and the new value agree. */
    String equal(String oldValue, String newValue) {
        String eq = comparator().equal(normalized(oldValue), normalized(newValue));
        if (lenient()) return "(" + oldValue + " IS NULL OR " + eq + ")";
        // A new NULL that means "not known" is hashed as any value: its bucket differs, and its key is judged here.
        return nulls == NullSemantics.NEW_NULL_UNKNOWN ? "(" + newValue + " IS NULL OR " + eq + ")" : eq;
    }
}

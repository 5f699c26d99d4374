package io.cutover.side;

import io.cutover.mapping.ValueComparator;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * How one kind of comparator judges two values equal, in each engine: the value it brings both
 * sides to in Spark SQL and in PostgreSQL (or why PostgreSQL cannot be trusted to bring it
 * alike), what the bucket hash sees (a tolerance's grid cell), and the equality test. One
 * object per kind; NULL semantics ({@code nullif(x, '')}) are applied before, alike in both.
 */
public sealed interface ColumnComparator {

    static ColumnComparator of(ValueComparator c) {
        return switch (c.kind()) {
            case EXACT -> new Exact();
            case TRIM -> new Trim();
            case CASE_INSENSITIVE -> new CaseInsensitive();
            case UNICODE_NFC -> new UnicodeNfc();
            case JSON -> new Json();
            case NUMERIC -> new Numeric(c.tolerance());
            case TIMESTAMP -> new Timestamp(c.timeTolerance(), c.truncate());
        };
    }

    /** The value as Spark compares it. */
    String inSpark(String v);

    /** The value as PostgreSQL computes it bit for bit as Spark does, or why it cannot. */
    Printed inPostgres(String v);

    /** What the bucket hash sees of a normalised value in Spark: values within a tolerance share a grid cell. */
    default String hashed(String normalised) {
        return normalised;
    }

    /** The Spark type of what {@link #hashed} gives, for a column of {@code sqlType}. */
    default String hashedType(String sqlType) {
        return sqlType;
    }

    /** A boolean Spark SQL expression: two normalised values agree. */
    default String equal(String a, String b) {
        return "(" + a + " <=> " + b + ")";
    }

    record Exact() implements ColumnComparator {
        public String inSpark(String v) {
            return v;
        }

        public Printed inPostgres(String v) {
            return Printed.sql(v);
        }
    }

    record Trim() implements ColumnComparator {
        public String inSpark(String v) {
            return "trim(" + v + ")";
        }

        public Printed inPostgres(String v) {
            return Printed.sql("trim(" + v + ")");
        }
    }

    record CaseInsensitive() implements ColumnComparator {
        public String inSpark(String v) {
            return "lower(" + v + ")";
        }

        public Printed inPostgres(String v) {
            return Printed.not("lower follows the database's locale");
        }
    }

    record UnicodeNfc() implements ColumnComparator {
        public String inSpark(String v) {
            return "cutover_nfc(" + v + ")";
        }

        public Printed inPostgres(String v) {
            return Printed.sql("normalize(" + v + ", NFC)");
        }
    }

    record Json() implements ColumnComparator {
        public String inSpark(String v) {
            return "cutover_json(" + v + ")";
        }

        public Printed inPostgres(String v) {
            return Printed.not("jsonb prints itself otherwise than the canonical JSON");
        }
    }

    /** Numbers, equal within {@code tolerance} (0: exactly). */
    record Numeric(double tolerance) implements ColumnComparator {
        public String inSpark(String v) {
            return v;
        }

        public Printed inPostgres(String v) {
            return tolerance > 0 ? Printed.not("a tolerance's grid divides in doubles in Spark") : Printed.sql(v);
        }

        @Override
        public String hashed(String n) {
            return tolerance > 0 ? "floor(" + n + " / " + tolerance + ")" : n;
        }

        @Override
        public String hashedType(String sqlType) {
            return tolerance > 0 ? "BIGINT" : sqlType;
        }

        @Override
        public String equal(String a, String b) {
            if (tolerance <= 0) return ColumnComparator.super.equal(a, b);
            return "((" + a + " IS NULL AND " + b + " IS NULL) OR abs(" + a + " - " + b + ") <= " + tolerance + ")";
        }
    }

    /** Times, equal within {@code tolerance} (null: exactly), after truncation to {@code truncate} (null: none). */
    record Timestamp(Duration tolerance, ChronoUnit truncate) implements ColumnComparator {
        public String inSpark(String v) {
            return truncate == null ? v : "date_trunc('" + unit(false) + "', " + v + ")";
        }

        public Printed inPostgres(String v) {
            if (tolerance != null) return Printed.not("a tolerance's grid divides in doubles in Spark");
            return Printed.sql(truncate == null ? v : "date_trunc('" + unit(true) + "', " + v + ")");
        }

        @Override
        public String hashed(String n) {
            if (tolerance == null) return n;
            long micros = tolerance.toNanos() / 1000;
            return micros <= 0 ? n : "floor(unix_micros(" + n + ") / " + micros + ")";
        }

        @Override
        public String hashedType(String sqlType) {
            return tolerance != null && tolerance.toNanos() >= 1000 ? "BIGINT" : sqlType;
        }

        @Override
        public String equal(String a, String b) {
            if (tolerance == null) return ColumnComparator.super.equal(a, b);
            long micros = tolerance.toNanos() / 1000;
            return "((" + a + " IS NULL AND " + b + " IS NULL) OR abs(unix_micros(" + a + ") - unix_micros(" + b + ")) <= " + micros + ")";
        }

        /** date_trunc's unit: Spark's and PostgreSQL's names differ below a second. */
        private String unit(boolean postgres) {
            return switch (truncate) {
                case MICROS -> postgres ? "microseconds" : "microsecond";
                case MILLIS -> postgres ? "milliseconds" : "millisecond";
                case SECONDS -> "second";
                case MINUTES -> "minute";
                case HOURS -> "hour";
                case DAYS -> "day";
                default -> throw new IllegalArgumentException("cannot truncate timestamps to " + truncate);
            };
        }
    }
}

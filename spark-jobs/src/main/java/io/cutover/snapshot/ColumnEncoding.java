package io.cutover.snapshot;

import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.timestamp_micros;

import org.apache.spark.sql.Column;

/**
 * How one PostgreSQL column travels into Parquet without losing anything. Spark's JDBC type
 * mapping rounds or clamps several PostgreSQL types (unbounded numeric, NaN, ±infinity
 * timestamps, old dates through java.sql.Date's hybrid calendar), so we let PostgreSQL convert
 * those to a form Spark maps exactly (an integer or PostgreSQL's own text output) and record
 * the original type in the manifest.
 */
public enum ColumnEncoding {
    /** Types Spark maps exactly: integers, booleans, floats, strings, bytea. */
    NATIVE,
    /**
     * timestamptz as microseconds since the epoch, stored as a Parquet TIMESTAMP_MICROS
     * (UTC instant). ±infinity become Long.MAX_VALUE / Long.MIN_VALUE, which is also how
     * PostgreSQL stores them internally.
     */
    TIMESTAMPTZ_MICROS,
    /** timestamp without time zone, the same way, stored as TIMESTAMP_NTZ (isAdjustedToUTC=false). */
    TIMESTAMP_MICROS,
    /** date as days since 1970-01-01 (proleptic Gregorian); ±infinity as Integer.MAX/MIN_VALUE. */
    DATE_DAYS,
    /** money: its numeric value as text (money's own text form depends on lc_monetary). */
    MONEY_TEXT,
    /**
     * Everything else (numeric, jsonb, uuid, inet, interval, arrays, ranges, enums, ...):
     * PostgreSQL's text output, which its input function reads back to the same value.
     */
    TEXT;

    public static final long POSITIVE_INFINITY_MICROS = Long.MAX_VALUE;
    public static final long NEGATIVE_INFINITY_MICROS = Long.MIN_VALUE;
    public static final int POSITIVE_INFINITY_DAYS = Integer.MAX_VALUE;
    public static final int NEGATIVE_INFINITY_DAYS = Integer.MIN_VALUE;

    /**
     * Chooses the encoding from the type's name as {@code pg_type.typname} gives it (arrays
     * start with an underscore) and whether it is a plain base type.
     */
    public static ColumnEncoding forType(String typname, boolean baseType) {
        if (!baseType || typname.startsWith("_")) return TEXT;
        return switch (typname) {
            case "int2", "int4", "int8", "bool", "float4", "float8", "text", "varchar", "bpchar", "bytea" -> NATIVE;
            case "timestamptz" -> TIMESTAMPTZ_MICROS;
            case "timestamp" -> TIMESTAMP_MICROS;
            case "date" -> DATE_DAYS;
            case "money" -> MONEY_TEXT;
            default -> TEXT;
        };
    }

    /** The expression PostgreSQL evaluates for this column (its quoted name is given). */
    public String selectSql(String quotedColumn) {
        String c = quotedColumn;
        return switch (this) {
            case NATIVE -> c;
            // extract(epoch ...) is numeric since PostgreSQL 14: exact to the microsecond.
            case TIMESTAMPTZ_MICROS, TIMESTAMP_MICROS -> "(CASE WHEN " + c + " = 'infinity' THEN '" + Long.MAX_VALUE
                    + "'::int8 WHEN " + c + " = '-infinity' THEN '" + Long.MIN_VALUE
                    + "'::int8 ELSE (extract(epoch FROM " + c + ") * 1000000)::int8 END)";
            case DATE_DAYS -> "(CASE WHEN " + c + " = 'infinity' THEN " + Integer.MAX_VALUE + " WHEN " + c
                    + " = '-infinity' THEN (" + Integer.MIN_VALUE + ")::int4 ELSE " + c + " - DATE '1970-01-01' END)::int4";
            case MONEY_TEXT -> c + "::numeric::text";
            case TEXT -> c + "::text";
        };
    }

    /** Turns the value Spark read from {@link #selectSql} into the value stored in Parquet. */
    public Column toStored(Column read) {
        return switch (this) {
            case TIMESTAMPTZ_MICROS -> timestamp_micros(read);
            // Session time zone is UTC in every cutover job, so this cast shifts nothing.
            case TIMESTAMP_MICROS -> timestamp_micros(read).cast("timestamp_ntz");
            case DATE_DAYS -> date_from_unix_date(read);
            default -> read;
        };
    }
}

package io.cutover.snapshot;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * What PostgreSQL sends for a column of {@link SourceTable#readQuery()} in binary COPY: the
 * type's {@code typsend} form. The read query already turns timestamps and dates into int8 and
 * int4 and everything without an exact native form into text, so these few are all there is;
 * a reader checks them against the query's result description before decoding anything.
 */
enum WireType {
    INT2("int2"),
    INT4("int4"),
    INT8("int8"),
    BOOL("bool"),
    FLOAT4("float4"),
    FLOAT8("float8"),
    /** text, varchar and bpchar send the same bytes (bpchar with its padding), in the client encoding: UTF-8. */
    TEXT("text"),
    BYTEA("bytea");

    /** The type name as the result description gives it ({@code pg_type.typname}). */
    final String typname;

    WireType(String typname) {
        this.typname = typname;
    }

    /** What the read query sends for this column. */
    static WireType of(SourceColumn column) {
        return switch (column.encoding()) {
            case TIMESTAMPTZ_MICROS, TIMESTAMP_MICROS -> INT8;
            case DATE_DAYS -> INT4;
            case MONEY_TEXT, TEXT -> TEXT;
            case NATIVE -> switch (column.typname()) {
                case "int2" -> INT2;
                case "int4" -> INT4;
                case "int8" -> INT8;
                case "bool" -> BOOL;
                case "float4" -> FLOAT4;
                case "float8" -> FLOAT8;
                case "text", "varchar", "bpchar" -> TEXT;
                case "bytea" -> BYTEA;
                // ColumnEncoding.forType lists the native types; a new one must be taught here too.
                default -> throw new IllegalArgumentException("column " + column.name() + ": no binary COPY decoding for "
                        + column.typname());
            };
        };
    }

    /** The name the result description gives the column's type (varchar and bpchar keep theirs). */
    static String describedAs(SourceColumn column) {
        WireType w = of(column);
        return w == TEXT && column.encoding() == ColumnEncoding.NATIVE ? column.typname() : w.typname;
    }

    /**
     * The stored (Parquet) type: what Spark's JDBC source maps the wire type to, then
     * {@link ColumnEncoding#toStored}. Timestamps stay microseconds and dates days, which is
     * also how Spark holds them internally, so the decoded integer is the stored value.
     */
    static DataType storedType(SourceColumn column) {
        return switch (column.encoding()) {
            case TIMESTAMPTZ_MICROS -> DataTypes.TimestampType;
            case TIMESTAMP_MICROS -> DataTypes.TimestampNTZType;
            case DATE_DAYS -> DataTypes.DateType;
            case MONEY_TEXT, TEXT -> DataTypes.StringType;
            case NATIVE -> switch (of(column)) {
                case INT2 -> DataTypes.ShortType;
                case INT4 -> DataTypes.IntegerType;
                case INT8 -> DataTypes.LongType;
                case BOOL -> DataTypes.BooleanType;
                case FLOAT4 -> DataTypes.FloatType;
                case FLOAT8 -> DataTypes.DoubleType;
                case TEXT -> DataTypes.StringType;
                case BYTEA -> DataTypes.BinaryType;
            };
        };
    }
}

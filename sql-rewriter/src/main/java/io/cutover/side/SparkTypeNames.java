package io.cutover.side;

import java.util.Locale;

/** The Spark SQL type name a column of a DDL type is read as ({@code BIGINT}, {@code STRING}, ...). */
public final class SparkTypeNames {
    private SparkTypeNames() {}

    public static String of(String ddlType) {
        String t = ddlType.toLowerCase(Locale.ROOT).replaceAll("\\(.*\\)", "").strip();
        return switch (t) {
            case "bigint", "int8", "bigserial" -> "BIGINT";
            case "integer", "int", "int4", "serial" -> "INT";
            case "smallint", "int2" -> "SMALLINT";
            case "boolean", "bool" -> "BOOLEAN";
            case "timestamptz", "timestamp with time zone", "timestamp" -> "TIMESTAMP";
            case "date" -> "DATE";
            case "double precision", "float8", "real", "float4" -> "DOUBLE";
            default -> "STRING";
        };
    }
}

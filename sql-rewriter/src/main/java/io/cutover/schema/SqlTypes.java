package io.cutover.schema;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One spelling per PostgreSQL column type, so that a catalog read from DDL and one read from
 * a database agree: {@code int4}, {@code serial} and {@code int} are all {@code integer}. The
 * spelling is the short name the shipped scripts use, arguments as JSqlParser prints them:
 * {@code varchar (20)}, {@code numeric (10, 2)}, {@code text[]}.
 */
final class SqlTypes {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("int", "integer"), Map.entry("int4", "integer"),
            Map.entry("serial", "integer"), Map.entry("serial4", "integer"),
            Map.entry("int8", "bigint"), Map.entry("bigserial", "bigint"), Map.entry("serial8", "bigint"),
            Map.entry("int2", "smallint"), Map.entry("smallserial", "smallint"), Map.entry("serial2", "smallint"),
            Map.entry("bool", "boolean"),
            Map.entry("float8", "double precision"), Map.entry("float4", "real"),
            Map.entry("decimal", "numeric"),
            Map.entry("character varying", "varchar"),
            Map.entry("character", "char"), Map.entry("bpchar", "char"),
            Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("timestamp without time zone", "timestamp"),
            Map.entry("time with time zone", "timetz"),
            Map.entry("time without time zone", "time"));

    /** {@code timestamp(3) with time zone}: the precision sits inside the name. */
    private static final Pattern ZONED = Pattern.compile("(timestamp|time)\\s*(\\(\\s*\\d+\\s*\\))?\\s+(with|without) time zone");
    private static final Pattern SHAPE = Pattern.compile("([^(\\[]+?)\\s*(\\((.*)\\))?\\s*((?:\\[\\s*\\d*\\s*\\])*)");

    /** Types whose argument is a precision of seconds, 6 (microseconds) when none is written. */
    private static final java.util.Set<String> TIMES = java.util.Set.of("timestamptz", "timestamp", "timetz", "time", "interval");
    private static final String DEFAULT_TIME_PRECISION = "6";

    private SqlTypes() {}

    /** The one spelling of a type as DDL writes it. */
    static String canonical(String written) {
        String t = written.strip().toLowerCase(Locale.ROOT).replace("\"", "").replaceAll("\\s+", " ");
        Matcher zoned = ZONED.matcher(t);
        if (zoned.find()) {
            t = zoned.replaceFirst(zoned.group(1) + " " + zoned.group(3) + " time zone" + (zoned.group(2) == null ? "" : zoned.group(2)));
        }
        Matcher m = SHAPE.matcher(t);
        if (!m.matches()) return t;
        String base = ALIASES.getOrDefault(m.group(1).strip(), m.group(1).strip());
        String args = m.group(3);
        if (args != null && TIMES.contains(base) && args.strip().equals(DEFAULT_TIME_PRECISION)) args = null;
        return spelled(base, args == null ? null : args.split("\\s*,\\s*"), !m.group(4).isEmpty());
    }

    /** What the serial pseudo-types also say: the column is NOT NULL (it has a sequence default). */
    static boolean isSerial(String written) {
        return written.strip().toLowerCase(Locale.ROOT).matches("(small|big)?serial[248]?");
    }

    /**
     * The spelling of a type as a database's catalog describes it: its name as
     * {@code pg_type} has it ({@code int4}, {@code varchar}, {@code _text} for an array) and
     * its modifiers, null when it has none ({@code precision}: a numeric's digits or a time's
     * fractional seconds).
     */
    static String fromCatalog(String udtName, Integer length, Integer precision, Integer scale) {
        boolean array = udtName.startsWith("_");
        String base = ALIASES.getOrDefault(array ? udtName.substring(1) : udtName, array ? udtName.substring(1) : udtName);
        String[] args = null;
        if (length != null) args = new String[] {length.toString()};
        else if (base.equals("numeric") && precision != null) args = new String[] {precision.toString(), String.valueOf(scale == null ? 0 : scale)};
        else if (TIMES.contains(base) && precision != null && !precision.toString().equals(DEFAULT_TIME_PRECISION)) args = new String[] {precision.toString()};
        return spelled(base, args, array);
    }

    private static String spelled(String base, String[] args, boolean array) {
        String s = args == null ? base : base + " (" + String.join(", ", args).strip() + ")";
        return array ? s + "[]" : s;
    }
}

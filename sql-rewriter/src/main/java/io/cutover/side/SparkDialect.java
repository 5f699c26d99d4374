package io.cutover.side;

import java.util.List;

/** Spark SQL: backquoted names, backslash-escaped strings, Spark's own type names and registered functions. */
public final class SparkDialect implements SqlDialect {
    public static final SparkDialect SPARK = new SparkDialect();

    private SparkDialect() {}

    @Override
    public String name(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String text(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public String typeName(String sparkType) {
        return sparkType;
    }

    @Override
    public Printed call(SideExpr.Call call, List<String> args) {
        return Printed.sql(call.function() + "(" + String.join(", ", args) + ")");
    }

    @Override
    public String idCode(SideExpr.IdCode code, String value) {
        return code.kind().sparkFunction() + "(" + value + (code.kind().fullname() ? ", " + code.typeNumber() : "") + ")";
    }

    @Override
    public String now() {
        return "current_timestamp()";
    }

    @Override
    public Printed expression(ParsedSql sql) {
        return Printed.sql("(" + sql.text() + ")");
    }

    /** Spark coerces a bare default to the decoded value's type. */
    @Override
    public String defaultLiteral(String fallback, boolean textValued) {
        return literal(fallback);
    }

    @Override
    public Printed canonicalText(String x, String sparkType) {
        return Printed.sql(switch (sparkType) {
            case "STRING" -> x;
            case "TIMESTAMP" -> "CAST(unix_micros(" + x + ") AS STRING)";
            case "DATE" -> "CAST(unix_date(" + x + ") AS STRING)";
            default -> "CAST(" + x + " AS STRING)";
        });
    }

    @Override
    public String crossEngineHash(String canonicalText) {
        return "coalesce(CAST(conv(substr(md5(" + canonicalText + "), 1, 16), 16, -10) AS BIGINT), CAST('" + NULL_HASH
                + "' AS BIGINT))";
    }

    /**
     * The hash of digests no PostgreSQL side shares (a few times faster than MD5 in Spark).
     * It skips a NULL, so a NULL hashes to the seed alone.
     */
    public String xxhash64(String value) {
        return "xxhash64(" + value + ")";
    }

    @Override
    public Printed join(Join join, String alias) {
        if (join instanceof Join.Pivot p) {
            return Printed.sql(" LEFT JOIN (SELECT " + p.parent() + " AS pid, max(CASE WHEN " + p.on() + " = " + text(p.key())
                    + " THEN " + p.value() + " END) AS val FROM " + p.table() + " GROUP BY " + p.parent() + ") " + p.alias()
                    + " ON " + p.alias() + ".pid = " + alias + "." + p.parentColumn());
        }
        Join.Reference r = (Join.Reference) join;
        if (r.naturalKey() != null) {
            // the referred row computes its key (an encoded Reddit id): over that row, alias LOOKUP
            String id = r.target() instanceof Join.TableKey t ? t.idColumn() : ((Join.ThingKey) r.target()).id();
            String from = r.target() instanceof Join.TableKey t ? t.table() : ((Join.ThingKey) r.target()).view();
            return Printed.all(List.of(print(r.naturalKey(), Join.LOOKUP), print(r.value(), alias)), v -> " LEFT JOIN (SELECT CAST("
                    + column(Join.LOOKUP, id) + " AS BIGINT) AS ref_id, CAST(" + v.get(0) + " AS STRING) AS ref_key FROM " + from + " "
                    + Join.LOOKUP + ") " + r.alias() + " ON " + r.alias() + ".ref_id = CAST(" + v.get(1) + " AS BIGINT)");
        }
        return print(r.value(), alias).map(value -> {
            String id, key, from;
            if (r.target() instanceof Join.TableKey t) {
                id = t.idColumn();
                key = t.keyColumn();
                from = t.table();
            } else {
                Join.ThingKey t = (Join.ThingKey) r.target();
                id = t.id();
                key = t.key();
                from = t.view();
            }
            return " LEFT JOIN (SELECT CAST(" + id + " AS BIGINT) AS ref_id, CAST(" + name(key) + " AS STRING) AS ref_key FROM "
                    + from + ") " + r.alias() + " ON " + r.alias() + ".ref_id = CAST(" + value + " AS BIGINT)";
        });
    }
}

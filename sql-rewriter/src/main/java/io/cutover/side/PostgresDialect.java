package io.cutover.side;

import io.cutover.mapping.PortableSql;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL: double-quoted names, standard strings (a quote doubled, a backslash is itself),
 * the types whose JDBC read gives Spark's, text compared by its bytes as Spark compares it, the
 * mapping's expressions through {@link PortableSql}, and no registered Spark function.
 * {@code aliases} names the table behind each row alias, {@code types} a column's DDL type.
 */
public final class PostgresDialect implements SqlDialect {
    private final Map<String, String> aliases;
    private final PortableSql.ColumnTypes types;

    public PostgresDialect(Map<String, String> aliases, PortableSql.ColumnTypes types) {
        this.aliases = Map.copyOf(aliases);
        this.types = types;
    }

    /** Quoting only: for statements with no mapping expression in them. */
    public static PostgresDialect quoting() {
        return new PostgresDialect(Map.of(), (table, column) -> null);
    }

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    public static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    public static String textLiteral(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Text values are ordered by their bytes, as Spark orders strings, whatever the database's collation. */
    public static String bytewise(String textValue) {
        return textValue + " COLLATE \"C\"";
    }

    @Override
    public String name(String identifier) {
        return quote(identifier);
    }

    @Override
    public String text(String s) {
        return textLiteral(s);
    }

    /** The PostgreSQL type whose JDBC read gives the Spark type. */
    @Override
    public String typeName(String sparkType) {
        return switch (sparkType) {
            case "BIGINT" -> "bigint";
            case "INT" -> "integer";
            case "SMALLINT" -> "smallint";
            case "BOOLEAN" -> "boolean";
            case "TIMESTAMP" -> "timestamptz";
            case "DATE" -> "date";
            case "DOUBLE" -> "double precision";
            default -> "text";
        };
    }

    @Override
    public Printed call(SideExpr.Call call, List<String> args) {
        return Printed.not(call.whyNotPortable());
    }

    @Override
    public String idCode(SideExpr.IdCode code, String value) {
        return PostgresIdCodes.print(code, value);
    }

    @Override
    public String now() {
        return "now()";
    }

    @Override
    public Printed expression(ParsedSql sql) {
        if (!sql.parsed()) return Printed.not("its expression does not parse: " + sql.text());
        return PortableSql.toPostgres(sql.text(), aliases, types).map(s -> Printed.sql("(" + s + ")"))
                .orElseGet(() -> Printed.not("its expression has no PostgreSQL form: " + sql.text()));
    }

    /** The default stands beside a text value unless the key is decoded to a boolean. */
    @Override
    public String defaultLiteral(String fallback, boolean textValued) {
        return textValued ? text(fallback) : literal(fallback);
    }

    /**
     * Timestamps by PostgreSQL's exact numeric {@code extract(epoch ...)} (14 and newer); md5
     * hashes the database's encoding, so the hash needs a UTF8 database.
     */
    @Override
    public Printed canonicalText(String x, String sparkType) {
        return switch (sparkType) {
            case "STRING", "BIGINT", "INT", "SMALLINT", "BOOLEAN" -> Printed.sql("(" + x + ")::text");
            case "TIMESTAMP" -> Printed.sql("(extract(epoch FROM " + x + ") * 1000000)::bigint::text");
            case "DATE" -> Printed.sql("((" + x + ") - DATE '1970-01-01')::text");
            default -> Printed.not("doubles print differently in the two engines");
        };
    }

    @Override
    public String crossEngineHash(String canonicalText) {
        return "coalesce(('x' || substr(md5(" + canonicalText + "), 1, 16))::bit(64)::bigint, '" + NULL_HASH + "'::bigint)";
    }

    @Override
    public Printed join(Join join, String alias) {
        if (join instanceof Join.Pivot p) {
            String value = p.textValue() ? bytewise(name(p.value()) + "::text") : name(p.value());
            return Printed.sql(" LEFT JOIN (SELECT " + name(p.parent()) + " AS pid, max(CASE WHEN " + name(p.on()) + " = "
                    + text(p.key()) + " THEN " + value + " END) AS val FROM " + p.table() + " GROUP BY " + name(p.parent())
                    + ") " + p.alias() + " ON " + p.alias() + ".pid = " + column(alias, p.parentColumn()));
        }
        Join.Reference r = (Join.Reference) join;
        if (r.naturalKey() != null) return computedKeyJoin(r, alias);
        String lookup;
        if (r.target() instanceof Join.TableKey t) {
            lookup = "SELECT (" + name(t.idColumn()) + ")::bigint AS ref_id, (" + name(t.keyColumn()) + ")::text AS ref_key FROM "
                    + t.table();
        } else {
            Join.ThingKey t = (Join.ThingKey) r.target();
            String id = "t." + name(t.id());
            if (t.dataKey()) {
                String key = text(t.key());
                lookup = "SELECT " + id + "::bigint AS ref_id, p.ref_key FROM " + t.thing() + " t JOIN (SELECT d.thing_id, max("
                        + bytewise("CASE WHEN d.key = " + key + " THEN d.value END") + ") AS ref_key FROM "
                        + t.data() + " d WHERE d.key = " + key + " GROUP BY d.thing_id) p ON p.thing_id = " + id;
            } else {
                lookup = "SELECT " + id + "::bigint AS ref_id, (t." + name(t.key()) + ")::text AS ref_key FROM " + t.thing() + " t";
            }
        }
        return print(r.value(), alias).map(value -> " LEFT JOIN (" + lookup + ") " + r.alias() + " ON " + r.alias()
                + ".ref_id = (" + value + ")::bigint");
    }

    /**
     * A reference whose natural key the referred row computes (an encoded Reddit id): the lookup
     * computes it over that row, alias {@link Join#LOOKUP}. A key-value key is read from its
     * pivoted value; an expression over key-value keys has no form here.
     */
    private Printed computedKeyJoin(Join.Reference r, String alias) {
        String row = Join.LOOKUP;
        String id;
        String from;
        SideExpr key = r.naturalKey();
        if (r.target() instanceof Join.TableKey t) {
            id = column(row, t.idColumn());
            from = t.table() + " " + row;
        } else {
            Join.ThingKey t = (Join.ThingKey) r.target();
            id = column(row, t.id());
            from = t.thing() + " " + row;
            if (t.dataKey()) {
                if (key.nodes().anyMatch(n -> n instanceof SideExpr.Expression)) {
                    return Printed.not("a referred key computed by an expression over Reddit data keys is computed in Spark");
                }
                String k = text(t.key());
                from += " LEFT JOIN (SELECT d.thing_id, max(" + bytewise("CASE WHEN d.key = " + k + " THEN d.value END")
                        + ") AS ref_key FROM " + t.data() + " d WHERE d.key = " + k + " GROUP BY d.thing_id) p ON p.thing_id = " + id;
                key = key.map(n -> n instanceof SideExpr.Column c && c.relation() instanceof SideExpr.Row && c.name().equals(t.key())
                        ? new SideExpr.Column(new SideExpr.Joined("p"), "ref_key") : n);
            }
        }
        Printed keyValue = print(key, row);
        Printed value = print(r.value(), alias);
        String fromClause = from;
        return Printed.all(List.of(keyValue, value), v -> " LEFT JOIN (SELECT (" + id + ")::bigint AS ref_id, ("
                + bytewise("(" + v.get(0) + ")::text") + ") AS ref_key FROM " + fromClause + ") " + r.alias() + " ON " + r.alias()
                + ".ref_id = (" + v.get(1) + ")::bigint");
    }
}

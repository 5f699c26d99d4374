package io.cutover.side;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How one engine spells a comparison side: quoting, literals, type names, the mapping's
 * transforms, and which nodes it has no form of ({@link Printed.NotPortable}, with the reason).
 * Nodes both engines spell alike are printed here; each dialect gives its own words.
 */
public interface SqlDialect {
    /**
     * NULL's cross-engine hash: a fixed value, not the MD5 of any known text (a text's MD5
     * prefix meets it with probability 2^-64, as any two texts' do).
     */
    long NULL_HASH = Long.MIN_VALUE;

    /**
     * The canonical text both engines print alike for a value of a Spark type (text as is,
     * integers in decimal, booleans {@code true}/{@code false}, timestamps as integer
     * microseconds since the epoch, dates as days since the epoch), or why this engine cannot.
     */
    Printed canonicalText(String value, String sparkType);

    /**
     * The hash both engines compute bit for bit: the first 64 bits of the MD5 of the UTF-8
     * bytes of a canonical text, read as a signed big-endian long; {@link #NULL_HASH} for NULL.
     */
    String crossEngineHash(String canonicalText);

    /**
     * One hash per row for the segment checksums, over the canonical texts of the row's keys and
     * signed columns in order: the {@link #crossEngineHash} of their concatenation, each text
     * written as its UTF-8 length in bytes, a colon and the text, a NULL as {@code ~}. No two lists
     * of values spell the same text (a length is read before its text), and the order counts: two
     * values swapped between columns make another row.
     */
    default String rowHash(List<String> canonicalTexts) {
        List<String> pieces = canonicalTexts.stream()
                .map(t -> "coalesce(" + cast("octet_length(" + t + ")", "STRING") + " || ':' || " + t + ", '~')").toList();
        return crossEngineHash(String.join(" || ", pieces));
    }

    /** A quoted identifier. */
    String name(String identifier);

    /** A string literal. */
    String text(String s);

    /** The engine's type for a Spark type name ({@code BIGINT}, {@code STRING}, ...). */
    String typeName(String sparkType);

    /** A function registered in Spark. */
    Printed call(SideExpr.Call call, List<String> args);

    /** A Reddit id decoded or encoded ({@code transform: base36}, {@code fullname_encode}, ...), over its printed value. */
    String idCode(SideExpr.IdCode code, String value);

    /** The time of the run, as the engine reads a row. */
    String now();

    /** A mapping expression ({@code sql:}) over the row of alias {@link ParsedSql#alias()}. */
    Printed expression(ParsedSql sql);

    /** The default of a key with no key-value row. */
    String defaultLiteral(String fallback, boolean textValued);

    /** The LEFT JOIN clause of a joined row, its ON over the side's row {@code alias}. */
    Printed join(Join join, String alias);

    default String column(String alias, String column) {
        return alias + "." + name(column);
    }

    /** A mapping literal: numbers and booleans bare, anything else a string. */
    default String literal(String value) {
        return literal(new SideExpr.Literal(value, false));
    }

    default String literal(SideExpr.Literal l) {
        return l.text() == null ? "NULL" : l.bare() ? l.text() : text(l.text());
    }

    default String cast(String value, String sparkType) {
        return "CAST(" + value + " AS " + typeName(sparkType) + ")";
    }

    /** The node over the side's row {@code alias}. */
    default Printed print(SideExpr e, String alias) {
        if (e instanceof SideExpr.Column c) {
            if (c.relation() instanceof SideExpr.Row) return Printed.sql(column(alias, c.name()));
            if (c.relation() instanceof SideExpr.Joined j) return Printed.sql(j.alias() + "." + c.name());
            return Printed.sql("d." + c.name());
        }
        if (e instanceof SideExpr.Literal l) return Printed.sql(literal(l));
        if (e instanceof SideExpr.Cast c) return print(c.value(), alias).map(v -> cast(v, c.sparkType()));
        if (e instanceof SideExpr.Expression x) return expression(x.sql());
        if (e instanceof SideExpr.Now) return Printed.sql(now());
        if (e instanceof SideExpr.SharedValue s) {
            String c = column("cutover_all", s.column());
            return Printed.sql("(SELECT " + c + " FROM " + s.table() + " cutover_all WHERE " + c + " IS NOT NULL GROUP BY " + c
                    + " ORDER BY count(*) DESC, " + c + " LIMIT 1)");
        }
        if (e instanceof SideExpr.EnumRemap r) {
            return print(r.value(), alias).map(raw -> {
                StringBuilder b = new StringBuilder("(CASE " + raw);
                r.values().forEach((from, to) -> b.append(" WHEN ").append(text(from)).append(" THEN ").append(text(to)));
                return b.append(" ELSE ").append(raw).append(" END)").toString();
            });
        }
        if (e instanceof SideExpr.Flags f) {
            return print(f.value(), alias).map(raw -> {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < Math.min(f.oldBits().size(), f.newBits().size()); i++) {
                    parts.add("(CASE WHEN (" + raw + " & " + f.oldBits().get(i) + ") <> 0 THEN " + f.newBits().get(i) + " ELSE 0 END)");
                }
                return "(" + String.join(" + ", parts) + ")";
            });
        }
        List<Printed> children = e.children().stream().map(c -> print(c, alias)).toList();
        if (e instanceof SideExpr.Call c) {
            Printed args = Printed.all(children, a -> "");
            return args.portable() ? call(c, children.stream().map(Printed::text).toList()) : args;
        }
        return Printed.all(children, v -> {
            if (e instanceof SideExpr.Coalesce) return "coalesce(" + String.join(", ", v) + ")";
            if (e instanceof SideExpr.TrueText) return "(" + v.get(0) + " = 't')";
            if (e instanceof SideExpr.IdCode i) return idCode(i, v.get(0));
            if (e instanceof SideExpr.Expectation x) {
                String met = switch (x.kind()) {
                    case NOT_NULL -> v.get(0) + " IS NOT NULL";
                    case BETWEEN -> v.get(0) + " >= " + v.get(1) + " AND " + v.get(0) + " <= " + v.get(2);
                    case SAME_FOR_ALL -> v.get(0) + " = " + v.get(1);
                };
                return "(CASE WHEN " + met + " THEN " + text(x.description()) + " ELSE " + cast(v.get(0), "STRING") + " END)";
            }
            if (e instanceof SideExpr.Edited) {
                return "(" + v.get(1) + " = 'pickle' OR (" + v.get(1) + " = 'bool' AND " + v.get(0) + " = 't'))";
            }
            SideExpr.DefaultWhenAbsent d = (SideExpr.DefaultWhenAbsent) e;
            return "(CASE WHEN " + v.get(0) + " IS NULL THEN " + defaultLiteral(d.fallback(), d.textValued())
                    + " ELSE " + v.get(1) + " END)";
        });
    }

    /** The joins, in order, or the first one's reason for having no form here. */
    default Printed joins(List<Join> joins, String alias) {
        return Printed.all(joins.stream().map(j -> join(j, alias)).toList(), p -> String.join("", p));
    }

    /** Comma-separated. */
    static String list(List<String> items) {
        return items.stream().collect(Collectors.joining(", "));
    }
}

package io.cutover.mapping;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SQL expression, over an old row aliased {@code o}, whose value the new column must
 * hold: what verify can push down into the old side's query. Empty when the rule cannot be
 * computed from the old row alone (a {@code ref} needs the referenced entity's key, a pivot
 * needs the child rows, a fullname needs decoding in Java).
 */
public final class OldValueSql {
    private OldValueSql() {}

    public static Optional<String> of(ColumnRule r) {
        if (r.dropped() || r.isRenumbered() || r.ref() != null || r.pivot() != null) return Optional.empty();
        if (r.hasExpect()) return Optional.of(r.expect() == null ? "NULL" : literal(r.expect()));
        if (r.sql() != null) return Optional.of(r.sql());
        String base = r.old() != null ? "o." + r.old() : r.dataKey() != null ? "o.\"" + r.dataKey() + "\"" : null;
        if (base == null) return Optional.empty();
        if (r.defaultValue() != null) base = "COALESCE(" + base + ", " + literal(r.defaultValue()) + ")";
        Transform t = r.transform();
        if (t instanceof Transform.Coalesce c) {
            return Optional.of("COALESCE(" + base + ", " + c.fallbacks().stream().map(OldValueSql::operand).collect(Collectors.joining(", ")) + ")");
        }
        if (t instanceof Transform.EnumRemap e) {
            StringBuilder sql = new StringBuilder("CASE ").append(base);
            for (Map.Entry<String, String> v : e.values().entrySet()) {
                sql.append(" WHEN ").append(literal(v.getKey())).append(" THEN ").append(literal(v.getValue()));
            }
            return Optional.of(sql.append(" ELSE ").append(base).append(" END").toString());
        }
        if (t instanceof Transform.Flags f && !f.sameBits()) {
            StringBuilder sql = new StringBuilder("(");
            String sep = "";
            var newBits = f.newFlags().values().stream().sorted().toList();
            var oldBits = f.oldFlags().values().stream().sorted().toList();
            for (int i = 0; i < oldBits.size(); i++) {
                sql.append(sep).append("CASE WHEN ").append(base).append(" & ").append(oldBits.get(i)).append(" <> 0 THEN ")
                        .append(newBits.get(i)).append(" ELSE 0 END");
                sep = " + ";
            }
            return Optional.of(sql.append(")").toString());
        }
        if (t instanceof Transform.FullnameDecode || t instanceof Transform.Base36Decode) return Optional.empty();
        return Optional.of(base);
    }

    /** A fallback is an old column when it looks like a name, else a literal. */
    private static String operand(String v) {
        if (v.matches("[a-z_][a-z0-9_]*") && !v.equals("true") && !v.equals("false") && !v.equals("null")) return "o." + v;
        return literal(v);
    }

    private static String literal(String v) {
        if (v.matches("-?\\d+(\\.\\d+)?") || v.equals("true") || v.equals("false")) return v;
        return "'" + v.replace("'", "''") + "'";
    }
}

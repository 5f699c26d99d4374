package io.cutover.mapping;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The SQL that turns one Reddit thing table and its key-value data table into one row per
 * thing, as a side of the mapping describes it: the thing columns the rules read, then per data
 * key its value and its kind ({@code <key>} and {@code <key>__kind}). An absent key gives NULL
 * value and NULL kind, which is how a reader tells "the model's default" from an empty string.
 */
public final class KeyValuePivot {
    private static final Set<String> THING_COLUMNS = Set.of("thing_id", "ups", "downs", "deleted", "spam", "date");

    private KeyValuePivot() {}

    public static String sql(SideSpec side) {
        if (!side.isKeyValue()) throw new IllegalArgumentException("not a key-value side: " + side.table());
        Set<String> thingColumns = new LinkedHashSet<>();
        thingColumns.add(side.id());
        Set<String> keys = new LinkedHashSet<>();
        for (ColumnRule r : side.columns()) {
            if (r.old() != null) thingColumns.add(r.old());
            if (r.dataKey() != null) keys.add(r.dataKey());
            if (r.sql() != null) {
                // `o.<name>` in an expression reads a data key unless it is a thing column
                var m = java.util.regex.Pattern.compile("\\bo\\.(\\w+)").matcher(r.sql());
                while (m.find()) if (!THING_COLUMNS.contains(m.group(1))) keys.add(m.group(1));
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        String sep = "";
        for (String c : thingColumns) {
            sql.append(sep).append("t.").append(c);
            sep = ", ";
        }
        for (String k : keys) {
            String literal = "'" + k.replace("'", "''") + "'";
            sql.append(sep).append("max(d.value) FILTER (WHERE d.key = ").append(literal).append(") AS \"").append(k).append('"')
                    .append(", max(d.kind) FILTER (WHERE d.key = ").append(literal).append(") AS \"").append(k).append("__kind\"");
        }
        sql.append(" FROM ").append(side.thing()).append(" t LEFT JOIN ").append(side.data()).append(" d ON d.")
                .append(side.id()).append(" = t.").append(side.id()).append(" GROUP BY ");
        sep = "";
        for (String c : thingColumns) {
            sql.append(sep).append("t.").append(c);
            sep = ", ";
        }
        return sql.toString();
    }
}

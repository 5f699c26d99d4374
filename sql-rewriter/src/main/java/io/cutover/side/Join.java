package io.cutover.side;

/**
 * A row a side's values need besides its own: a reference's lookup (the natural key of the row
 * a foreign key points to) or one value of a pivoted child table. {@code alias} names the
 * joined row ({@code r1}, {@code pv2}) in the side's query; its columns are {@code ref_key} and {@code val}.
 */
public sealed interface Join {
    String alias();

    /**
     * A foreign key's value ({@code value}: the id) replaced by the natural key of the row it points
     * to. {@code naturalKey}: how that key follows from the row looked up (alias {@link #LOOKUP}),
     * when it is not a column of it as it stands (a Reddit id encoded, an expression); else null.
     */
    record Reference(String alias, Target target, SideExpr value, SideExpr naturalKey) implements Join {
        public Reference(String alias, Target target, SideExpr value) {
            this(alias, target, value, null);
        }
    }

    /** The alias of the row a reference looks up, when its natural key is computed from it. */
    String LOOKUP = "o";

    /** The child table's {@code value} of the row whose {@code on} is {@code key}, per parent. */
    record Pivot(String alias, String table, String parent, String on, String key, String value, boolean textValue,
                 String parentColumn) implements Join {}

    /** Where a reference finds the natural key. */
    sealed interface Target {}

    /** A plain table: its {@code idColumn} and {@code keyColumn}. */
    record TableKey(String table, String idColumn, String keyColumn) implements Target {}

    /**
     * A Reddit thing ({@code entity} of the same source): a column of its thing table
     * ({@code dataKey} false) or one of its key-value keys. {@code view}: Spark's pivot of it,
     * holding {@code pivotKeys}.
     */
    record ThingKey(String entity, String view, String thing, String data, String id, String key, boolean dataKey,
                    java.util.Set<String> pivotKeys)
            implements Target {}
}

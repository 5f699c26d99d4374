package io.cutover.mapping;

import java.util.List;
import java.util.Set;

/**
 * Reads one item of a side's {@code columns:} into a {@link ColumnRule}: which of the value keys
 * (old, key, sql, expect, pivot, dropped) it gives becomes its {@link ColumnSource}, the rest
 * its {@link ColumnOptions}.
 */
final class ColumnRuleReader {
    private static final List<String> VALUE_KEYS = List.of("old", "key", "sql", "expect", "pivot", "dropped");
    private static final Set<String> DECODERS = Set.of("bool", "num", "str", "pickle-datetime", "edited");

    private final YamlFields fields;
    private final Problems problems;
    private final TransformReader transforms;
    private final ComparatorReader comparators;

    ColumnRuleReader(YamlFields fields, TransformReader transforms, ComparatorReader comparators) {
        this.fields = fields;
        this.problems = fields.problems();
        this.transforms = transforms;
        this.comparators = comparators;
    }

    /** The rule at {@code index} of the list at {@code columns}; null when it has no value source. */
    ColumnRule read(YamlNode n, MappingPath columns, int index) {
        String name = YamlFields.peek(n, "new") != null ? YamlFields.peek(n, "new") : YamlFields.peek(n, "old");
        MappingPath path = columns.item(name, index);
        if (!fields.isMap(n, path)) return null;
        fields.allowed(n, path, "new", "old", "key", "sql", "expect", "pivot", "dropped", "transform", "values", "ref",
                "literals", "compare", "nulls", "default", "decode", "warn", "note", "new_sql", "marker", "backfill");
        String newColumn = fields.text(n, "new", path, false);
        ColumnSource source = source(n, path, newColumn);
        ColumnOptions options = options(n, path);
        return source == null ? null : new ColumnRule(newColumn, source, options, n.location());
    }

    private ColumnSource source(YamlNode n, MappingPath path, String newColumn) {
        String old = fields.text(n, "old", path, false);
        String dataKey = fields.text(n, "key", path, false);
        String sql = fields.text(n, "sql", path, false);
        boolean hasExpect = n.get("expect") != null;
        boolean expectCondition = hasExpect && n.get("expect").isMap();
        String expect = hasExpect && !expectCondition ? fields.scalar(n.get("expect"), path.key("expect")) : null;
        String pivot = fields.text(n, "pivot", path, false);
        boolean dropped = fields.bool(n, "dropped", path);
        long given = VALUE_KEYS.stream().filter(k -> n.get(k) != null).count();
        boolean oldAndSql = (old != null || dataKey != null) && sql != null && given == 2;
        boolean several = given > 1 && !oldAndSql && !(dropped && old != null && given == 2);
        if (given == 0) problems.at(n, path, "needs one of old, key, sql, expect, pivot, dropped");
        else if (several) problems.at(n, path, "give only one of old, key, sql, expect, pivot (old or key may go with sql)");
        if (dropped && old == null) problems.at(n, path, "a dropped column names its old column");
        if (!dropped && newColumn == null) problems.at(n, path, "needs `new` (the new column) unless dropped");

        ColumnSource.DataKey key = dataKey(n, path, dataKey);
        ColumnSource.OldColumn column = old == null ? null : new ColumnSource.OldColumn(old);
        ColumnSource source;
        // the order the comparison planners have always taken them in, when a broken rule gives several
        if (dropped) source = column == null ? null : new ColumnSource.Dropped(old);
        else if (expectCondition) {
            ExpectCondition c = new ExpectReader(fields).read(n.get("expect"), path.key("expect"));
            source = c == null ? null : new ColumnSource.ExpectedCondition(c);
        } else if (hasExpect) source = new ColumnSource.Expected(expect);
        else if (sql != null) source = new ColumnSource.SqlExpression(sql, key != null ? key : column);
        else if (key != null) source = key;
        else if (column != null) source = column;
        else source = pivot == null ? null : new ColumnSource.Pivoted(pivot);
        // a value key that is there but empty (`old: ~`) or a lone `dropped: false`
        if (source == null && given > 0 && !several && !(dropped && old == null) && !expectCondition) problems.at(n, path, "needs one of old, key, sql, expect, pivot, dropped");
        return source;
    }

    /** The data key with how to read it ({@code decode}, {@code default}); both say nothing without a key. */
    private ColumnSource.DataKey dataKey(YamlNode n, MappingPath path, String key) {
        String decode = fields.text(n, "decode", path, false);
        if (decode != null && !DECODERS.contains(decode)) {
            problems.at(n.get("decode"), path.key("decode"), "unknown decoder '" + decode + "' (bool, num, str, pickle-datetime, edited)");
        }
        String defaultValue = n.get("default") == null ? null : fields.scalar(n.get("default"), path.key("default"));
        for (String k : List.of("decode", "default")) {
            if (key == null && YamlFields.peek(n, k) != null) {
                problems.at(n.get(k), path.key(k), "`" + k + "` reads a Reddit data key; this rule has no `key`");
            }
        }
        return key == null ? null : new ColumnSource.DataKey(key, decode, defaultValue);
    }

    private ColumnOptions options(YamlNode n, MappingPath path) {
        Transform transform = n.get("transform") == null ? new Transform.Identity() : transforms.read(n.get("transform"), path.key("transform"));
        ColumnRule.Values values = fields.enumValue(ColumnRule.Values.class, n, "values", path, ColumnRule.Values.SAME);
        ColumnRule.Ref ref = null;
        YamlNode r = fields.map(n, "ref", path, false);
        if (r != null) {
            MappingPath rp = path.key("ref");
            fields.allowed(r, rp, "entity", "by");
            ref = new ColumnRule.Ref(fields.text(r, "entity", rp, true), fields.text(r, "by", rp, false));
        }
        List<String> literals = fields.strings(n, "literals", path, false);
        for (String l : literals) {
            if (!l.matches("t[1-5]")) problems.at(n.get("literals"), path.key("literals"), "'" + l + "' is not a Reddit type prefix (t1..t5)");
        }
        ValueComparator compare = comparators.readField(n, path);
        NullSemantics nulls = fields.enumValue(NullSemantics.class, n, "nulls", path, NullSemantics.EQUAL);
        String newSql = fields.text(n, "new_sql", path, false);
        String marker = n.get("marker") == null ? null : fields.scalar(n.get("marker"), path.key("marker"));
        if (marker != null && YamlFields.peek(n, "sql") == null && newSql == null) {
            problems.at(n.get("marker"), path.key("marker"), "a marker stands for NULL in what sql or new_sql computes; this rule has neither");
        }
        if (marker != null && !marker.matches("-?\\d+")) {
            problems.at(n.get("marker"), path.key("marker"), "'" + marker + "' is not an integer (the marker of an id column)");
        }
        return new ColumnOptions(transform, values, ref, literals, compare, nulls, newSql, marker,
                fields.text(n, "warn", path, false), fields.text(n, "note", path, false), backfill(n, path));
    }

    /**
     * {@code backfill: {from: SOURCE, also: [COLUMN, ...], in_place: true, value: run_start}};
     * checked against the entity by the validator.
     */
    private BackfillRule backfill(YamlNode n, MappingPath path) {
        YamlNode b = fields.map(n, "backfill", path, false);
        if (b == null) return null;
        MappingPath bp = path.key("backfill");
        fields.allowed(b, bp, "from", "also", "in_place", "value");
        String from = fields.text(b, "from", bp, false);
        List<String> also = fields.strings(b, "also", bp, false);
        boolean inPlace = fields.bool(b, "in_place", bp);
        String value = fields.text(b, "value", bp, false);
        if (value != null && !BackfillRule.VALUES.contains(value)) {
            problems.at(b.get("value"), bp.key("value"), "'" + value + "' is not a value the backfill knows (" + String.join(", ", BackfillRule.VALUES) + ")");
        }
        if (from == null && also.isEmpty() && !inPlace && value == null) {
            problems.at(b, bp, "say `from` (the source that gives this column), `also` (columns it fills too), `in_place: true`"
                    + " (filled into rows that exist) or `value` (what the backfill writes)");
        }
        return new BackfillRule(from, also, inPlace || value != null, value, b.location());
    }
}

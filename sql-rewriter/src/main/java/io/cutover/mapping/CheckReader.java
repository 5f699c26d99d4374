package io.cutover.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads one item of {@code checks:}: a stored total recounted from the rows it sums. */
final class CheckReader {
    private final YamlFields fields;
    private final ComparatorReader comparators;

    CheckReader(YamlFields fields, ComparatorReader comparators) {
        this.fields = fields;
        this.comparators = comparators;
    }

    /** The check at {@code index} of the list at {@code checks}, named by its name; null when not a map. */
    AggregateCheck read(YamlNode n, MappingPath checks, int index) {
        MappingPath path = checks.item(YamlFields.peek(n, "name"), index);
        if (!fields.isMap(n, path)) return null;
        fields.allowed(n, path, "name", "table", "value", "aggregate", "compare", "old", "note");
        YamlNode a = fields.map(n, "aggregate", path, true);
        String aggTable = null, expr = null;
        Map<String, String> join = new LinkedHashMap<>();
        if (a != null) {
            MappingPath ap = path.key("aggregate");
            fields.allowed(a, ap, "table", "join", "expr");
            aggTable = fields.text(a, "table", ap, true);
            expr = fields.text(a, "expr", ap, true);
            YamlNode j = fields.map(a, "join", ap, true);
            if (j != null) join = fields.scalars(j, ap.key("join"));
        }
        ValueComparator compare = comparators.readField(n, path);
        return new AggregateCheck(fields.text(n, "name", path, true), fields.text(n, "table", path, true),
                fields.text(n, "value", path, true), aggTable, Map.copyOf(join), expr, compare,
                oldReadings(n, path), fields.text(n, "note", path, false), n.location());
    }

    /** Per old source, the query that reads the same check there ({@code old:}). */
    private Map<String, AggregateCheck.OldReading> oldReadings(YamlNode check, MappingPath path) {
        Map<String, AggregateCheck.OldReading> old = new LinkedHashMap<>();
        YamlNode o = fields.map(check, "old", path, false);
        if (o == null) return Collections.unmodifiableMap(old);
        o.entries().forEach((source, reading) -> {
            MappingPath p = path.key("old").key(source);
            if (!fields.isMap(reading, p)) return;
            fields.allowed(reading, p, "sql");
            String sql = fields.text(reading, "sql", p, true);
            if (sql != null) old.put(source, new AggregateCheck.OldReading(sql, reading.location()));
        });
        return Collections.unmodifiableMap(old);
    }
}

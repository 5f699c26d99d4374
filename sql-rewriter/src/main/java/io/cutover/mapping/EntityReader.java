package io.cutover.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads one item of {@code entities:}: its new table and, per source ({@code from:}), the side
 * that says where its old rows live and how each new column follows from them.
 */
final class EntityReader {
    private final YamlFields fields;
    private final Problems problems;
    private final ColumnRuleReader columns;
    private final PivotReader pivots;

    EntityReader(YamlFields fields, ColumnRuleReader columns, PivotReader pivots) {
        this.fields = fields;
        this.problems = fields.problems();
        this.columns = columns;
        this.pivots = pivots;
    }

    /** The entity at {@code index} of the list at {@code entities}, named by its name; null when not a map. */
    EntitySpec read(YamlNode n, MappingPath entities, int index) {
        MappingPath path = entities.item(YamlFields.peek(n, "name"), index);
        if (!fields.isMap(n, path)) return null;
        fields.allowed(n, path, "name", "target", "from");
        String name = fields.text(n, "name", path, true);
        YamlNode t = fields.map(n, "target", path, true);
        String table = null;
        List<String> key = List.of(), surrogate = List.of();
        if (t != null) {
            MappingPath tp = path.key("target");
            fields.allowed(t, tp, "table", "key", "surrogate");
            table = fields.text(t, "table", tp, true);
            key = fields.strings(t, "key", tp, true);
            surrogate = fields.strings(t, "surrogate", tp, false);
        }
        Map<String, SideSpec> from = new LinkedHashMap<>();
        YamlNode f = fields.map(n, "from", path, true);
        if (f != null) f.entries().forEach((src, v) -> {
            SideSpec side = side(src, v, path.key("from").key(src));
            if (side != null) from.put(src, side);
        });
        return new EntitySpec(name, table, key, surrogate, Collections.unmodifiableMap(from), n.location());
    }

    private SideSpec side(String source, YamlNode n, MappingPath path) {
        if (!fields.isMap(n, path)) return null;
        fields.allowed(n, path, "table", "thing", "data", "id", "key", "surrogate", "filter", "absent", "columns", "pivots");
        String table = fields.text(n, "table", path, false);
        String thing = fields.text(n, "thing", path, false);
        String data = fields.text(n, "data", path, thing != null);
        String id = fields.text(n, "id", path, thing != null);
        if (table != null && thing != null) problems.atKey(n, "thing", path, "give either table or thing/data, not both");
        List<String> key = fields.strings(n, "key", path, false);
        List<String> surrogate = fields.strings(n, "surrogate", path, false);
        String filter = fields.text(n, "filter", path, false);
        SideSpec.Absent absent = absent(n, path);
        List<ColumnRule> rules = new ArrayList<>();
        YamlNode cs = fields.list(n, "columns", path, true);
        if (cs != null) for (int i = 0; i < cs.items().size(); i++) rules.add(columns.read(cs.items().get(i), path.key("columns"), i));
        List<PivotSpec> pivotSpecs = new ArrayList<>();
        YamlNode ps = fields.list(n, "pivots", path, false);
        if (ps != null) for (int i = 0; i < ps.items().size(); i++) pivotSpecs.add(pivots.read(ps.items().get(i), path.key("pivots"), i));
        // a partial model (broken parts left out) so that the catalog check can still run
        rules.removeIf(Objects::isNull);
        pivotSpecs.removeIf(Objects::isNull);
        return new SideSpec(source, table, thing, data, id, key, surrogate, filter, absent,
                List.copyOf(rules), List.copyOf(pivotSpecs), n.location());
    }

    /** The old rows that stand for no row ({@code absent:}), or null when the side names none. */
    private SideSpec.Absent absent(YamlNode side, MappingPath path) {
        YamlNode a = fields.map(side, "absent", path, false);
        if (a == null) return null;
        MappingPath p = path.key("absent");
        if (a.entries().isEmpty()) problems.at(a, p, "name at least one column and its value");
        return new SideSpec.Absent(Collections.unmodifiableMap(fields.scalars(a, p)), a.location());
    }
}

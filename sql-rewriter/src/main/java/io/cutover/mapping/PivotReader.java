package io.cutover.mapping;

import java.util.Collections;
import java.util.Map;

/** Reads one item of a side's {@code pivots:}: a child table whose rows became columns. */
final class PivotReader {
    private final YamlFields fields;

    PivotReader(YamlFields fields) {
        this.fields = fields;
    }

    /** The pivot at {@code index} of the list at {@code pivots}, named by its table; null when not a map. */
    PivotSpec read(YamlNode n, MappingPath pivots, int index) {
        MappingPath path = pivots.item(YamlFields.peek(n, "table"), index);
        if (!fields.isMap(n, path)) return null;
        fields.allowed(n, path, "table", "parent", "on", "value", "values", "dropped");
        YamlNode v = fields.map(n, "values", path, true);
        Map<String, String> values = v == null ? Map.of() : fields.scalars(v, path.key("values"));
        return new PivotSpec(fields.text(n, "table", path, true), fields.text(n, "parent", path, true),
                fields.text(n, "on", path, true), fields.text(n, "value", path, true),
                Collections.unmodifiableMap(values), fields.strings(n, "dropped", path, false), n.location());
    }
}

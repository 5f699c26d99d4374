package io.cutover.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one item of {@code kept:}: an old table that stays, and the old ids it still holds. */
final class KeptTableReader {
    private final YamlFields fields;

    KeptTableReader(YamlFields fields) {
        this.fields = fields;
    }

    /** The kept table at {@code index} of the list at {@code kept}, named by its table; null when not a map. */
    KeptTable read(YamlNode n, MappingPath kept, int index) {
        MappingPath path = kept.item(YamlFields.peek(n, "table"), index);
        if (!fields.isMap(n, path)) return null;
        fields.allowed(n, path, "table", "refs", "literals");
        List<KeptTable.KeptRef> refs = new ArrayList<>();
        YamlNode rs = fields.list(n, "refs", path, false);
        if (rs != null) {
            for (int i = 0; i < rs.items().size(); i++) {
                YamlNode r = rs.items().get(i);
                MappingPath p = path.key("refs").item(YamlFields.peek(r, "column"), i);
                if (!fields.isMap(r, p)) continue;
                fields.allowed(r, p, "column", "entity");
                refs.add(new KeptTable.KeptRef(fields.text(r, "column", p, true), fields.text(r, "entity", p, true)));
            }
        }
        Map<String, List<String>> literals = new LinkedHashMap<>();
        YamlNode ls = fields.map(n, "literals", path, false);
        if (ls != null) ls.entries().forEach((k, v) -> literals.put(k, fields.strings(v, path.key("literals").key(k))));
        return new KeptTable(fields.text(n, "table", path, true), List.copyOf(refs), Map.copyOf(literals), n.location());
    }
}

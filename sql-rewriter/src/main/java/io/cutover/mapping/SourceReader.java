package io.cutover.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one entry of {@code sources:}: a database with its schema, or a CSV export and its columns. */
final class SourceReader {
    private final YamlFields fields;

    SourceReader(YamlFields fields) {
        this.fields = fields;
    }

    /** The source called {@code name}, at {@code path}; null when it is not a map. */
    SourceSpec read(String name, YamlNode n, MappingPath path) {
        if (!fields.isMap(n, path)) return null;
        fields.allowed(n, path, "kind", "schema", "role", "columns", "latest");
        SourceSpec.Kind kind = fields.enumValue(SourceSpec.Kind.class, n, "kind", path, SourceSpec.Kind.DATABASE);
        SourceSpec.Role role = fields.enumValue(SourceSpec.Role.class, n, "role", path, SourceSpec.Role.TRUTH);
        String schema = fields.text(n, "schema", path, kind == SourceSpec.Kind.DATABASE);
        YamlNode c = fields.map(n, "columns", path, kind == SourceSpec.Kind.CSV);
        Map<String, String> columns = c == null ? new LinkedHashMap<>() : fields.scalars(c, path.key("columns"));
        return new SourceSpec(name, kind, schema, role, columns, latest(n, path), n.location());
    }

    /** The change-log reading of a CSV source ({@code latest:}), or null when it has none. */
    private SourceSpec.Latest latest(YamlNode source, MappingPath path) {
        YamlNode l = fields.map(source, "latest", path, false);
        if (l == null) return null;
        MappingPath p = path.key("latest");
        fields.allowed(l, p, "key", "by");
        List<String> key = fields.strings(l, "key", p, true);
        return new SourceSpec.Latest(key, fields.text(l, "by", p, true), l.location());
    }
}

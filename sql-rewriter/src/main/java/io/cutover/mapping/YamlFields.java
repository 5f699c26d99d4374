package io.cutover.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of the fields of a {@link YamlNode} map that record a problem and carry on
 * instead of throwing, so that one pass reports everything wrong in a file. A field's path is
 * its parent's path and its key; a value's path is given as it is.
 */
final class YamlFields {
    private final Problems problems;

    YamlFields(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    boolean isMap(YamlNode n, MappingPath path) {
        if (n != null && n.isMap()) return true;
        problems.at(n, path, "expected a map");
        return false;
    }

    /** Reports every key of {@code map} that is not one of {@code keys}. */
    void allowed(YamlNode map, MappingPath path, String... keys) {
        Set<String> ok = Set.of(keys);
        for (String k : map.entries().keySet()) {
            if (!ok.contains(k)) problems.atKey(map, k, path.key(k), "unknown key (allowed: " + String.join(", ", keys) + ")");
        }
    }

    /** The text of a field that is a single value, without reporting anything: for naming paths. */
    static String peek(YamlNode parent, String key) {
        YamlNode v = parent == null ? null : parent.get(key);
        return v != null && v.isScalar() ? v.text() : null;
    }

    String text(YamlNode parent, String key, MappingPath path, boolean required) {
        YamlNode v = present(parent, key, path, required);
        return v == null ? null : scalar(v, path.key(key));
    }

    /** A single value; null (YAML's {@code ~}) reads as null. */
    String scalar(YamlNode v, MappingPath path) {
        if (v.isScalar()) return v.text();
        if (v.kind() == YamlNode.Kind.NULL) return null;
        problems.at(v, path, "expected a single value");
        return null;
    }

    boolean bool(YamlNode parent, String key, MappingPath path) {
        YamlNode v = parent.get(key);
        if (v == null) return false;
        String t = scalar(v, path.key(key));
        if ("true".equals(t)) return true;
        if (!"false".equals(t)) problems.at(v, path.key(key), "expected true or false");
        return false;
    }

    YamlNode map(YamlNode parent, String key, MappingPath path, boolean required) {
        YamlNode v = present(parent, key, path, required);
        return v != null && isMap(v, path.key(key)) ? v : null;
    }

    YamlNode list(YamlNode parent, String key, MappingPath path, boolean required) {
        YamlNode v = present(parent, key, path, required);
        if (v == null || v.isList()) return v;
        problems.at(v, path.key(key), "expected a list");
        return null;
    }

    /** A field holding one value or a list of them; empty when absent. */
    List<String> strings(YamlNode parent, String key, MappingPath path, boolean required) {
        YamlNode v = present(parent, key, path, required);
        return v == null ? List.of() : strings(v, path.key(key));
    }

    List<String> strings(YamlNode v, MappingPath path) {
        if (v.isScalar()) return List.of(v.text());
        if (!v.isList()) {
            problems.at(v, path, "expected a list of values");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (YamlNode i : v.items()) {
            String s = scalar(i, path);
            if (s != null) out.add(s);
        }
        return List.copyOf(out);
    }

    /** A map of single values (key -> value), in the order written. */
    Map<String, String> scalars(YamlNode map, MappingPath path) {
        Map<String, String> out = new LinkedHashMap<>();
        map.entries().forEach((k, v) -> out.put(k, scalar(v, path.key(k))));
        return out;
    }

    <E extends Enum<E>> E enumValue(Class<E> type, YamlNode parent, String key, MappingPath path, E fallback) {
        String t = text(parent, key, path, false);
        if (t == null) return fallback;
        try {
            return Enum.valueOf(type, constant(t));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) names.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            problems.at(parent.get(key), path.key(key), "'" + t + "' is not one of " + names);
            return fallback;
        }
    }

    /** A YAML spelling ({@code old-null-unknown}) as a Java constant's name. */
    static String constant(String yaml) {
        return yaml.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The field's node, or null after reporting it missing (at its parent) when required. */
    private YamlNode present(YamlNode parent, String key, MappingPath path, boolean required) {
        YamlNode v = parent.get(key);
        if (v == null && required) problems.at(parent, path.key(key), "missing");
        return v;
    }
}

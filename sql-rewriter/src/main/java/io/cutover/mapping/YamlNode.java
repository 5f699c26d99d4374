package io.cutover.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each node was written. Jackson's JsonNode
 * forgets locations; the mapping's errors must name file:line, so we build our own tree from
 * Jackson's streaming parser and its {@link JsonLocation}s.
 */
public final class YamlNode {
    public enum Kind { MAP, LIST, SCALAR, NULL }

    private final Kind kind;
    private final FilePosition location;
    private final String scalar;
    private final Map<String, YamlNode> map;
    private final Map<String, FilePosition> keyLocations;
    private final List<YamlNode> list;

    private YamlNode(Kind kind, FilePosition location, String scalar, Map<String, YamlNode> map,
                     Map<String, FilePosition> keyLocations, List<YamlNode> list) {
        this.kind = kind;
        this.location = location;
        this.scalar = scalar;
        this.map = map;
        this.keyLocations = keyLocations;
        this.list = list;
    }

    public static YamlNode parse(String file, String text) {
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) return new YamlNode(Kind.NULL, new FilePosition(file, 1, 1), null, Map.of(), Map.of(), List.of());
            return read(file, p);
        } catch (IOException e) {
            FilePosition at = new FilePosition(file, 0, 0);
            String message = e.getMessage();
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe) {
                message = jpe.getOriginalMessage();
                if (jpe.getLocation() != null) at = location(file, jpe.getLocation());
            }
            throw new MappingException(List.of(new MappingProblem(at, "(document)", "not valid YAML: " + message)));
        }
    }

    private static YamlNode read(String file, JsonParser p) throws IOException {
        FilePosition at = location(file, p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> map = new LinkedHashMap<>();
                Map<String, FilePosition> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    FilePosition keyAt = location(file, p.currentTokenLocation());
                    p.nextToken();
                    YamlNode value = read(file, p);
                    if (map.containsKey(name)) {
                        throw new MappingException(List.of(new MappingProblem(keyAt, name, "duplicate key")));
                    }
                    map.put(name, value);
                    keys.put(name, keyAt);
                }
                return new YamlNode(Kind.MAP, at, null, Collections.unmodifiableMap(map), keys, List.of());
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(read(file, p));
                return new YamlNode(Kind.LIST, at, null, Map.of(), Map.of(), List.copyOf(items));
            }
            case VALUE_NULL -> {
                return new YamlNode(Kind.NULL, at, null, Map.of(), Map.of(), List.of());
            }
            default -> {
                return new YamlNode(Kind.SCALAR, at, p.getText(), Map.of(), Map.of(), List.of());
            }
        }
    }

    private static FilePosition location(String file, JsonLocation l) {
        return new FilePosition(file, l.getLineNr(), l.getColumnNr());
    }

    public Kind kind() { return kind; }
    public FilePosition location() { return location; }
    public boolean isMap() { return kind == Kind.MAP; }
    public boolean isList() { return kind == Kind.LIST; }
    public boolean isScalar() { return kind == Kind.SCALAR; }
    public String text() { return scalar; }
    public Map<String, YamlNode> entries() { return map; }
    public List<YamlNode> items() { return list; }
    public YamlNode get(String key) { return map.get(key); }

    /** Where a key (not its value) was written: errors about unknown keys point here. */
    public FilePosition keyLocation(String key) {
        return keyLocations.getOrDefault(key, location);
    }
}

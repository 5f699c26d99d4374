package io.cutover.repair;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.mapping.EntitySpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report's key ({@code {"id":12}}, {@code {"post_id":3,"voter_id":"ann"}}) as the WHERE
 * condition that finds its row in the target table, each key column translated like any value
 * ({@link TargetValues}: a voter named by username is looked up).
 */
final class RowKey {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RowKey() {}

    /** Column to value (null for JSON null), in the key's order. */
    static Map<String, String> parse(String key) {
        try {
            JsonNode node = JSON.readTree(key);
            if (node == null || !node.isObject()) throw new IllegalArgumentException("not a key object: " + key);
            Map<String, String> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                values.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
            return values;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a key object: " + key, e);
        }
    }

    /** The condition on alias {@code t}, or a {@link TargetValues.Translated} saying why there is none. */
    static TargetValues.Translated condition(TargetValues values, EntitySpec entity, String source, String key) {
        Map<String, String> parsed;
        try {
            parsed = parse(key);
        } catch (IllegalArgumentException e) {
            return TargetValues.Translated.not(e.getMessage());
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> k : parsed.entrySet()) {
            if (k.getValue() == null) return TargetValues.Translated.not("key column " + k.getKey() + " is NULL: no row can be addressed by it");
            TargetValues.Translated v = values.expression(entity, source, k.getKey(), k.getValue());
            if (!v.ok()) return v;
            parts.add("t." + SqlText.identifier(k.getKey()) + " = " + v.sql());
        }
        return TargetValues.Translated.of(String.join(" AND ", parts));
    }
}

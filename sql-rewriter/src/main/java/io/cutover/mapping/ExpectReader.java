package io.cutover.mapping;

import java.util.List;

/**
 * Reads a column rule's {@code expect:} when it is a condition (a map of one of
 * {@code not_null: true}, {@code between: [low, high]}, {@code same_for_all: true}) rather than a
 * literal. Whether a bound column exists is the validator's to say, against the new table.
 */
final class ExpectReader {
    private final YamlFields fields;

    ExpectReader(YamlFields fields) {
        this.fields = fields;
    }

    /** The condition, or null (with a problem at the line) when it says none. */
    ExpectCondition read(YamlNode n, MappingPath path) {
        fields.allowed(n, path, "not_null", "between", "same_for_all");
        if (n.entries().size() != 1) {
            fields.problems().at(n, path, "give one condition: not_null: true, between: [low, high] or same_for_all: true");
            return null;
        }
        String key = n.entries().keySet().iterator().next();
        if (key.equals("between")) {
            List<String> bounds = fields.strings(n, "between", path, true);
            if (bounds.size() != 2) {
                fields.problems().at(n.get("between"), path.key("between"),
                        "between takes two bounds, [low, high]: a column of the new row, now, or a timestamp");
                return null;
            }
            return new ExpectCondition(ExpectCondition.Kind.BETWEEN, bounds, n.location());
        }
        if (!key.equals("not_null") && !key.equals("same_for_all")) return null;   // reported by allowed()
        if (!fields.bool(n, key, path)) {
            fields.problems().at(n.get(key), path.key(key), key + " is a condition: write " + key + ": true, or leave it out");
            return null;
        }
        return new ExpectCondition(key.equals("not_null") ? ExpectCondition.Kind.NOT_NULL : ExpectCondition.Kind.SAME_FOR_ALL,
                List.of(), n.location());
    }
}

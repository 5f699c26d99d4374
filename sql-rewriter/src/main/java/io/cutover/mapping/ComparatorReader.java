package io.cutover.mapping;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Reads a {@code compare:} of a column rule or a check: a name (exact, trim, ...) or a map of one
 * kind with its tolerances (numeric, timestamp).
 */
final class ComparatorReader {
    private final YamlFields fields;
    private final Problems problems;

    ComparatorReader(YamlFields fields) {
        this.fields = fields;
        this.problems = fields.problems();
    }

    /** The comparator of {@code parent}'s {@code compare:} field; exact when absent or unreadable. */
    ValueComparator readField(YamlNode parent, MappingPath parentPath) {
        YamlNode n = parent.get("compare");
        return n == null ? ValueComparator.EXACT : read(n, parentPath.key("compare"));
    }

    private ValueComparator read(YamlNode n, MappingPath path) {
        if (n.isScalar()) {
            try {
                return ValueComparator.simple(ValueComparator.Kind.valueOf(YamlFields.constant(n.text())));
            } catch (IllegalArgumentException e) {
                problems.at(n, path, "unknown comparator '" + n.text() + "' (exact, trim, case-insensitive, unicode-nfc, json, or numeric/timestamp maps)");
                return ValueComparator.EXACT;
            }
        }
        if (!fields.isMap(n, path)) return ValueComparator.EXACT;
        if (n.entries().size() != 1) {
            problems.at(n, path, "a comparator has exactly one kind (numeric or timestamp)");
            return ValueComparator.EXACT;
        }
        var e = n.entries().entrySet().iterator().next();
        YamlNode v = e.getValue();
        MappingPath p = path.key(e.getKey());
        switch (e.getKey()) {
            case "numeric":
                return fields.isMap(v, p) ? numeric(v, p) : ValueComparator.EXACT;
            case "timestamp":
                return fields.isMap(v, p) ? timestamp(v, p) : ValueComparator.EXACT;
            default:
                problems.atKey(n, e.getKey(), path, "unknown comparator '" + e.getKey() + "'");
                return ValueComparator.EXACT;
        }
    }

    private ValueComparator numeric(YamlNode v, MappingPath p) {
        fields.allowed(v, p, "tolerance");
        double tol = 0;
        String t = fields.text(v, "tolerance", p, true);
        try {
            if (t != null) tol = Double.parseDouble(t);
        } catch (NumberFormatException ex) {
            problems.at(v.get("tolerance"), p.key("tolerance"), "expected a number");
        }
        return new ValueComparator(ValueComparator.Kind.NUMERIC, tol, null, null);
    }

    private ValueComparator timestamp(YamlNode v, MappingPath p) {
        fields.allowed(v, p, "tolerance", "truncate");
        Duration tol = null;
        ChronoUnit unit = null;
        String t = fields.text(v, "tolerance", p, false);
        if (t != null) {
            try {
                tol = Duration.parse(t);
            } catch (DateTimeParseException ex) {
                problems.at(v.get("tolerance"), p.key("tolerance"), "expected an ISO-8601 duration such as PT1S");
            }
        }
        String u = fields.text(v, "truncate", p, false);
        if (u != null) {
            try {
                unit = ChronoUnit.valueOf(YamlFields.constant(u).replace("MILLISECONDS", "MILLIS").replace("MICROSECONDS", "MICROS"));
            } catch (IllegalArgumentException ex) {
                problems.at(v.get("truncate"), p.key("truncate"), "expected a time unit such as seconds or milliseconds");
            }
        }
        return new ValueComparator(ValueComparator.Kind.TIMESTAMP, 0, tol, unit);
    }
}

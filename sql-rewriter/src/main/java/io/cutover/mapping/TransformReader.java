package io.cutover.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads a column rule's {@code transform:}: a name ({@code base36} or {@code base36_decode},
 * {@code base36_encode}, {@code identity}) or a map of one kind ({@code coalesce}, {@code enum},
 * {@code flags}, {@code fullname} or {@code fullname_decode}, {@code fullname_encode}; a
 * fullname's type as {@code t3} or {@code link}).
 */
final class TransformReader {
    private final YamlFields fields;
    private final Problems problems;

    TransformReader(YamlFields fields) {
        this.fields = fields;
        this.problems = fields.problems();
    }

    /** The transform at {@code n}; identity, after reporting why, when it cannot be read. */
    Transform read(YamlNode n, MappingPath path) {
        if (n.isScalar()) {
            return switch (n.text()) {
                case "base36", "base36_decode" -> new Transform.Base36Decode();
                case "base36_encode" -> new Transform.Base36Encode();
                case "identity" -> new Transform.Identity();
                default -> {
                    problems.at(n, path, "unknown transform '" + n.text() + "' (base36, base36_encode, identity,"
                            + " or a map: coalesce, enum, flags, fullname, fullname_encode)");
                    yield new Transform.Identity();
                }
            };
        }
        if (!fields.isMap(n, path)) return new Transform.Identity();
        if (n.entries().size() != 1) {
            problems.at(n, path, "a transform has exactly one kind");
            return new Transform.Identity();
        }
        var e = n.entries().entrySet().iterator().next();
        String kind = e.getKey();
        YamlNode v = e.getValue();
        MappingPath p = path.key(kind);
        switch (kind) {
            case "coalesce":
                return new Transform.Coalesce(fields.strings(v, p));
            case "enum": {
                Map<String, String> m = fields.isMap(v, p) ? fields.scalars(v, p) : new LinkedHashMap<>();
                return new Transform.EnumRemap(Collections.unmodifiableMap(m));
            }
            case "flags": {
                if (!fields.isMap(v, p)) return new Transform.Identity();
                fields.allowed(v, p, "old", "new");
                return new Transform.Flags(flags(v, "old", p), flags(v, "new", p));
            }
            case "fullname", "fullname_decode", "fullname_encode": {
                String t = fields.scalar(v, p);
                OptionalInt type = Fullname.typeNumber(t);
                if (type.isEmpty()) {
                    problems.at(v, p, "expected a Reddit type prefix t1..t5 (or comment, account, link, subreddit), got '" + t + "'");
                    return new Transform.Identity();
                }
                return kind.equals("fullname_encode") ? new Transform.FullnameEncode(type.getAsInt()) : new Transform.FullnameDecode(type.getAsInt());
            }
            default:
                problems.atKey(n, kind, path, "unknown transform '" + kind + "' (coalesce, enum, flags, fullname, fullname_encode, base36, base36_encode)");
                return new Transform.Identity();
        }
    }

    /** One side's flags of a {@code flags:} transform: name -> its single bit. */
    private Map<String, Long> flags(YamlNode parent, String key, MappingPath path) {
        Map<String, Long> m = new LinkedHashMap<>();
        YamlNode n = fields.map(parent, key, path, true);
        if (n == null) return m;
        MappingPath p = path.key(key);
        n.entries().forEach((k, v) -> {
            try {
                long bit = Long.parseLong(fields.scalar(v, p.key(k)));
                if (Long.bitCount(bit) != 1) problems.at(v, p.key(k), "a flag is one bit, got " + bit);
                m.put(k, bit);
            } catch (NumberFormatException ex) {
                problems.at(v, p.key(k), "expected an integer bit value");
            }
        });
        return Map.copyOf(m);
    }
}

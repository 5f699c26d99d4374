package io.cutover.mapping;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds a {@link YamlNode} tree to the mapping records. Hand-written rather than databind so
 * that it can keep going after a problem and report every one with its file:line and key.
 */
final class MappingReader {
    private final String origin;
    private final List<MappingProblem> problems = new ArrayList<>();

    MappingReader(String origin) {
        this.origin = origin;
    }

    /** What the last {@link #read} found wrong; the model it returned leaves those parts out. */
    List<MappingProblem> problems() {
        return problems;
    }

    Mapping read(YamlNode root) {
        if (!root.isMap()) {
            throw new MappingException(List.of(new MappingProblem(root.location(), "(document)", "expected a mapping document")));
        }
        allowed(root, "mapping", "(document)", "mapping", "schemas", "sources", "target", "entities", "kept", "checks", "trees");
        String name = text(root, "mapping", "mapping", true);
        Map<String, List<String>> schemas = new LinkedHashMap<>();
        YamlNode s = map(root, "schemas", "schemas", true);
        if (s != null) s.entries().forEach((k, v) -> schemas.put(k, strings(v, "schemas." + k)));
        Map<String, SourceSpec> sources = new LinkedHashMap<>();
        YamlNode src = map(root, "sources", "sources", true);
        if (src != null) src.entries().forEach((k, v) -> sources.put(k, source(k, v, "sources." + k)));
        YamlNode target = map(root, "target", "target", true);
        String targetSchema = target == null ? null : text(target, "schema", "target.schema", true);
        List<EntitySpec> entities = new ArrayList<>();
        YamlNode es = list(root, "entities", "entities", true);
        if (es != null) for (int i = 0; i < es.items().size(); i++) entities.add(entity(es.items().get(i), "entities[" + i + "]"));
        List<KeptTable> kept = new ArrayList<>();
        YamlNode ks = list(root, "kept", "kept", false);
        if (ks != null) for (int i = 0; i < ks.items().size(); i++) kept.add(kept(ks.items().get(i), "kept[" + i + "]"));
        List<AggregateCheck> checks = new ArrayList<>();
        YamlNode cs = list(root, "checks", "checks", false);
        if (cs != null) for (int i = 0; i < cs.items().size(); i++) checks.add(check(cs.items().get(i), "checks[" + i + "]"));
        YamlNode ts = map(root, "trees", "trees", false);
        TreeSpec trees = ts == null ? null : trees(ts, "trees");
        // a partial model (broken parts left out) so that the catalog check can still run
        entities.removeIf(java.util.Objects::isNull);
        kept.removeIf(java.util.Objects::isNull);
        checks.removeIf(java.util.Objects::isNull);
        sources.values().removeIf(java.util.Objects::isNull);
        return new Mapping(name, origin, Map.copyOf(schemas), java.util.Collections.unmodifiableMap(sources),
                targetSchema, List.copyOf(entities), List.copyOf(kept), List.copyOf(checks), trees);
    }

    private SourceSpec source(String name, YamlNode n, String path) {
        if (!expectMap(n, path)) return null;
        allowed(n, path, "kind", "schema", "role", "columns", "latest");
        SourceSpec.Kind kind = enumValue(SourceSpec.Kind.class, n, "kind", path, SourceSpec.Kind.DATABASE);
        SourceSpec.Role role = enumValue(SourceSpec.Role.class, n, "role", path, SourceSpec.Role.TRUTH);
        String schema = text(n, "schema", path + ".schema", kind == SourceSpec.Kind.DATABASE);
        Map<String, String> columns = new LinkedHashMap<>();
        YamlNode c = map(n, "columns", path + ".columns", kind == SourceSpec.Kind.CSV);
        if (c != null) c.entries().forEach((k, v) -> columns.put(k, scalar(v, path + ".columns." + k)));
        SourceSpec.Latest latest = null;
        YamlNode l = map(n, "latest", path + ".latest", false);
        if (l != null) {
            allowed(l, path + ".latest", "key", "by");
            List<String> key = l.get("key") == null ? missing(l, path + ".latest.key") : strings(l.get("key"), path + ".latest.key");
            latest = new SourceSpec.Latest(key, text(l, "by", path + ".latest.by", true), l.location());
        }
        return new SourceSpec(name, kind, schema, role, columns, latest, n.location());
    }

    private EntitySpec entity(YamlNode n, String path) {
        if (!expectMap(n, path)) return null;
        allowed(n, path, "name", "target", "from");
        String name = text(n, "name", path + ".name", true);
        String p = name == null ? path : "entities." + name;
        YamlNode t = map(n, "target", p + ".target", true);
        String table = null;
        List<String> key = List.of(), surrogate = List.of();
        if (t != null) {
            allowed(t, p + ".target", "table", "key", "surrogate");
            table = text(t, "table", p + ".target.table", true);
            key = t.get("key") == null ? missing(t, p + ".target.key") : strings(t.get("key"), p + ".target.key");
            surrogate = t.get("surrogate") == null ? List.of() : strings(t.get("surrogate"), p + ".target.surrogate");
        }
        Map<String, SideSpec> from = new LinkedHashMap<>();
        YamlNode f = map(n, "from", p + ".from", true);
        if (f != null) f.entries().forEach((src, v) -> {
            SideSpec side = side(src, v, p + ".from." + src);
            if (side != null) from.put(src, side);
        });
        return new EntitySpec(name, table, key, surrogate, java.util.Collections.unmodifiableMap(from), n.location());
    }

    private SideSpec side(String source, YamlNode n, String path) {
        if (!expectMap(n, path)) return null;
        allowed(n, path, "table", "thing", "data", "id", "key", "surrogate", "filter", "absent", "columns", "pivots");
        String table = text(n, "table", path + ".table", false);
        String thing = text(n, "thing", path + ".thing", false);
        String data = text(n, "data", path + ".data", thing != null);
        String id = text(n, "id", path + ".id", thing != null);
        if (table != null && thing != null) problem(n.keyLocation("thing"), path, "give either table or thing/data, not both");
        List<String> key = n.get("key") == null ? List.of() : strings(n.get("key"), path + ".key");
        List<String> surrogate = n.get("surrogate") == null ? List.of() : strings(n.get("surrogate"), path + ".surrogate");
        String filter = text(n, "filter", path + ".filter", false);
        SideSpec.Absent absent = null;
        YamlNode a = map(n, "absent", path + ".absent", false);
        if (a != null) {
            Map<String, String> values = new LinkedHashMap<>();
            if (a.entries().isEmpty()) problem(a.location(), path + ".absent", "name at least one column and its value");
            a.entries().forEach((k, v) -> values.put(k, scalar(v, path + ".absent." + k)));
            absent = new SideSpec.Absent(java.util.Collections.unmodifiableMap(values), a.location());
        }
        List<ColumnRule> columns = new ArrayList<>();
        YamlNode cs = list(n, "columns", path + ".columns", true);
        if (cs != null) for (int i = 0; i < cs.items().size(); i++) columns.add(column(cs.items().get(i), path + ".columns[" + i + "]"));
        List<PivotSpec> pivots = new ArrayList<>();
        YamlNode ps = list(n, "pivots", path + ".pivots", false);
        if (ps != null) for (int i = 0; i < ps.items().size(); i++) pivots.add(pivot(ps.items().get(i), path + ".pivots[" + i + "]"));
        columns.removeIf(java.util.Objects::isNull);
        pivots.removeIf(java.util.Objects::isNull);
        return new SideSpec(source, table, thing, data, id, key, surrogate, filter, absent, List.copyOf(columns), List.copyOf(pivots), n.location());
    }

    private static final Set<String> VALUE_SOURCES = Set.of("old", "key", "sql", "expect", "pivot", "dropped");

    private ColumnRule column(YamlNode n, String path) {
        if (!expectMap(n, path)) return null;
        allowed(n, path, "new", "old", "key", "sql", "expect", "pivot", "dropped", "transform", "values", "ref",
                "literals", "compare", "nulls", "default", "decode", "warn", "note", "new_sql", "marker");
        String newColumn = text(n, "new", path + ".new", false);
        String p = newColumn == null ? path : path + "(" + newColumn + ")";
        String old = text(n, "old", p + ".old", false);
        String dataKey = text(n, "key", p + ".key", false);
        String sql = text(n, "sql", p + ".sql", false);
        boolean hasExpect = n.get("expect") != null;
        String expect = hasExpect ? scalar(n.get("expect"), p + ".expect") : null;
        String pivot = text(n, "pivot", p + ".pivot", false);
        boolean dropped = bool(n, "dropped", p);
        long sources = VALUE_SOURCES.stream().filter(k -> n.get(k) != null).count();
        boolean oldAndSql = (old != null || dataKey != null) && sql != null && sources == 2;
        if (sources == 0) problem(n.location(), p, "needs one of old, key, sql, expect, pivot, dropped");
        else if (sources > 1 && !oldAndSql && !(dropped && old != null && sources == 2)) {
            problem(n.location(), p, "give only one of old, key, sql, expect, pivot (old or key may go with sql)");
        }
        if (dropped && old == null) problem(n.location(), p, "a dropped column names its old column");
        if (!dropped && newColumn == null) problem(n.location(), p, "needs `new` (the new column) unless dropped");
        Transform transform = n.get("transform") == null ? new Transform.Identity() : transform(n.get("transform"), p + ".transform");
        ColumnRule.Values values = enumValue(ColumnRule.Values.class, n, "values", p, ColumnRule.Values.SAME);
        ColumnRule.Ref ref = null;
        YamlNode r = map(n, "ref", p + ".ref", false);
        if (r != null) {
            allowed(r, p + ".ref", "entity", "by");
            ref = new ColumnRule.Ref(text(r, "entity", p + ".ref.entity", true), text(r, "by", p + ".ref.by", false));
        }
        List<String> literals = n.get("literals") == null ? List.of() : strings(n.get("literals"), p + ".literals");
        for (String l : literals) {
            if (!l.matches("t[1-5]")) problem(n.get("literals").location(), p + ".literals", "'" + l + "' is not a Reddit type prefix (t1..t5)");
        }
        ValueComparator compare = n.get("compare") == null ? ValueComparator.EXACT : comparator(n.get("compare"), p + ".compare");
        NullSemantics nulls = enumValue(NullSemantics.class, n, "nulls", p, NullSemantics.EQUAL);
        String def = n.get("default") == null ? null : scalar(n.get("default"), p + ".default");
        String decode = text(n, "decode", p + ".decode", false);
        if (decode != null && !Set.of("bool", "num", "str", "pickle-datetime", "edited").contains(decode)) {
            problem(n.get("decode").location(), p + ".decode", "unknown decoder '" + decode + "' (bool, num, str, pickle-datetime, edited)");
        }
        String newSql = text(n, "new_sql", p + ".new_sql", false);
        String marker = n.get("marker") == null ? null : scalar(n.get("marker"), p + ".marker");
        if (marker != null && sql == null && newSql == null) {
            problem(n.get("marker").location(), p + ".marker", "a marker stands for NULL in what sql or new_sql computes; this rule has neither");
        }
        if (marker != null && !marker.matches("-?\\d+")) {
            problem(n.get("marker").location(), p + ".marker", "'" + marker + "' is not an integer (the marker of an id column)");
        }
        return new ColumnRule(newColumn, old, dataKey, sql, expect, hasExpect, pivot, dropped, transform, values, ref,
                List.copyOf(literals), compare, nulls, def, decode, text(n, "warn", p + ".warn", false),
                text(n, "note", p + ".note", false), newSql, marker, n.location());
    }

    private Transform transform(YamlNode n, String path) {
        if (n.isScalar()) {
            return switch (n.text()) {
                case "base36" -> new Transform.Base36Decode();
                case "identity" -> new Transform.Identity();
                default -> {
                    problem(n.location(), path, "unknown transform '" + n.text() + "' (base36, identity, or a map: coalesce, enum, flags, fullname)");
                    yield new Transform.Identity();
                }
            };
        }
        if (!expectMap(n, path) || n.entries().size() != 1) {
            if (n.isMap()) problem(n.location(), path, "a transform has exactly one kind");
            return new Transform.Identity();
        }
        var e = n.entries().entrySet().iterator().next();
        String kind = e.getKey();
        YamlNode v = e.getValue();
        String p = path + "." + kind;
        switch (kind) {
            case "coalesce":
                return new Transform.Coalesce(strings(v, p));
            case "enum": {
                Map<String, String> m = new LinkedHashMap<>();
                if (expectMap(v, p)) v.entries().forEach((k, x) -> m.put(k, scalar(x, p + "." + k)));
                return new Transform.EnumRemap(java.util.Collections.unmodifiableMap(m));
            }
            case "flags": {
                if (!expectMap(v, p)) return new Transform.Identity();
                allowed(v, p, "old", "new");
                Map<String, Long> o = flags(v.get("old"), p + ".old"), nw = flags(v.get("new"), p + ".new");
                return new Transform.Flags(o, nw);
            }
            case "fullname": {
                String t = scalar(v, p);
                if (t == null || !t.matches("t[1-5]")) {
                    problem(v.location(), p, "expected a Reddit type prefix t1..t5, got '" + t + "'");
                    return new Transform.Identity();
                }
                return new Transform.FullnameDecode(t.charAt(1) - '0');
            }
            default:
                problem(n.keyLocation(kind), path, "unknown transform '" + kind + "' (coalesce, enum, flags, fullname, base36)");
                return new Transform.Identity();
        }
    }

    private Map<String, Long> flags(YamlNode n, String path) {
        Map<String, Long> m = new LinkedHashMap<>();
        if (n == null) {
            problem(new Location(origin, 0, 0), path, "missing");
            return m;
        }
        if (!expectMap(n, path)) return m;
        n.entries().forEach((k, v) -> {
            try {
                long bit = Long.parseLong(scalar(v, path + "." + k));
                if (Long.bitCount(bit) != 1) problem(v.location(), path + "." + k, "a flag is one bit, got " + bit);
                m.put(k, bit);
            } catch (NumberFormatException ex) {
                problem(v.location(), path + "." + k, "expected an integer bit value");
            }
        });
        return Map.copyOf(m);
    }

    private ValueComparator comparator(YamlNode n, String path) {
        if (n.isScalar()) {
            try {
                return ValueComparator.simple(ValueComparator.Kind.valueOf(constant(n.text())));
            } catch (IllegalArgumentException e) {
                problem(n.location(), path, "unknown comparator '" + n.text() + "' (exact, trim, case-insensitive, unicode-nfc, json, or numeric/timestamp maps)");
                return ValueComparator.EXACT;
            }
        }
        if (!expectMap(n, path) || n.entries().size() != 1) return ValueComparator.EXACT;
        var e = n.entries().entrySet().iterator().next();
        YamlNode v = e.getValue();
        String p = path + "." + e.getKey();
        switch (e.getKey()) {
            case "numeric": {
                if (!expectMap(v, p)) return ValueComparator.EXACT;
                allowed(v, p, "tolerance");
                double tol = 0;
                String t = text(v, "tolerance", p + ".tolerance", true);
                try {
                    if (t != null) tol = Double.parseDouble(t);
                } catch (NumberFormatException ex) {
                    problem(v.get("tolerance").location(), p + ".tolerance", "expected a number");
                }
                return new ValueComparator(ValueComparator.Kind.NUMERIC, tol, null, null);
            }
            case "timestamp": {
                if (!expectMap(v, p)) return ValueComparator.EXACT;
                allowed(v, p, "tolerance", "truncate");
                Duration tol = null;
                ChronoUnit unit = null;
                String t = text(v, "tolerance", p + ".tolerance", false);
                if (t != null) {
                    try {
                        tol = Duration.parse(t);
                    } catch (DateTimeParseException ex) {
                        problem(v.get("tolerance").location(), p + ".tolerance", "expected an ISO-8601 duration such as PT1S");
                    }
                }
                String u = text(v, "truncate", p + ".truncate", false);
                if (u != null) {
                    try {
                        unit = ChronoUnit.valueOf(constant(u).replace("MILLISECONDS", "MILLIS").replace("MICROSECONDS", "MICROS"));
                    } catch (IllegalArgumentException ex) {
                        problem(v.get("truncate").location(), p + ".truncate", "expected a time unit such as seconds or milliseconds");
                    }
                }
                return new ValueComparator(ValueComparator.Kind.TIMESTAMP, 0, tol, unit);
            }
            default:
                problem(n.keyLocation(e.getKey()), path, "unknown comparator '" + e.getKey() + "'");
                return ValueComparator.EXACT;
        }
    }

    private PivotSpec pivot(YamlNode n, String path) {
        if (!expectMap(n, path)) return null;
        allowed(n, path, "table", "parent", "on", "value", "values", "dropped");
        Map<String, String> values = new LinkedHashMap<>();
        YamlNode v = map(n, "values", path + ".values", true);
        if (v != null) v.entries().forEach((k, x) -> values.put(k, scalar(x, path + ".values." + k)));
        List<String> dropped = n.get("dropped") == null ? List.of() : strings(n.get("dropped"), path + ".dropped");
        return new PivotSpec(text(n, "table", path + ".table", true), text(n, "parent", path + ".parent", true),
                text(n, "on", path + ".on", true), text(n, "value", path + ".value", true),
                java.util.Collections.unmodifiableMap(values), dropped, n.location());
    }

    private KeptTable kept(YamlNode n, String path) {
        if (!expectMap(n, path)) return null;
        allowed(n, path, "table", "refs", "literals");
        List<KeptTable.KeptRef> refs = new ArrayList<>();
        YamlNode rs = list(n, "refs", path + ".refs", false);
        if (rs != null) {
            for (int i = 0; i < rs.items().size(); i++) {
                YamlNode r = rs.items().get(i);
                String p = path + ".refs[" + i + "]";
                if (!expectMap(r, p)) continue;
                allowed(r, p, "column", "entity");
                refs.add(new KeptTable.KeptRef(text(r, "column", p + ".column", true), text(r, "entity", p + ".entity", true)));
            }
        }
        Map<String, List<String>> literals = new LinkedHashMap<>();
        YamlNode ls = map(n, "literals", path + ".literals", false);
        if (ls != null) ls.entries().forEach((k, v) -> literals.put(k, strings(v, path + ".literals." + k)));
        return new KeptTable(text(n, "table", path + ".table", true), List.copyOf(refs), Map.copyOf(literals), n.location());
    }

    private AggregateCheck check(YamlNode n, String path) {
        if (!expectMap(n, path)) return null;
        allowed(n, path, "name", "table", "value", "aggregate", "compare", "old", "note");
        YamlNode a = map(n, "aggregate", path + ".aggregate", true);
        String aggTable = null, expr = null;
        Map<String, String> join = new LinkedHashMap<>();
        if (a != null) {
            allowed(a, path + ".aggregate", "table", "join", "expr");
            aggTable = text(a, "table", path + ".aggregate.table", true);
            expr = text(a, "expr", path + ".aggregate.expr", true);
            YamlNode j = map(a, "join", path + ".aggregate.join", true);
            if (j != null) j.entries().forEach((k, v) -> join.put(k, scalar(v, path + ".aggregate.join." + k)));
        }
        ValueComparator compare = n.get("compare") == null ? ValueComparator.EXACT : comparator(n.get("compare"), path + ".compare");
        Map<String, AggregateCheck.OldReading> old = new LinkedHashMap<>();
        YamlNode o = map(n, "old", path + ".old", false);
        if (o != null) {
            o.entries().forEach((source, reading) -> {
                String p = path + ".old." + source;
                if (!expectMap(reading, p)) return;
                allowed(reading, p, "sql");
                String sql = text(reading, "sql", p + ".sql", true);
                if (sql != null) old.put(source, new AggregateCheck.OldReading(sql, reading.location()));
            });
        }
        return new AggregateCheck(text(n, "name", path + ".name", true), text(n, "table", path + ".table", true),
                text(n, "value", path + ".value", true), aggTable, Map.copyOf(join), expr, compare,
                java.util.Collections.unmodifiableMap(old), text(n, "note", path + ".note", false), n.location());
    }

    private TreeSpec trees(YamlNode n, String path) {
        allowed(n, path, "comments", "posts", "steplen", "alphabet", "tables");
        String steplenText = text(n, "steplen", path + ".steplen", true);
        int steplen = 0;
        if (steplenText != null) {
            try {
                steplen = Integer.parseInt(steplenText.strip());
                if (steplen < 1) problem(n.get("steplen").location(), path + ".steplen", "must be at least 1");
            } catch (NumberFormatException e) {
                problem(n.get("steplen").location(), path + ".steplen", "'" + steplenText + "' is not a whole number");
            }
        }
        String alphabet = text(n, "alphabet", path + ".alphabet", true);
        if (alphabet != null && (alphabet.length() < 2 || alphabet.chars().distinct().count() != alphabet.length())) {
            problem(n.get("alphabet").location(), path + ".alphabet", "needs at least two characters, none repeated");
        }
        List<TreeSpec.Table> tables = new ArrayList<>();
        YamlNode ls = list(n, "tables", path + ".tables", true);
        if (ls != null) {
            for (int i = 0; i < ls.items().size(); i++) {
                YamlNode t = ls.items().get(i);
                String p = path + ".tables[" + i + "]";
                if (!expectMap(t, p)) continue;
                allowed(t, p, "table", "sort", "by", "order");
                TreeSpec.Order order = enumValue(TreeSpec.Order.class, t, "order", p, TreeSpec.Order.ASCENDING);
                if (t.get("order") == null) problem(t.location(), p + ".order", "missing (ascending or descending)");
                tables.add(new TreeSpec.Table(text(t, "table", p + ".table", true), text(t, "sort", p + ".sort", true),
                        text(t, "by", p + ".by", true), order, t.location()));
            }
        }
        return new TreeSpec(text(n, "comments", path + ".comments", true), text(n, "posts", path + ".posts", true),
                steplen, alphabet, List.copyOf(tables), n.location());
    }

    // ---- small helpers that record a problem and carry on ----------------------------------

    private void problem(Location at, String key, String message) {
        problems.add(new MappingProblem(at, key, message));
    }

    private boolean expectMap(YamlNode n, String path) {
        if (n != null && n.isMap()) return true;
        problem(n == null ? new Location(origin, 0, 0) : n.location(), path, "expected a map");
        return false;
    }

    private void allowed(YamlNode n, String path, String... keys) {
        Set<String> ok = Set.of(keys);
        for (String k : n.entries().keySet()) {
            if (!ok.contains(k)) problem(n.keyLocation(k), path + "." + k, "unknown key (allowed: " + String.join(", ", keys) + ")");
        }
    }

    private <T> List<T> missing(YamlNode parent, String path) {
        problem(parent.location(), path, "missing");
        return List.of();
    }

    private String text(YamlNode parent, String key, String path, boolean required) {
        YamlNode v = parent.get(key);
        if (v == null) {
            if (required) problem(parent.location(), path, "missing");
            return null;
        }
        return scalar(v, path);
    }

    private String scalar(YamlNode v, String path) {
        if (v.isScalar()) return v.text();
        if (v.kind() == YamlNode.Kind.NULL) return null;
        problem(v.location(), path, "expected a single value");
        return null;
    }

    private boolean bool(YamlNode parent, String key, String path) {
        YamlNode v = parent.get(key);
        if (v == null) return false;
        String t = scalar(v, path + "." + key);
        if ("true".equals(t)) return true;
        if (!"false".equals(t)) problem(v.location(), path + "." + key, "expected true or false");
        return false;
    }

    private YamlNode map(YamlNode parent, String key, String path, boolean required) {
        YamlNode v = parent.get(key);
        if (v == null) {
            if (required) problem(parent.location(), path, "missing");
            return null;
        }
        return expectMap(v, path) ? v : null;
    }

    private YamlNode list(YamlNode parent, String key, String path, boolean required) {
        YamlNode v = parent.get(key);
        if (v == null) {
            if (required) problem(parent.location(), path, "missing");
            return null;
        }
        if (v.isList()) return v;
        problem(v.location(), path, "expected a list");
        return null;
    }

    private List<String> strings(YamlNode v, String path) {
        if (v.isScalar()) return List.of(v.text());
        if (!v.isList()) {
            problem(v.location(), path, "expected a list of values");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (YamlNode i : v.items()) {
            String s = scalar(i, path);
            if (s != null) out.add(s);
        }
        return List.copyOf(out);
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, YamlNode parent, String key, String path, E fallback) {
        String t = text(parent, key, path + "." + key, false);
        if (t == null) return fallback;
        try {
            return Enum.valueOf(type, constant(t));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) names.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            problem(parent.get(key).location(), path + "." + key, "'" + t + "' is not one of " + names);
            return fallback;
        }
    }

    private static String constant(String yaml) {
        return yaml.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }
}

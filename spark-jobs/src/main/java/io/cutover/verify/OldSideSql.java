package io.cutover.verify;

import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.PivotSpec;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.SourceSpec;
import io.cutover.mapping.Transform;
import io.cutover.outcome.CutoverException;
import io.cutover.schema.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The old side of a comparison in Spark SQL (alias {@code o}): the source's tables, Reddit's
 * key-value rows pivoted first, each rule's value brought to the new column's meaning and
 * type, foreign keys replaced by the natural key they point to; and its pass-1 digest, each
 * hash taken as early as it can be.
 */
final class OldSideSql {
    private final ComparisonPlanner planner;
    private final Mapping mapping;
    final EntitySpec entity;
    final SideSpec side;
    final SourceSpec source;
    final Catalog catalog;
    final Set<String> tables = new LinkedHashSet<>();
    final List<ComparisonPlan.NamedSql> views = new ArrayList<>();
    final List<String> joins = new ArrayList<>();
    final List<ComparedColumn> columns = new ArrayList<>();
    final Set<String> sideColumns = new LinkedHashSet<>();
    final List<ComparisonPlan.NamedSql> digestViews = new ArrayList<>();
    /** The expressions the full SQL selects, kept for the digest: keys, then compared columns. */
    final List<String> keyValues = new ArrayList<>();
    final List<String> columnValues = new ArrayList<>();
    final List<ColumnRule> columnRules = new ArrayList<>();
    String from;
    int refs;

    OldSideSql(ComparisonPlanner planner, EntitySpec entity, SideSpec side, SourceSpec source) {
        this.planner = planner;
        this.mapping = planner.mapping();
        this.entity = entity;
        this.side = side;
        this.source = source;
        this.catalog = source.kind() == SourceSpec.Kind.DATABASE ? planner.catalog(source.schema()) : null;
    }

    String sql(Catalog.TableDef targetTable) {
        from = from();
        List<String> select = new ArrayList<>();
        for (String key : entity.key()) {
            ColumnRule rule = side.ruleForNew(key).orElseThrow(() -> CutoverException.configuration(
                    "mapping: entity " + entity.name() + ", source " + side.source() + " has no rule for key column " + key));
            String v = value(rule, targetTable);
            keyValues.add(v);
            select.add(v + " AS k_" + key);
        }
        for (ColumnRule rule : side.columns()) {
            if (rule.newColumn() == null || rule.dropped() || rule.isRenumbered() || entity.key().contains(rule.newColumn())) {
                continue;
            }
            String type = rule.ref() != null ? "STRING" : ComparisonPlanner.typeOf(targetTable, rule.newColumn());
            String v = value(rule, targetTable);
            columnValues.add(v);
            columnRules.add(rule);
            select.add(v + " AS v_" + rule.newColumn());
            columns.add(new ComparedColumn(rule.newColumn(), type, rule.compare(), rule.nulls()));
        }
        String where = side.filter() == null ? "" : " WHERE " + side.filter();
        return "SELECT " + String.join(", ", select) + " FROM " + from + " o" + String.join("", joins) + where;
    }

    /**
     * Pass 1's SQL: the keys, one 64-bit hash per compared column ({@code h_*}) and the lenient
     * columns' values, with every hash taken before any shuffle that would otherwise carry the
     * wide value: per key-value row ahead of the pivot where a column depends on its own key
     * only, else on the old row ahead of the joins to the things it refers to.
     */
    String digestSql(boolean crossEngine) {
        DigestSelect select = new DigestSelect("o", entity.key(), keyValues, crossEngine);
        Map<String, String> pushed = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            ComparedColumn c = columns.get(i);
            String v = columnValues.get(i);
            ColumnRule rule = columnRules.get(i);
            String perKeyValueRow = !c.lenient() && side.isKeyValue() && rule.dataKey() != null
                    ? perDataRow(v, rule.dataKey(), "d.value", "d.kind") : null;
            if (perKeyValueRow != null) {
                pushed.put(c.name(), "CASE WHEN d.key = '" + rule.dataKey() + "' THEN " + select.hash(c, perKeyValueRow) + " END");
                String absent = select.hash(c, perDataRow(v, rule.dataKey(), "CAST(NULL AS STRING)", "CAST(NULL AS STRING)"));
                select.outer.add("coalesce(o.`cutover_h_" + c.name() + "`, " + absent + ") AS h_" + c.name());
            } else {
                select.add(c, v);
            }
        }
        String where = side.filter() == null ? "" : " WHERE " + side.filter();
        String joined = String.join("", joins);
        String digestFrom = from;
        if (side.isKeyValue()) {
            Set<String> raw = new LinkedHashSet<>();
            Set<String> dataKeys = dataKeys(side);
            String text = String.join(" ", select.inner) + " " + String.join(" ", select.outer) + " " + joined + " " + where;
            Matcher m = ComparisonPlanner.OLD_REFERENCE.matcher(text);
            while (m.find()) {
                String name = m.group(1).endsWith("__kind") ? m.group(1).substring(0, m.group(1).length() - 6) : m.group(1);
                if (dataKeys.contains(name)) raw.add(name);
            }
            // A key read only as a number (a foreign key's id) is pivoted as one: a pivot of
            // fixed-width values aggregates by hash, one with any text value by sorting.
            Set<String> numeric = new LinkedHashSet<>();
            for (String key : raw) {
                String asNumber = "CAST(o.`" + key + "` AS BIGINT)";
                if (text.replace(asNumber, "").replaceAll("o\\.`?" + Pattern.quote(key) + "(__kind)?\\b`?", "\u0000").indexOf('\u0000') < 0) {
                    numeric.add(key);
                }
            }
            digestFrom = digestPivotView(side, raw, numeric, pushed, crossEngine);
        }
        return select.sql(digestFrom, where, joined);
    }

    /** The column's value computed from one key-value row, or null when it needs more than that row. */
    private String perDataRow(String value, String dataKey, String valueSql, String kindSql) {
        String v = value.replace("o.`" + dataKey + "__kind`", kindSql).replace("o.`" + dataKey + "`", valueSql);
        return ComparisonPlanner.OLD_REFERENCE.matcher(v).find() || ComparisonPlanner.isSubquery(v) || ComparisonPlanner.JOINED_ALIAS.matcher(v).find() ? null : v;
    }

    /** The pivot for pass 1: raw values only of the keys an expression needs whole, hashes for the rest. */
    private String digestPivotView(SideSpec s, Set<String> raw, Set<String> numeric, Map<String, String> hashes,
                                   boolean crossEngine) {
        String name = "cutover_digest_" + entity.name() + "_" + s.source() + (crossEngine ? "_md5" : "");
        List<String> cols = new ArrayList<>();
        for (String key : raw) {
            if (numeric.contains(key)) {
                cols.add("max(CASE WHEN d.key = '" + key + "' THEN CAST(d.value AS BIGINT) END) AS `" + key + "`");
                continue;
            }
            cols.add("max(CASE WHEN d.key = '" + key + "' THEN d.value END) AS `" + key + "`");
            cols.add("max(CASE WHEN d.key = '" + key + "' THEN d.kind END) AS `" + key + "__kind`");
        }
        hashes.forEach((column, hash) -> cols.add("max(" + hash + ") AS `cutover_h_" + column + "`"));
        String pivot = "SELECT d.thing_id AS cutover_thing_id" + (cols.isEmpty() ? "" : ", " + String.join(", ", cols))
                + " FROM " + s.data() + " d" + keyFilter(dataKeys(s)) + " GROUP BY d.thing_id";
        digestViews.add(new ComparisonPlan.NamedSql(name, "SELECT t.*, p.* FROM " + s.thing() + " t LEFT JOIN (" + pivot
                + ") p ON p.cutover_thing_id = t." + s.id()));
        return name;
    }

    private String from() {
        if (source.kind() == SourceSpec.Kind.CSV) {
            sideColumns.addAll(source.csvColumns().keySet());
            return ComparisonPlanner.csvView(side.source());
        }
        if (!side.isKeyValue()) {
            tables.add(side.table());
            sideColumns.addAll(columnsOf(side.table()));
            for (String t : tablesIn(side)) tables.add(t);
            return side.table();
        }
        String view = pivotView(entity.name(), side);
        sideColumns.addAll(columnsOf(side.thing()));
        sideColumns.addAll(dataKeys(side));
        for (String t : tablesIn(side)) tables.add(t);
        return view;
    }

    /** Reddit's key-value rows, one row per thing: each key's value and the kind it was stored as. */
    private String pivotView(String entityName, SideSpec s) {
        String name = "cutover_pivot_" + entityName + "_" + s.source();
        if (views.stream().anyMatch(v -> v.name().equals(name))) return name;
        tables.add(s.thing());
        tables.add(s.data());
        List<String> cols = new ArrayList<>();
        for (String key : dataKeys(s)) {
            cols.add("max(CASE WHEN d.key = '" + key + "' THEN d.value END) AS `" + key + "`");
            cols.add("max(CASE WHEN d.key = '" + key + "' THEN d.kind END) AS `" + key + "__kind`");
        }
        String pivot = "SELECT d.thing_id AS cutover_thing_id" + (cols.isEmpty() ? "" : ", " + String.join(", ", cols))
                + " FROM " + s.data() + " d" + keyFilter(dataKeys(s)) + " GROUP BY d.thing_id";
        views.add(new ComparisonPlan.NamedSql(name, "SELECT t.*, p.* FROM " + s.thing() + " t LEFT JOIN (" + pivot
                + ") p ON p.cutover_thing_id = t." + s.id()));
        return name;
    }

    /** Key-value rows of keys no rule reads are dropped before the pivot's shuffle. */
    private String keyFilter(Set<String> keys) {
        if (keys.isEmpty()) return "";
        return " WHERE d.key IN (" + keys.stream().map(k -> "'" + k + "'").collect(java.util.stream.Collectors.joining(", ")) + ")";
    }

    private Set<String> dataKeys(SideSpec s) {
        Set<String> thingColumns = new LinkedHashSet<>(columnsOf(s.thing()));
        Set<String> keys = new LinkedHashSet<>();
        for (ColumnRule r : s.columns()) {
            if (r.dataKey() != null) keys.add(r.dataKey());
            for (String sql : new String[] {r.sql()}) {
                if (sql == null) continue;
                Matcher m = ComparisonPlanner.ALIAS_O.matcher(sql);
                while (m.find()) if (!thingColumns.contains(m.group(1))) keys.add(m.group(1));
            }
            if (r.transform() instanceof Transform.Coalesce c) {
                for (String f : c.fallbacks()) if (f.matches("[a-z_][a-z0-9_]*") && !thingColumns.contains(f)) keys.add(f);
            }
        }
        return keys;
    }

    /** Tables an expression names (correlated subqueries such as the article lookup). */
    private Set<String> tablesIn(SideSpec s) {
        Set<String> out = new LinkedHashSet<>();
        if (catalog == null) return out;
        for (ColumnRule r : s.columns()) {
            if (r.sql() == null) continue;
            Matcher m = ComparisonPlanner.WORD.matcher(r.sql().toLowerCase(Locale.ROOT));
            while (m.find()) if (catalog.table(m.group(1)).isPresent()) out.add(m.group(1));
        }
        return out;
    }

    private List<String> columnsOf(String table) {
        if (catalog == null) return List.of();
        return catalog.table(table).map(t -> List.copyOf(t.columns().keySet())).orElseThrow(
                () -> CutoverException.configuration("mapping: source " + side.source() + " has no table " + table));
    }

    /** The old value of one rule, brought to the new column's meaning and type. */
    private String value(ColumnRule rule, Catalog.TableDef targetTable) {
        String type = ComparisonPlanner.typeOf(targetTable, rule.newColumn());
        String raw;
        if (rule.hasExpect()) {
            return ComparisonPlanner.literal(rule.expect(), type);
        } else if (rule.sql() != null) {
            raw = "(" + rule.sql() + ")";
        } else if (rule.dataKey() != null) {
            raw = dataValue(rule);
        } else if (rule.old() != null) {
            raw = "o.`" + rule.old() + "`";
        } else if (rule.pivot() != null) {
            return pivotValue(rule);
        } else {
            throw CutoverException.configuration("mapping: " + entity.name() + "." + rule.newColumn() + " has no value");
        }
        String v = transform(raw, rule.transform());
        if (rule.ref() != null) return ref(rule, v);
        return "CAST(" + v + " AS " + type + ")";
    }

    private String dataValue(ColumnRule rule) {
        String v = "o.`" + rule.dataKey() + "`";
        String kind = "o.`" + rule.dataKey() + "__kind`";
        String decoded = switch (rule.decode() == null ? "" : rule.decode()) {
            case "edited" -> "(" + kind + " = 'pickle' OR (" + kind + " = 'bool' AND " + v + " = 't'))";
            case "bool" -> "(" + v + " = 't')";
            case "pickle-datetime" -> "cutover_pickle_datetime(" + v + ")";
            default -> v;
        };
        if (rule.defaultValue() == null) return decoded;
        // A key with no row means the model's default; a row of kind none means NULL.
        return "(CASE WHEN " + kind + " IS NULL THEN " + ComparisonPlanner.literal(rule.defaultValue(), null) + " ELSE " + decoded + " END)";
    }

    private String pivotValue(ColumnRule rule) {
        for (PivotSpec p : side.pivots()) {
            for (Map.Entry<String, String> e : p.values().entrySet()) {
                if (!e.getValue().equalsIgnoreCase(rule.newColumn()) && !e.getKey().equalsIgnoreCase(rule.pivot())) continue;
                tables.add(p.table());
                String alias = "pv" + (++refs);
                String parent = side.surrogate().isEmpty() ? "id" : side.surrogate().get(0);
                joins.add(" LEFT JOIN (SELECT " + p.parent() + " AS pid, max(CASE WHEN " + p.on() + " = '" + e.getKey()
                        + "' THEN " + p.value() + " END) AS val FROM " + p.table() + " GROUP BY " + p.parent() + ") " + alias
                        + " ON " + alias + ".pid = o." + parent);
                return "CAST(" + alias + ".val AS " + ComparisonPlanner.typeOf(targetCatalogTable(), rule.newColumn()) + ")";
            }
        }
        throw CutoverException.configuration("mapping: " + entity.name() + "." + rule.newColumn() + " names pivot '"
                + rule.pivot() + "' that no pivot of source " + side.source() + " fills");
    }

    private Catalog.TableDef targetCatalogTable() {
        return planner.targetCatalog().table(entity.table()).orElseThrow();
    }

    private String transform(String raw, Transform t) {
        if (t instanceof Transform.Coalesce c) {
            List<String> args = new ArrayList<>(List.of(raw));
            for (String f : c.fallbacks()) args.add(sideColumns.contains(f) ? "o.`" + f + "`" : ComparisonPlanner.literal(f, null));
            return "coalesce(" + String.join(", ", args) + ")";
        }
        if (t instanceof Transform.EnumRemap e) return TransformSql.enumRemap(raw, e, v -> "'" + v + "'");
        if (t instanceof Transform.Flags f && !f.sameBits()) return TransformSql.flags(raw, f);
        if (t instanceof Transform.Base36Decode) return "cutover_base36(" + raw + ")";
        if (t instanceof Transform.FullnameDecode fn) return "cutover_fullname_id(" + raw + ", " + fn.typeNumber() + ")";
        return raw;
    }

    /** A foreign key replaced by the natural key of the row it points to in the same source. */
    private String ref(ColumnRule rule, String value) {
        if (rule.ref().by() != null) return "CAST(" + value + " AS STRING)";
        EntitySpec target = mapping.entity(rule.ref().entity()).orElseThrow(() -> CutoverException.configuration(
                "mapping: " + entity.name() + "." + rule.newColumn() + " refers to unknown entity " + rule.ref().entity()));
        SideSpec refSide = target.from().get(side.source());
        if (refSide == null || target.key().size() != 1) {
            throw CutoverException.configuration("mapping: " + entity.name() + "." + rule.newColumn() + " refers to "
                    + target.name() + ", which source " + side.source() + " does not describe by a one-column key");
        }
        ColumnRule naturalKey = refSide.ruleForNew(target.key().get(0)).orElseThrow();
        String alias = "r" + (++refs);
        String idColumn;
        String keyValue;
        String fromRef;
        if (refSide.isKeyValue()) {
            fromRef = pivotView(target.name(), refSide);
            idColumn = refSide.id();
            keyValue = naturalKey.dataKey() != null ? "`" + naturalKey.dataKey() + "`" : "`" + naturalKey.old() + "`";
        } else {
            tables.add(refSide.table());
            fromRef = refSide.table();
            idColumn = refSide.surrogate().isEmpty() ? "id" : refSide.surrogate().get(0);
            keyValue = "`" + (naturalKey.old() != null ? naturalKey.old() : naturalKey.newColumn()) + "`";
        }
        joins.add(" LEFT JOIN (SELECT CAST(" + idColumn + " AS BIGINT) AS ref_id, CAST(" + keyValue
                + " AS STRING) AS ref_key FROM " + fromRef + ") " + alias + " ON " + alias + ".ref_id = CAST(" + value + " AS BIGINT)");
        return alias + ".ref_key";
    }
}

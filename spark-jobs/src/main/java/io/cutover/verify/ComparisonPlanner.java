package io.cutover.verify;

import io.cutover.outcome.CutoverException;
import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.PivotSpec;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.SourceSpec;
import io.cutover.mapping.Transform;
import io.cutover.schema.Catalog;
import io.cutover.schema.DeclaredKeys;
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
 * Turns one (entity, source) of the mapping into a {@link ComparisonPlan}: Spark SQL over the
 * source's tables (alias {@code o}, Reddit key-value rows pivoted first) and over the new
 * table (alias {@code n}). Foreign keys become the natural keys they point to on both sides.
 */
final class ComparisonPlanner {
    private static final Pattern ALIAS_O = Pattern.compile("\\bo\\.(\\w+)");
    private static final Pattern WORD = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\b");
    /** A column of the old row ({@code o.x} or {@code o.`x`}). */
    private static final Pattern OLD_REFERENCE = Pattern.compile("\\bo\\.`?([A-Za-z_][A-Za-z0-9_]*)`?");
    /** A value from a joined row (a referenced thing or a pivoted child table). */
    private static final Pattern JOINED_ALIAS = Pattern.compile("\\b(r|pv)\\d+\\.");

    private final Mapping mapping;
    private final Map<String, Catalog> catalogs = new LinkedHashMap<>();

    ComparisonPlanner(Mapping mapping) {
        this.mapping = mapping;
    }

    private Catalog catalog(String schema) {
        return catalogs.computeIfAbsent(schema, s -> {
            List<String> scripts = mapping.schemas().get(s);
            if (scripts == null) throw CutoverException.configuration("mapping names no schema '" + s + "'");
            return Catalog.of(scripts.toArray(String[]::new));
        });
    }

    Catalog targetCatalog() {
        return catalog(mapping.targetSchema());
    }

    ComparisonPlan plan(EntitySpec entity, String sourceName) {
        SideSpec side = entity.from().get(sourceName);
        SourceSpec source = mapping.sources().get(sourceName);
        Catalog target = targetCatalog();
        Catalog.TableDef targetTable = target.table(entity.table()).orElseThrow(
                () -> CutoverException.configuration("mapping: no new table " + entity.table()));
        OldSide old = new OldSide(entity, side, source);
        String oldSql = old.sql(targetTable);
        NewSide fresh = new NewSide(entity, side);
        String newSql = fresh.sql(targetTable, old.columns);
        String oldDigest = old.digestSql(false);
        String newDigest = fresh.digestSql(old.columns, false);
        ComparisonPlan.CrossEngine crossEngine = crossEngine(entity, side, source, old, fresh);
        return new ComparisonPlan(entity.name(), sourceName, entity.key(), old.columns, List.copyOf(old.tables),
                List.copyOf(fresh.tables), old.views, oldSql, newSql, old.digestViews, oldDigest, newDigest,
                oldKeyUnique(entity, side, source), newKeyUnique(entity, side), narrowRows(entity, side, targetTable),
                old.everyRowSql, crossEngine);
    }

    /** Pass 1 for comparisons with a side in PostgreSQL: both sides hashed with {@link CrossEngineHash}. */
    private ComparisonPlan.CrossEngine crossEngine(EntitySpec entity, SideSpec side, SourceSpec source, OldSide old, NewSide fresh) {
        String oldSpark = old.digestSql(true);
        String newSpark = fresh.digestSql(old.columns, true);
        PostgresDigestPlanner postgres = new PostgresDigestPlanner(mapping, this::catalog);
        PostgresDigestPlanner.Outcome o = postgres.old(entity, side, source, old.columns, old.columnValues);
        PostgresDigestPlanner.Outcome n = postgres.fresh(entity, side, old.columns, fresh.columnValues);
        PostgresDigest oldRows = postgres.oldRows(entity, side, source, old.columns, old.columnValues).digest();
        PostgresDigest newRows = postgres.freshRows(entity, side, old.columns, fresh.columnValues).digest();
        return new ComparisonPlan.CrossEngine(oldSpark, newSpark, o.digest(), n.digest(), o.whyNot(), n.whyNot(), oldRows, newRows);
    }

    /** Every key and compared value is fixed-width or short text in the new table (refs: their natural key). */
    private boolean narrowRows(EntitySpec entity, SideSpec side, Catalog.TableDef targetTable) {
        Catalog target = targetCatalog();
        for (Catalog.ColumnDef column : targetTable.columns().values()) {
            ColumnRule rule = side.ruleForNew(column.name()).orElse(null);
            if (rule == null || rule.dropped() || rule.isRenumbered()) continue;
            String type = column.type();
            if (rule.ref() != null) {
                EntitySpec referred = mapping.entity(rule.ref().entity()).orElse(null);
                String natural = rule.ref().by() != null ? rule.ref().by() : referred == null ? null : referred.key().get(0);
                type = referred == null ? "text" : target.table(referred.table()).flatMap(t -> t.column(natural))
                        .map(Catalog.ColumnDef::type).orElse("text");
            }
            if (!isShort(type)) return false;
        }
        return true;
    }

    private static boolean isShort(String ddlType) {
        String t = ddlType.toLowerCase(Locale.ROOT).strip();
        Matcher bounded = Pattern.compile("(?:varchar|character varying|char|character)\\s*\\((\\d+)\\)").matcher(t);
        if (bounded.matches()) return Integer.parseInt(bounded.group(1)) <= 256;
        return !t.startsWith("text") && !t.startsWith("json") && !t.startsWith("bytea") && !t.startsWith("varchar")
                && !t.startsWith("character varying") && !t.startsWith("xml");
    }

    /** The old rows' key is a declared key of their table (plain old columns, or the thing id of a key-value side). */
    private boolean oldKeyUnique(EntitySpec entity, SideSpec side, SourceSpec source) {
        if (source.kind() != SourceSpec.Kind.DATABASE) return false;
        List<String> oldColumns = new ArrayList<>();
        for (String key : entity.key()) {
            ColumnRule r = side.ruleForNew(key).orElse(null);
            if (r == null || r.old() == null || r.sql() != null || r.ref() != null
                    || !(r.transform() instanceof Transform.Identity)) {
                return false;
            }
            oldColumns.add(r.old());
        }
        DeclaredKeys declared = DeclaredKeys.of(mapping.schemas().get(source.schema()));
        return declared.isUnique(side.isKeyValue() ? side.thing() : side.table(), oldColumns);
    }

    /** The new rows' key is a declared key, and any foreign key in it is replaced by a unique natural key. */
    private boolean newKeyUnique(EntitySpec entity, SideSpec side) {
        DeclaredKeys declared = DeclaredKeys.of(mapping.schemas().get(mapping.targetSchema()));
        if (!declared.isUnique(entity.table(), entity.key())) return false;
        for (String key : entity.key()) {
            ColumnRule r = side.ruleForNew(key).orElse(null);
            if (r == null || r.ref() == null) continue;
            EntitySpec target = mapping.entity(r.ref().entity()).orElse(null);
            String natural = r.ref().by() != null ? r.ref().by() : target == null ? null : target.key().get(0);
            if (target == null || !declared.isUnique(target.table(), List.of(natural))) return false;
        }
        return true;
    }

    // ---- the old side ------------------------------------------------------------------------

    private final class OldSide {
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
        /** The old rows with the absent ones too (a cleared vote): a time window selects keys from these. */
        String everyRowSql;
        int refs;

        OldSide(EntitySpec entity, SideSpec side, SourceSpec source) {
            this.entity = entity;
            this.side = side;
            this.source = source;
            this.catalog = source.kind() == SourceSpec.Kind.DATABASE ? catalog(source.schema()) : null;
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
                String type = rule.ref() != null ? "STRING" : typeOf(targetTable, rule.newColumn());
                String v = value(rule, targetTable);
                columnValues.add(v);
                columnRules.add(rule);
                select.add(v + " AS v_" + rule.newColumn());
                columns.add(new ComparedColumn(rule.newColumn(), type, rule.compare(), rule.nulls(), rule.identifies(), rule.marker()));
            }
            everyRowSql = "SELECT " + String.join(", ", select) + " FROM " + from + " o" + String.join("", joins)
                    + (side.filter() == null ? "" : " WHERE (" + side.filter() + ")");
            return "SELECT " + String.join(", ", select) + " FROM " + from + " o" + String.join("", joins) + where();
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
            String where = where();
            String joined = String.join("", joins);
            String digestFrom = from;
            if (side.isKeyValue()) {
                Set<String> raw = new LinkedHashSet<>();
                Set<String> dataKeys = dataKeys(side);
                String text = String.join(" ", select.inner) + " " + String.join(" ", select.outer) + " " + joined + " " + where;
                Matcher m = OLD_REFERENCE.matcher(text);
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
            return OLD_REFERENCE.matcher(v).find() || isSubquery(v) || JOINED_ALIAS.matcher(v).find() ? null : v;
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

        /** The side's filter, and its absent rows left out (after the filter, on the old row). */
        private String where() {
            List<String> conditions = new ArrayList<>();
            if (side.filter() != null) conditions.add("(" + side.filter() + ")");
            if (side.absent() != null) {
                List<String> matches = new ArrayList<>();
                side.absent().values().forEach((column, value) -> matches.add("o.`" + column + "` = " + literal(value, null)));
                conditions.add("NOT coalesce(" + String.join(" AND ", matches) + ", false)");
            }
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        private String from() {
            if (source.kind() == SourceSpec.Kind.CSV) {
                sideColumns.addAll(source.csvColumns().keySet());
                return source.latest() == null ? csvView(side.source()) : latestView(side.source(), source.latest());
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

        /**
         * A change-log export's current rows: per key, those with the latest {@code by} value.
         * Ties all stay, so a line the export repeats is still seen as a duplicate key.
         */
        private String latestView(String sourceName, SourceSpec.Latest latest) {
            String name = "cutover_latest_" + sourceName;
            String partition = latest.key().stream().map(k -> "c.`" + k + "`").collect(java.util.stream.Collectors.joining(", "));
            String columns = source.csvColumns().keySet().stream().map(c -> "c.`" + c + "`")
                    .collect(java.util.stream.Collectors.joining(", "));
            views.add(new ComparisonPlan.NamedSql(name, "SELECT " + columns + " FROM (SELECT c.*, max(c.`" + latest.by()
                    + "`) OVER (PARTITION BY " + partition + ") AS cutover_latest FROM " + csvView(sourceName)
                    + " c) c WHERE c.`" + latest.by() + "` <=> c.cutover_latest"));
            return name;
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
                    Matcher m = ALIAS_O.matcher(sql);
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
                Matcher m = WORD.matcher(r.sql().toLowerCase(Locale.ROOT));
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
            String type = typeOf(targetTable, rule.newColumn());
            String raw;
            if (rule.hasExpect()) {
                return literal(rule.expect(), type);
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
            return "(CASE WHEN " + kind + " IS NULL THEN " + literal(rule.defaultValue(), null) + " ELSE " + decoded + " END)";
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
                    return "CAST(" + alias + ".val AS " + typeOf(targetCatalogTable(), rule.newColumn()) + ")";
                }
            }
            throw CutoverException.configuration("mapping: " + entity.name() + "." + rule.newColumn() + " names pivot '"
                    + rule.pivot() + "' that no pivot of source " + side.source() + " fills");
        }

        private Catalog.TableDef targetCatalogTable() {
            return targetCatalog().table(entity.table()).orElseThrow();
        }

        private String transform(String raw, Transform t) {
            if (t instanceof Transform.Coalesce c) {
                List<String> args = new ArrayList<>(List.of(raw));
                for (String f : c.fallbacks()) args.add(sideColumns.contains(f) ? "o.`" + f + "`" : literal(f, null));
                return "coalesce(" + String.join(", ", args) + ")";
            }
            if (t instanceof Transform.EnumRemap e) return TransformSql.enumRemap(raw, e, ComparisonPlanner::stringLiteral);
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

    static String csvView(String source) {
        return "cutover_csv_" + source;
    }

    // ---- the new side ------------------------------------------------------------------------

    private final class NewSide {
        final EntitySpec entity;
        final SideSpec side;
        final Set<String> tables = new LinkedHashSet<>();
        final List<String> joins = new ArrayList<>();
        int refs;

        NewSide(EntitySpec entity, SideSpec side) {
            this.entity = entity;
            this.side = side;
        }

        final List<String> keyValues = new ArrayList<>();
        final List<String> columnValues = new ArrayList<>();

        String sql(Catalog.TableDef targetTable, List<ComparedColumn> columns) {
            tables.add(entity.table());
            List<String> select = new ArrayList<>();
            for (String key : entity.key()) {
                String v = value(key, targetTable);
                keyValues.add(v);
                select.add(v + " AS k_" + key);
            }
            for (ComparedColumn c : columns) {
                String v = value(c.name(), targetTable);
                columnValues.add(v);
                select.add(v + " AS v_" + c.name());
            }
            return "SELECT " + String.join(", ", select) + " FROM " + entity.table() + " n" + String.join("", joins);
        }

        /** Pass 1's SQL, shaped like the old side's digest: each column hashed before the joins. */
        String digestSql(List<ComparedColumn> columns, boolean crossEngine) {
            DigestSelect select = new DigestSelect("n", entity.key(), keyValues, crossEngine);
            for (int i = 0; i < columns.size(); i++) select.add(columns.get(i), columnValues.get(i));
            return select.sql(entity.table(), "", String.join("", joins));
        }

        private String value(String column, Catalog.TableDef targetTable) {
            ColumnRule rule = side.ruleForNew(column).orElseThrow();
            if (targetTable.column(column).isEmpty()) {
                throw CutoverException.configuration("mapping: new table " + entity.table() + " has no column " + column);
            }
            String v = rule.newSql() != null ? "(" + rule.newSql() + ")" : "n.`" + column + "`";
            if (rule.ref() == null) return "CAST(" + v + " AS " + typeOf(targetTable, column) + ")";
            EntitySpec target = mapping.entity(rule.ref().entity()).orElseThrow();
            String naturalKey = rule.ref().by() != null ? rule.ref().by() : target.key().get(0);
            String idColumn = target.surrogate().isEmpty() ? "id" : target.surrogate().get(0);
            tables.add(target.table());
            String alias = "r" + (++refs);
            joins.add(" LEFT JOIN (SELECT CAST(" + idColumn + " AS BIGINT) AS ref_id, CAST(`" + naturalKey
                    + "` AS STRING) AS ref_key FROM " + target.table() + ") " + alias + " ON " + alias + ".ref_id = CAST(" + v + " AS BIGINT)");
            return alias + ".ref_key";
        }
    }

    /**
     * One column's contribution to the row hash. Both sides must spell it alike: the value as the
     * comparator normalises it. xxhash64 skips a NULL, so a NULL hashes to the seed alone.
     */
    static String columnHash(ComparedColumn c, String value) {
        return "xxhash64(" + c.hashed("(" + value + ")") + ")";
    }

    /** Computable from the row alone: no joined value and no subquery. */
    static boolean isLocal(String value) {
        return !JOINED_ALIAS.matcher(value).find() && !isSubquery(value);
    }

    private static boolean isSubquery(String value) {
        return Pattern.compile("\\bselect\\b", Pattern.CASE_INSENSITIVE).matcher(value).find();
    }

    private String typeOf(Catalog.TableDef table, String column) {
        return table.column(column).map(c -> TableReader.SparkTypes.sqlName(c.type())).orElseThrow(
                () -> CutoverException.configuration("mapping: new table " + table.name() + " has no column " + column));
    }

    /** A Spark SQL string literal. */
    private static String stringLiteral(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String literal(String text, String type) {
        String lit;
        if (text == null) lit = "NULL";
        else if (text.matches("-?\\d+(\\.\\d+)?") || text.equals("true") || text.equals("false")) lit = text;
        else lit = stringLiteral(text);
        return type == null ? lit : "CAST(" + lit + " AS " + type + ")";
    }
}

package io.cutover.verify;

import io.cutover.outcome.CutoverException;
import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.SourceSpec;
import io.cutover.mapping.Transform;
import io.cutover.schema.Catalog;
import io.cutover.schema.DeclaredKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one (entity, source) of the mapping into a {@link ComparisonPlan}: Spark SQL over the
 * source's tables (alias {@code o}, Reddit key-value rows pivoted first) and over the new
 * table (alias {@code n}). Foreign keys become the natural keys they point to on both sides.
 */
final class ComparisonPlanner {
    static final Pattern ALIAS_O = Pattern.compile("\\bo\\.(\\w+)");
    static final Pattern WORD = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\b");
    /** A column of the old row ({@code o.x} or {@code o.`x`}). */
    static final Pattern OLD_REFERENCE = Pattern.compile("\\bo\\.`?([A-Za-z_][A-Za-z0-9_]*)`?");
    /** A value from a joined row (a referenced thing or a pivoted child table). */
    static final Pattern JOINED_ALIAS = Pattern.compile("\\b(r|pv)\\d+\\.");

    private final Mapping mapping;
    private final Map<String, Catalog> catalogs = new LinkedHashMap<>();

    ComparisonPlanner(Mapping mapping) {
        this.mapping = mapping;
    }

    Catalog catalog(String schema) {
        return catalogs.computeIfAbsent(schema, s -> {
            List<String> scripts = mapping.schemas().get(s);
            if (scripts == null) throw CutoverException.configuration("mapping names no schema '" + s + "'");
            return Catalog.of(scripts.toArray(String[]::new));
        });
    }

    Mapping mapping() {
        return mapping;
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
        OldSideSql old = new OldSideSql(this, entity, side, source);
        String oldSql = old.sql(targetTable);
        NewSideSql fresh = new NewSideSql(mapping, entity, side);
        String newSql = fresh.sql(targetTable, old.columns);
        String oldDigest = old.digestSql(false);
        String newDigest = fresh.digestSql(old.columns, false);
        ComparisonPlan.CrossEngine crossEngine = crossEngine(entity, side, source, old, fresh);
        return new ComparisonPlan(entity.name(), sourceName, entity.key(), old.columns, List.copyOf(old.tables),
                List.copyOf(fresh.tables), old.views, oldSql, newSql, old.digestViews, oldDigest, newDigest,
                oldKeyUnique(entity, side, source), newKeyUnique(entity, side), narrowRows(entity, side, targetTable), crossEngine);
    }

    /** Pass 1 for comparisons with a side in PostgreSQL: both sides hashed with {@link CrossEngineHash}. */
    private ComparisonPlan.CrossEngine crossEngine(EntitySpec entity, SideSpec side, SourceSpec source, OldSideSql old, NewSideSql fresh) {
        String oldSpark = old.digestSql(true);
        String newSpark = fresh.digestSql(old.columns, true);
        PostgresDigestPlanner postgres = new PostgresDigestPlanner(mapping, this::catalog);
        PostgresDigestPlanner.Outcome o = postgres.old(entity, side, source, old.columns, old.columnValues);
        PostgresDigestPlanner.Outcome n = postgres.fresh(entity, side, old.columns, fresh.columnValues);
        return new ComparisonPlan.CrossEngine(oldSpark, newSpark, o.digest(), n.digest(), o.whyNot(), n.whyNot());
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

    static String csvView(String source) {
        return "cutover_csv_" + source;
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

    static boolean isSubquery(String value) {
        return Pattern.compile("\\bselect\\b", Pattern.CASE_INSENSITIVE).matcher(value).find();
    }

    static String typeOf(Catalog.TableDef table, String column) {
        return table.column(column).map(c -> TableReader.SparkTypes.sqlName(c.type())).orElseThrow(
                () -> CutoverException.configuration("mapping: new table " + table.name() + " has no column " + column));
    }

    static String literal(String text, String type) {
        String lit;
        if (text == null) lit = "NULL";
        else if (text.matches("-?\\d+(\\.\\d+)?") || text.equals("true") || text.equals("false")) lit = text;
        else lit = "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
        return type == null ? lit : "CAST(" + lit + " AS " + type + ")";
    }
}

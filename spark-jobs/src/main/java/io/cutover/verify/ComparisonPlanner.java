package io.cutover.verify;

import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.SourceSpec;
import io.cutover.mapping.Transform;
import io.cutover.outcome.CutoverException;
import io.cutover.schema.Catalog;
import io.cutover.schema.DeclaredKeys;
import io.cutover.side.SideCompiler;
import io.cutover.side.SideQuery;
import io.cutover.side.SparkDialect;
import io.cutover.side.UnmappableSide;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one (entity, source) of the mapping into a {@link ComparisonPlan}: both sides compiled
 * once ({@link SideCompiler}), printed as Spark SQL ({@link SparkSideSql}) and, for a side in
 * PostgreSQL, as its digest query there ({@link PostgresDigestPlanner}).
 */
final class ComparisonPlanner {
    private static final Pattern BOUNDED_TEXT = Pattern.compile("(?:varchar|character varying|char|character)\\s*\\((\\d+)\\)");

    private final Mapping mapping;
    private final Map<String, Catalog> catalogs = new LinkedHashMap<>();

    ComparisonPlanner(Mapping mapping) {
        this.mapping = mapping;
    }

    private Catalog catalog(String schema) {
        return catalogs.computeIfAbsent(schema, s -> {
            if (!mapping.schemas().containsKey(s)) throw CutoverException.configuration("mapping names no schema '" + s + "'");
            return mapping.catalog(s);
        });
    }

    Catalog targetCatalog() {
        return catalog(mapping.targetSchema());
    }

    ComparisonPlan plan(EntitySpec entity, String sourceName) {
        SideSpec side = entity.from().get(sourceName);
        SourceSpec source = mapping.sources().get(sourceName);
        Catalog.TableDef targetTable = targetCatalog().table(entity.table()).orElseThrow(
                () -> CutoverException.configuration("mapping: no new table " + entity.table()));
        SideQuery oldQuery;
        SideQuery newQuery;
        try {
            SideCompiler compiler = new SideCompiler(mapping, this::catalog);
            oldQuery = compiler.old(entity, sourceName);
            newQuery = compiler.newSide(entity, sourceName, oldQuery.columns().stream().map(SideQuery.Output::name).toList());
        } catch (UnmappableSide e) {
            throw CutoverException.configuration(e.getMessage());
        }
        List<ComparedColumn> columns = new ArrayList<>();
        for (SideQuery.Output c : oldQuery.columns()) {
            ColumnRule rule = c.rule();
            columns.add(new ComparedColumn(c.name(), c.sparkType(), rule.compare(), rule.nulls(), rule.identifies(), rule.marker()));
        }
        SparkSideSql old = new SparkSideSql(oldQuery, columns, entity.name(), sourceName);
        SparkSideSql newSide = new SparkSideSql(newQuery, columns, entity.name(), sourceName);
        String oldSql = old.sql();
        String newSql = newSide.sql();
        String oldDigest = old.digestSql(false);
        String newDigest = newSide.digestSql(false);
        ComparisonPlan.CrossEngine crossEngine = crossEngine(entity, side, source, old, newSide);
        return new ComparisonPlan(entity.name(), sourceName, entity.key(), List.copyOf(columns), List.copyOf(oldQuery.tables()),
                List.copyOf(newQuery.tables()), old.views, oldSql, newSql, old.digestViews, oldDigest, newDigest,
                oldKeyUnique(entity, side, source), newKeyUnique(entity, side), narrowRows(entity, side, targetTable),
                old.everyRowSql(), crossEngine);
    }

    /** Pass 1 for comparisons with a side in PostgreSQL: both sides hashed with {@link CrossEngineHash}. */
    private ComparisonPlan.CrossEngine crossEngine(EntitySpec entity, SideSpec side, SourceSpec source, SparkSideSql old,
                                                   SparkSideSql newSide) {
        String oldSpark = old.digestSql(true);
        String newSpark = newSide.digestSql(true);
        PostgresDigestPlanner postgres = new PostgresDigestPlanner(mapping, this::catalog);
        PostgresDigestPlanner.Outcome o = postgres.old(side, source, old.query, old.columns, false);
        PostgresDigestPlanner.Outcome n = postgres.newSide(entity, newSide.query, newSide.columns, false);
        PostgresDigest oldRows = postgres.old(side, source, old.query, old.columns, true).digest();
        PostgresDigest newRows = postgres.newSide(entity, newSide.query, newSide.columns, true).digest();
        SegmentQueries segments = SegmentQueries.plan(postgres, entity, side, source, old, newSide);
        return new ComparisonPlan.CrossEngine(oldSpark, newSpark, o.digest(), n.digest(), o.whyNot(), n.whyNot(), oldRows, newRows,
                segments);
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
        Matcher bounded = BOUNDED_TEXT.matcher(t);
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
        DeclaredKeys declared = DeclaredKeys.of(catalog(source.schema()));
        return declared.isUnique(side.isKeyValue() ? side.thing() : side.table(), oldColumns);
    }

    /** The new rows' key is a declared key, and any foreign key in it is replaced by a unique natural key. */
    private boolean newKeyUnique(EntitySpec entity, SideSpec side) {
        DeclaredKeys declared = DeclaredKeys.of(catalog(mapping.targetSchema()));
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

    /** The view a CSV source's export is registered as. */
    static String csvView(String source) {
        return SparkSideSql.csvView(source);
    }

    /**
     * One column's contribution to the row hash. Both sides must spell it alike: the value as the
     * comparator normalises it. xxhash64 skips a NULL, so a NULL hashes to the seed alone.
     */
    static String columnHash(ComparedColumn c, String value) {
        return SparkDialect.SPARK.xxhash64(c.hashed("(" + value + ")"));
    }
}

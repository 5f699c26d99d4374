package io.cutover.side;

import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.PivotSpec;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.SourceSpec;
import io.cutover.mapping.Transform;
import io.cutover.schema.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles the two sides of one (entity, source) comparison from the mapping into
 * {@link SideQuery} values: the old side over the source's row (alias {@code o}, Reddit
 * key-value rows pivoted first), the new side over the new table (alias {@code n}). A foreign
 * key becomes the natural key of the row it points to, on both sides.
 */
public final class SideCompiler {
    private final Mapping mapping;
    private final Function<String, Catalog> catalogs;

    /** {@code catalogs}: a schema's tables by the schema's name in the mapping. */
    public SideCompiler(Mapping mapping, Function<String, Catalog> catalogs) {
        this.mapping = mapping;
        this.catalogs = catalogs;
    }

    public SideQuery old(EntitySpec entity, String sourceName) {
        return new OldSide(entity, sourceName).compile();
    }

    /** The new side of the compared columns the old side gives ({@code columns}, by name). */
    public SideQuery newSide(EntitySpec entity, String sourceName, List<String> columns) {
        return new NewSide(entity, entity.from().get(sourceName)).compile(columns);
    }

    Catalog.TableDef targetTable(EntitySpec entity) {
        return catalogs.apply(mapping.targetSchema()).table(entity.table())
                .orElseThrow(() -> new UnmappableSide("mapping: no new table " + entity.table()));
    }

    static String sparkType(Catalog.TableDef table, String column) {
        return table.column(column).map(c -> SparkTypeNames.of(c.type())).orElseThrow(
                () -> new UnmappableSide("mapping: new table " + table.name() + " has no column " + column));
    }

    /** A reference compares natural keys, a condition its description: both as text. */
    static String outputType(Catalog.TableDef table, ColumnRule rule) {
        return rule.ref() != null || rule.expectCondition() != null ? "STRING" : sparkType(table, rule.newColumn());
    }

    /** An unmodifiable copy that keeps the order. */
    static Set<String> ordered(java.util.Collection<String> items) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(items));
    }

    /** A key-value side's pivot as Spark names it. */
    public static String pivotView(String entity, String source) {
        return "cutover_pivot_" + entity + "_" + source;
    }

    /** Things both sides number their joined rows with. */
    private abstract static class Side {
        final Set<String> tables = new LinkedHashSet<>();
        final List<Join> joins = new ArrayList<>();
        final Map<String, ParsedSql> parsed = new LinkedHashMap<>();
        int refs;

        ParsedSql parsed(String sql, String alias, String column) {
            return parsed.computeIfAbsent(alias + ":" + column + ":" + sql,
                    k -> ParsedSql.parse(sql, alias, "cutover_sq_" + column));
        }

        SideExpr reference(ColumnRule rule, SideExpr id, Join.Target target) {
            return reference(rule, id, target, null);
        }

        SideExpr reference(ColumnRule rule, SideExpr id, Join.Target target, SideExpr naturalKey) {
            String alias = "r" + (++refs);
            joins.add(new Join.Reference(alias, target, id, naturalKey));
            return new SideExpr.Column(new SideExpr.Joined(alias), "ref_key");
        }
    }

    private final class OldSide extends Side {
        final EntitySpec entity;
        final SideSpec side;
        final SourceSpec source;
        final Catalog catalog;
        final Catalog.TableDef targetTable;
        final Set<String> sideColumns = new LinkedHashSet<>();

        OldSide(EntitySpec entity, String sourceName) {
            this.entity = entity;
            this.side = entity.from().get(sourceName);
            this.source = mapping.sources().get(sourceName);
            this.catalog = source.kind() == SourceSpec.Kind.DATABASE ? catalogs.apply(source.schema()) : null;
            this.targetTable = targetTable(entity);
        }

        SideQuery compile() {
            SideQuery.Base base = base();
            List<SideQuery.Output> keys = new ArrayList<>();
            for (String key : entity.key()) {
                ColumnRule rule = side.ruleForNew(key).orElseThrow(() -> new UnmappableSide("mapping: entity " + entity.name()
                        + ", source " + side.source() + " has no rule for key column " + key));
                SideExpr v = value(rule);
                keys.add(new SideQuery.Output(key, v, outputType(targetTable, rule), rule));
            }
            List<SideQuery.Output> columns = new ArrayList<>();
            for (ColumnRule rule : side.columns()) {
                if (rule.newColumn() == null || rule.dropped() || rule.isRenumbered() || entity.key().contains(rule.newColumn())) {
                    continue;
                }
                String type = outputType(targetTable, rule);
                columns.add(new SideQuery.Output(rule.newColumn(), value(rule), type, rule));
            }
            ParsedSql filter = side.filter() == null ? null : ParsedSql.parse(side.filter(), "o", "cutover_sq_filter");
            return new SideQuery("o", base, List.copyOf(keys), List.copyOf(columns), List.copyOf(joins), filter,
                    side.absent() == null ? Map.of() : side.absent().values(), ordered(tables));
        }

        private SideQuery.Base base() {
            if (source.kind() == SourceSpec.Kind.CSV) {
                sideColumns.addAll(source.csvColumns().keySet());
                return new SideQuery.CsvExport(side.source(), source.latest(), ordered(source.csvColumns().keySet()));
            }
            if (!side.isKeyValue()) {
                tables.add(side.table());
                sideColumns.addAll(columnsOf(side.table()));
                tables.addAll(tablesIn(side));
                return new SideQuery.Table(side.table());
            }
            tables.add(side.thing());
            tables.add(side.data());
            Set<String> keys = dataKeys(side);
            sideColumns.addAll(columnsOf(side.thing()));
            sideColumns.addAll(keys);
            tables.addAll(tablesIn(side));
            return new SideQuery.KeyValuePivot(pivotView(entity.name(), side.source()), side.thing(), side.data(), side.id(), ordered(keys));
        }

        /** The data keys a key-value side's rules read: their own, and those their expressions and defaults name. */
        Set<String> dataKeys(SideSpec s) {
            Set<String> thingColumns = new LinkedHashSet<>(columnsOf(s.thing()));
            Set<String> keys = new LinkedHashSet<>();
            for (ColumnRule r : s.columns()) {
                if (r.dataKey() != null) keys.add(r.dataKey());
                if (r.sql() != null) {
                    for (String c : parsed(r.sql(), "o", String.valueOf(r.newColumn())).rowColumns()) {
                        if (!thingColumns.contains(c)) keys.add(c);
                    }
                }
                if (r.transform() instanceof Transform.Coalesce c) {
                    for (String f : c.fallbacks()) if (f.matches("[a-z_][a-z0-9_]*") && !thingColumns.contains(f)) keys.add(f);
                }
            }
            return keys;
        }

        /** Tables the side's expressions read in subqueries (such as the article lookup). */
        private Set<String> tablesIn(SideSpec s) {
            Set<String> out = new LinkedHashSet<>();
            if (catalog == null) return out;
            for (ColumnRule r : s.columns()) {
                if (r.sql() == null) continue;
                for (String t : parsed(r.sql(), "o", String.valueOf(r.newColumn())).tables()) {
                    if (catalog.table(t).isPresent()) out.add(t);
                }
            }
            return out;
        }

        private List<String> columnsOf(String table) {
            if (catalog == null) return List.of();
            return catalog.table(table).map(t -> List.copyOf(t.columns().keySet())).orElseThrow(
                    () -> new UnmappableSide("mapping: source " + side.source() + " has no table " + table));
        }

        /** The old value of one rule, brought to the new column's meaning and type. */
        private SideExpr value(ColumnRule rule) {
            String type = sparkType(targetTable, rule.newColumn());
            SideExpr raw;
            if (rule.hasExpect()) {
                return new SideExpr.Cast(new SideExpr.Literal(rule.expect(), false), type);
            } else if (rule.expectCondition() != null) {
                return new SideExpr.Cast(new SideExpr.Literal(rule.expectCondition().description(), true), "STRING");
            } else if (rule.sql() != null) {
                raw = new SideExpr.Expression(parsed(rule.sql(), "o", rule.newColumn()));
            } else if (rule.dataKey() != null) {
                raw = dataValue(rule);
            } else if (rule.old() != null) {
                raw = SideExpr.Column.ofRow(rule.old());
            } else if (rule.pivot() != null) {
                return pivotValue(rule, type);
            } else {
                throw new UnmappableSide("mapping: " + entity.name() + "." + rule.newColumn() + " has no value");
            }
            SideExpr v = transform(raw, rule.transform());
            if (rule.ref() != null) return ref(rule, v);
            return new SideExpr.Cast(v, type);
        }

        private SideExpr dataValue(ColumnRule rule) {
            SideExpr v = SideExpr.Column.ofRow(rule.dataKey());
            SideExpr kind = SideExpr.Column.ofRow(rule.dataKey() + "__kind");
            String decode = rule.decode() == null ? "" : rule.decode();
            SideExpr decoded = switch (decode) {
                case "edited" -> new SideExpr.Edited(v, kind);
                case "bool" -> new SideExpr.TrueText(v);
                case "pickle-datetime" -> new SideExpr.Call("cutover_pickle_datetime", List.of(v),
                        "a pickled date is decoded in Spark");
                default -> v;
            };
            if (rule.defaultValue() == null) return decoded;
            return new SideExpr.DefaultWhenAbsent(kind, rule.defaultValue(), decoded, decode.isEmpty());
        }

        private SideExpr pivotValue(ColumnRule rule, String type) {
            for (PivotSpec p : side.pivots()) {
                for (Map.Entry<String, String> e : p.values().entrySet()) {
                    if (!e.getValue().equalsIgnoreCase(rule.newColumn()) && !e.getKey().equalsIgnoreCase(rule.pivot())) continue;
                    tables.add(p.table());
                    String alias = "pv" + (++refs);
                    String parent = side.surrogate().isEmpty() ? "id" : side.surrogate().get(0);
                    joins.add(new Join.Pivot(alias, p.table(), p.parent(), p.on(), e.getKey(), p.value(),
                            isText(p.table(), p.value()), parent));
                    return new SideExpr.Cast(new SideExpr.Column(new SideExpr.Joined(alias), "val"), type);
                }
            }
            throw new UnmappableSide("mapping: " + entity.name() + "." + rule.newColumn() + " names pivot '"
                    + rule.pivot() + "' that no pivot of source " + side.source() + " fills");
        }

        private boolean isText(String table, String column) {
            String type = catalog == null ? "text"
                    : catalog.table(table).flatMap(t -> t.column(column)).map(Catalog.ColumnDef::type).orElse("text");
            return SparkTypeNames.of(type).equals("STRING");
        }

        private SideExpr transform(SideExpr raw, Transform t) {
            if (t instanceof Transform.Coalesce c) {
                List<SideExpr> args = new ArrayList<>(List.of(raw));
                for (String f : c.fallbacks()) {
                    args.add(sideColumns.contains(f) ? SideExpr.Column.ofRow(f) : new SideExpr.Literal(f, false));
                }
                return new SideExpr.Coalesce(args);
            }
            if (t instanceof Transform.EnumRemap e) return new SideExpr.EnumRemap(raw, e.values());
            if (t instanceof Transform.Flags f && !f.sameBits()) {
                return new SideExpr.Flags(raw, List.copyOf(f.oldFlags().values()), List.copyOf(f.newFlags().values()));
            }
            // Reddit's ids both ways: the Java the rewriter uses in Spark, the same arithmetic in PostgreSQL.
            if (t instanceof Transform.Base36Decode) return new SideExpr.IdCode(SideExpr.IdCode.Kind.BASE36_DECODE, raw, 0);
            if (t instanceof Transform.FullnameDecode fn) {
                return new SideExpr.IdCode(SideExpr.IdCode.Kind.FULLNAME_DECODE, raw, fn.typeNumber());
            }
            // The 2025 design keeps Reddit's ids as their base36 text.
            if (t instanceof Transform.Base36Encode) {
                return new SideExpr.IdCode(SideExpr.IdCode.Kind.BASE36_ENCODE, new SideExpr.Cast(raw, "BIGINT"), 0);
            }
            if (t instanceof Transform.FullnameEncode fn) {
                return new SideExpr.IdCode(SideExpr.IdCode.Kind.FULLNAME_ENCODE, new SideExpr.Cast(raw, "BIGINT"), fn.typeNumber());
            }
            return raw;
        }

        /** A foreign key replaced by the natural key of the row it points to in the same source. */
        private SideExpr ref(ColumnRule rule, SideExpr value) {
            if (rule.ref().by() != null) return new SideExpr.Cast(value, "STRING");
            EntitySpec target = mapping.entity(rule.ref().entity()).orElseThrow(() -> new UnmappableSide(
                    "mapping: " + entity.name() + "." + rule.newColumn() + " refers to unknown entity " + rule.ref().entity()));
            SideSpec refSide = target.from().get(side.source());
            if (refSide == null || target.key().size() != 1) {
                throw new UnmappableSide("mapping: " + entity.name() + "." + rule.newColumn() + " refers to "
                        + target.name() + ", which source " + side.source() + " does not describe by a one-column key");
            }
            ColumnRule naturalKey = refSide.ruleForNew(target.key().get(0)).orElseThrow();
            SideExpr computed = naturalKey(naturalKey);
            Join.Target lookup;
            if (refSide.isKeyValue()) {
                tables.add(refSide.thing());
                tables.add(refSide.data());
                boolean dataKey = naturalKey.dataKey() != null;
                String column = dataKey ? naturalKey.dataKey() : naturalKey.old() != null ? naturalKey.old() : refSide.id();
                lookup = new Join.ThingKey(target.name(), pivotView(target.name(), side.source()), refSide.thing(), refSide.data(),
                        refSide.id(), column, dataKey, ordered(dataKeys(refSide)));
            } else {
                tables.add(refSide.table());
                tables.addAll(tablesIn(refSide));
                lookup = new Join.TableKey(refSide.table(), refSide.surrogate().isEmpty() ? "id" : refSide.surrogate().get(0),
                        naturalKey.old() != null ? naturalKey.old() : naturalKey.newColumn());
            }
            return reference(rule, value, lookup, computed);
        }

        /**
         * The referred entity's key as its own rule computes it from its row (an encoded Reddit id,
         * an expression), or null when the rule reads a column or data key as it stands.
         */
        private SideExpr naturalKey(ColumnRule key) {
            boolean asStored = key.sql() == null && key.transform() instanceof Transform.Identity && key.ref() == null;
            if (asStored && (key.old() != null || key.dataKey() != null)) return null;
            if (key.ref() != null || key.hasExpect() || key.pivot() != null) {
                throw new UnmappableSide("mapping: " + entity.name() + " refers to an entity whose key " + key.name()
                        + " is not computed from its own row");
            }
            SideExpr raw = key.sql() != null ? new SideExpr.Expression(ParsedSql.parse(key.sql(), Join.LOOKUP, "cutover_sq_key"))
                    : SideExpr.Column.ofRow(key.dataKey() != null ? key.dataKey() : key.old());
            return new SideExpr.Cast(transform(raw, key.transform()), "STRING");
        }
    }

    private final class NewSide extends Side {
        final EntitySpec entity;
        final SideSpec side;
        final Catalog.TableDef targetTable;

        NewSide(EntitySpec entity, SideSpec side) {
            this.entity = entity;
            this.side = side;
            this.targetTable = targetTable(entity);
        }

        SideQuery compile(List<String> compared) {
            tables.add(entity.table());
            List<SideQuery.Output> keys = new ArrayList<>();
            for (String key : entity.key()) keys.add(output(key));
            List<SideQuery.Output> columns = new ArrayList<>();
            for (String c : compared) columns.add(output(c));
            return new SideQuery("n", new SideQuery.Table(entity.table()), List.copyOf(keys), List.copyOf(columns),
                    List.copyOf(joins), null, Map.of(), ordered(tables));
        }

        private SideQuery.Output output(String column) {
            ColumnRule rule = side.ruleForNew(column).orElseThrow();
            if (targetTable.column(column).isEmpty()) {
                throw new UnmappableSide("mapping: new table " + entity.table() + " has no column " + column);
            }
            SideExpr v = rule.newSql() != null ? new SideExpr.Expression(parsed(rule.newSql(), "n", column))
                    : SideExpr.Column.ofRow(column);
            if (rule.expectCondition() != null) return new SideQuery.Output(column, expectation(rule, v, column), "STRING", rule);
            if (rule.ref() == null) {
                String type = sparkType(targetTable, column);
                return new SideQuery.Output(column, new SideExpr.Cast(v, type), type, rule);
            }
            EntitySpec target = mapping.entity(rule.ref().entity()).orElseThrow();
            String naturalKey = rule.ref().by() != null ? rule.ref().by() : target.key().get(0);
            String idColumn = target.surrogate().isEmpty() ? "id" : target.surrogate().get(0);
            tables.add(target.table());
            return new SideQuery.Output(column, reference(rule, v, new Join.TableKey(target.table(), idColumn, naturalKey)),
                    "STRING", rule);
        }

        /** The new value against its condition: bounds are columns of the same row, the run's time or literals. */
        private SideExpr expectation(ColumnRule rule, SideExpr value, String column) {
            io.cutover.mapping.ExpectCondition c = rule.expectCondition();
            String type = sparkType(targetTable, column);
            List<SideExpr> bounds = new ArrayList<>();
            for (String b : c.bounds()) {
                if (b.equals(io.cutover.mapping.ExpectCondition.NOW)) bounds.add(new SideExpr.Now());
                else if (io.cutover.mapping.ExpectCondition.isColumn(b)) bounds.add(new SideExpr.Cast(SideExpr.Column.ofRow(b), type));
                else bounds.add(new SideExpr.Cast(new SideExpr.Literal(b, true), type));
            }
            if (c.kind() == io.cutover.mapping.ExpectCondition.Kind.SAME_FOR_ALL) {
                tables.add(entity.table());
                bounds.add(new SideExpr.SharedValue(entity.table(), column));
            }
            return new SideExpr.Expectation(c.kind(), new SideExpr.Cast(value, type), List.copyOf(bounds), c.description());
        }
    }
}

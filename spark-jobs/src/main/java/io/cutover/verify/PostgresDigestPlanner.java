package io.cutover.verify;

import static io.cutover.verify.PostgresSql.column;
import static io.cutover.verify.PostgresSql.name;
import static io.cutover.verify.PostgresSql.text;

import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.PivotSpec;
import io.cutover.mapping.PortableSql;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.SourceSpec;
import io.cutover.mapping.Transform;
import io.cutover.schema.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compiles one side of a comparison, when it is a PostgreSQL table, to a PostgreSQL query that
 * computes its pass-1 digest there: the mapping's renames, coalesce defaults, enums, flags, the
 * Reddit key-value pivot (one {@code max(CASE WHEN d.key = ...)} per key, per thing, joined from
 * the thing table), references by natural key (a join to the referenced table), pivoted child
 * tables and the portable {@code sql:} / {@code new_sql:} expressions ({@link PortableSql}).
 * A column whose normalisation has no PostgreSQL form ships its value; one whose value has no
 * PostgreSQL form (a registered function such as {@code plain_text_from_markdown}, a pickled
 * date, base36) ships the narrow old columns and subquery results its Spark expression reads,
 * and Spark finishes it with the same {@link CrossEngineHash}.
 */
final class PostgresDigestPlanner {
    /** A column of the side's own row in a Spark expression ({@code o.x}, {@code o.`x`}). */
    private static final String REFERENCE = "\\b%s\\.`?([A-Za-z_][A-Za-z0-9_]*)`?";
    private static final Pattern JOINED_ALIAS = Pattern.compile("\\b(r|pv)\\d+\\.");
    private static final Pattern SUBQUERY = Pattern.compile("\\(\\s*SELECT\\b", Pattern.CASE_INSENSITIVE);

    private final Mapping mapping;
    private final Function<String, Catalog> catalogs;

    PostgresDigestPlanner(Mapping mapping, Function<String, Catalog> catalogs) {
        this.mapping = mapping;
        this.catalogs = catalogs;
    }

    /** A side's digest query, or why it has none (it is then computed in Spark). */
    record Outcome(PostgresDigest digest, String whyNot) {
        static Outcome not(String why) {
            return new Outcome(null, why);
        }
    }

    /**
     * The old side. {@code sparkValues} are the Spark planner's expressions of the compared
     * columns (in {@code columns} order), for what PostgreSQL cannot compute.
     */
    Outcome old(EntitySpec entity, SideSpec side, SourceSpec source, List<ComparedColumn> columns, List<String> sparkValues) {
        return old(entity, side, source, columns, sparkValues, false);
    }

    /**
     * The old side's whole rows ({@code k_*}, {@code v_*}) for a read of a few keys: computed in
     * PostgreSQL as far as the digest is, so that its lookups (a comment's post, the replies of a
     * post) run there on their indexes rather than as full reads in Spark.
     */
    Outcome oldRows(EntitySpec entity, SideSpec side, SourceSpec source, List<ComparedColumn> columns, List<String> sparkValues) {
        return old(entity, side, source, columns, sparkValues, true);
    }

    /** The new side, shaped like the old side's digest. */
    Outcome fresh(EntitySpec entity, SideSpec side, List<ComparedColumn> columns, List<String> sparkValues) {
        return compiled(new Query("n", catalogs.apply(mapping.targetSchema()), side, entity, false), q -> q.fresh(columns, sparkValues));
    }

    /** The new side's whole rows, as {@link #oldRows}. */
    Outcome freshRows(EntitySpec entity, SideSpec side, List<ComparedColumn> columns, List<String> sparkValues) {
        return compiled(new Query("n", catalogs.apply(mapping.targetSchema()), side, entity, true), q -> q.fresh(columns, sparkValues));
    }

    private Outcome old(EntitySpec entity, SideSpec side, SourceSpec source, List<ComparedColumn> columns, List<String> sparkValues,
                        boolean values) {
        if (source.kind() != SourceSpec.Kind.DATABASE) return Outcome.not("a CSV export is parsed in Spark");
        return compiled(new Query("o", catalogs.apply(source.schema()), side, entity, values), q -> q.old(columns, sparkValues));
    }

    private static Outcome compiled(Query q, Function<Query, PostgresDigest> compile) {
        try {
            return new Outcome(compile.apply(q), null);
        } catch (NotPortable e) {
            return Outcome.not(e.getMessage());
        }
    }

    private static final class NotPortable extends RuntimeException {
        NotPortable(String why) {
            super(why, null, false, false);
        }
    }

    /** One side's query: its FROM, the joins its values need, and its select list. */
    private final class Query {
        final String alias;
        final Catalog catalog;
        final SideSpec side;
        final EntitySpec entity;
        final Catalog.TableDef targetTable;
        final List<String> joins = new ArrayList<>();
        final List<String> select = new ArrayList<>();
        final List<String> completion = new ArrayList<>();
        final List<String> inSpark = new ArrayList<>();
        final Set<String> shipped = new LinkedHashSet<>();
        int refs;
        int subqueries;
        /** Whole rows (values) instead of the digest (hashes). */
        final boolean values;
        /** The column a key restriction filters on ({@code alias."col"}), or null when the key is not one. */
        String keyColumn;
        /** Whether the partition markers stand on the key column itself (a Reddit thing id). */
        boolean keyInRange;

        Query(String alias, Catalog catalog, SideSpec side, EntitySpec entity, boolean values) {
            this.values = values;
            this.alias = alias;
            this.catalog = catalog;
            this.side = side;
            this.entity = entity;
            this.targetTable = targetCatalog().table(entity.table()).orElseThrow();
        }

        PostgresDigest old(List<ComparedColumn> columns, List<String> sparkValues) {
            for (String key : entity.key()) {
                ColumnRule rule = side.ruleForNew(key).orElseThrow();
                String v = oldValue(rule);
                if (v == null) throw new NotPortable("key " + key + " has no PostgreSQL form");
                key(key, v, rule.ref() != null ? "STRING" : sparkType(key));
            }
            for (int i = 0; i < columns.size(); i++) {
                ComparedColumn c = columns.get(i);
                compared(c, oldValue(side.ruleForNew(c.name()).orElseThrow()), sparkValues.get(i));
            }
            List<String> where = new ArrayList<>();
            String from;
            String primary;
            String split;
            ColumnRule firstKey = side.ruleForNew(entity.key().get(0)).orElseThrow();
            boolean plainKey = firstKey.old() != null && firstKey.sql() == null && firstKey.dataKey() == null
                    && firstKey.ref() == null && firstKey.transform() instanceof Transform.Identity;
            if (side.isKeyValue()) {
                primary = side.thing();
                split = side.id();
                from = keyValueRows();
                if (plainKey && firstKey.old().equals(side.id())) {
                    keyColumn = column(alias, side.id());
                    keyInRange = true;
                }
            } else {
                if (plainKey) keyColumn = column(alias, firstKey.old());
                primary = side.table();
                split = integerColumn(primary);
                from = side.table() + " " + alias;
                if (split != null) where.add(PostgresSql.range(alias, split));
            }
            if (side.filter() != null) {
                String filter = portable(side.filter()).orElseThrow(() -> new NotPortable("its filter has no PostgreSQL form"));
                where.add("(" + filter + ")");
            }
            return digest(from, where, primary, split);
        }

        PostgresDigest fresh(List<ComparedColumn> columns, List<String> sparkValues) {
            for (String key : entity.key()) {
                ColumnRule rule = side.ruleForNew(key).orElseThrow();
                String v = newValue(key);
                if (v == null) throw new NotPortable("new key " + key + " has no PostgreSQL form");
                key(key, v, rule.ref() != null ? "STRING" : sparkType(key));
            }
            for (int i = 0; i < columns.size(); i++) compared(columns.get(i), newValue(columns.get(i).name()), sparkValues.get(i));
            ColumnRule firstKey = side.ruleForNew(entity.key().get(0)).orElseThrow();
            if (firstKey.ref() == null && firstKey.newSql() == null) keyColumn = column(alias, entity.key().get(0));
            String split = integerColumn(entity.table());
            List<String> where = new ArrayList<>();
            if (split != null) where.add(PostgresSql.range(alias, split));
            return digest(entity.table() + " " + alias, where, entity.table(), split);
        }

        private PostgresDigest digest(String from, List<String> where, String primary, String split) {
            String sql = "SELECT " + String.join(", ", select) + " FROM " + from + String.join("", joins)
                    // Always an outer WHERE, last: a key restriction is appended to it (PostgresDigest.forKeys).
                    + " WHERE " + (where.isEmpty() ? "TRUE" : String.join(" AND ", where));
            return new PostgresDigest(sql, primary, split, List.copyOf(completion), List.copyOf(inSpark), keyColumn, keyInRange);
        }

        private void key(String key, String value, String sparkType) {
            select.add(value + " AS " + name("k_" + key));
            completion.add("CAST(" + alias + ".k_" + key + " AS " + sparkType + ") AS k_" + key);
        }

        /** One compared column: hashed here, or its value or its inputs shipped for Spark to hash. */
        private void compared(ComparedColumn c, String value, String sparkValue) {
            String cast = "CAST(" + alias + ".`cutover_x_" + c.name() + "` AS " + c.sqlType() + ")";
            if (values) {
                if (value != null) {
                    select.add(value + " AS " + name("cutover_x_" + c.name()));
                    completion.add(cast + " AS v_" + c.name());
                } else {
                    completion.add("CAST(" + inputsFor(sparkValue) + " AS " + c.sqlType() + ") AS v_" + c.name());
                    inSpark.add(c.name() + " (its value has no PostgreSQL form)");
                }
                return;
            }
            if (value != null && c.lenient()) {
                select.add(value + " AS " + name("cutover_x_" + c.name()));
                completion.add(cast + " AS v_" + c.name());
                return;
            }
            if (value != null) {
                Optional<String> hash = CrossEngineHash.postgres(c, value);
                if (hash.isPresent()) {
                    select.add(hash.get() + " AS " + name("h_" + c.name()));
                    completion.add(alias + ".h_" + c.name() + " AS h_" + c.name());
                } else {
                    select.add(value + " AS " + name("cutover_x_" + c.name()));
                    completion.add(CrossEngineHash.spark(c, cast) + " AS h_" + c.name());
                    inSpark.add(c.name() + " (its " + c.compare().kind().name().toLowerCase(Locale.ROOT) + " comparator)");
                }
                return;
            }
            String finished = inputsFor(sparkValue);
            completion.add((c.lenient() ? finished : CrossEngineHash.spark(c, finished)) + (c.lenient() ? " AS v_" : " AS h_") + c.name());
            inSpark.add(c.name() + " (its value has no PostgreSQL form)");
        }

        /**
         * The Spark expression of a column PostgreSQL cannot compute, over shipped inputs: each
         * subquery runs here (as {@code cutover_sq_N}), and each column of the row it reads is shipped.
         */
        private String inputsFor(String sparkValue) {
            StringBuilder out = new StringBuilder();
            int at = 0;
            Matcher m = SUBQUERY.matcher(sparkValue);
            while (m.find(at)) {
                int end = closing(sparkValue, m.start());
                String sub = sparkValue.substring(m.start(), end + 1);
                String pg = portable(sub).orElseThrow(() -> new NotPortable("a subquery of a column has no PostgreSQL form: " + sub));
                String column = "cutover_sq_" + (++subqueries);
                select.add(pg + " AS " + name(column));
                out.append(sparkValue, at, m.start()).append(alias).append(".").append(column);
                at = end + 1;
            }
            out.append(sparkValue.substring(at));
            String finished = out.toString();
            if (JOINED_ALIAS.matcher(finished).find()) throw new NotPortable("a column computed in Spark also needs a joined row");
            Matcher ref = Pattern.compile(String.format(REFERENCE, alias)).matcher(finished);
            while (ref.find()) {
                String col = ref.group(1);
                if (col.startsWith("cutover_sq_") || !shipped.add(col)) continue;
                String type = columnType(col);
                String v = column(alias, col) + (type != null && type.startsWith("json") ? "::text" : "");
                select.add(v + " AS " + name(col));
            }
            return finished;
        }

        // ---- values -------------------------------------------------------------------------

        /** The old value of one rule in PostgreSQL, brought to the new column's type; null when it has no form there. */
        private String oldValue(ColumnRule rule) {
            String type = rule.ref() != null ? "STRING" : sparkType(rule.newColumn());
            String raw;
            if (rule.hasExpect()) return PostgresSql.cast(PostgresSql.literal(rule.expect()), type);
            if (rule.sql() != null) {
                raw = portable(rule.sql()).map(s -> "(" + s + ")").orElse(null);
            } else if (rule.dataKey() != null) {
                raw = dataValue(rule);
            } else if (rule.old() != null) {
                raw = column(alias, rule.old());
            } else if (rule.pivot() != null) {
                return pivotValue(rule);
            } else {
                return null;
            }
            String v = raw == null ? null : transform(raw, rule.transform());
            if (v == null) return null;
            if (rule.ref() != null) return oldRef(rule, v);
            return PostgresSql.cast(v, type);
        }

        private String dataValue(ColumnRule rule) {
            String v = column(alias, rule.dataKey());
            String kind = column(alias, rule.dataKey() + "__kind");
            String decode = rule.decode() == null ? "" : rule.decode();
            String decoded = switch (decode) {
                case "edited" -> "(" + kind + " = 'pickle' OR (" + kind + " = 'bool' AND " + v + " = 't'))";
                case "bool" -> "(" + v + " = 't')";
                case "" -> v;
                default -> null;   // pickled datetimes are decoded in Spark
            };
            if (decoded == null || rule.defaultValue() == null) return decoded;
            // The default stands beside a text value unless the key is decoded to a boolean.
            String fallback = decode.isEmpty() ? text(rule.defaultValue()) : PostgresSql.literal(rule.defaultValue());
            return "(CASE WHEN " + kind + " IS NULL THEN " + fallback + " ELSE " + decoded + " END)";
        }

        private String transform(String raw, Transform t) {
            if (t instanceof Transform.Coalesce c) {
                List<String> args = new ArrayList<>(List.of(raw));
                for (String f : c.fallbacks()) args.add(rowColumns().contains(f) ? column(alias, f) : PostgresSql.literal(f));
                return "coalesce(" + String.join(", ", args) + ")";
            }
            if (t instanceof Transform.EnumRemap e) return TransformSql.enumRemap(raw, e, PostgresSql::text);
            if (t instanceof Transform.Flags f && !f.sameBits()) return TransformSql.flags(raw, f);
            // base36 and fullnames are decoded by the Java the rewriter uses: in Spark.
            if (t instanceof Transform.Base36Decode || t instanceof Transform.FullnameDecode) return null;
            return raw;
        }

        private String pivotValue(ColumnRule rule) {
            for (PivotSpec p : side.pivots()) {
                for (Map.Entry<String, String> e : p.values().entrySet()) {
                    if (!e.getValue().equalsIgnoreCase(rule.newColumn()) && !e.getKey().equalsIgnoreCase(rule.pivot())) continue;
                    String a = "pv" + (++refs);
                    String parent = side.surrogate().isEmpty() ? "id" : side.surrogate().get(0);
                    String value = name(p.value());
                    if (isText(catalog, p.table(), p.value())) value = PostgresSql.bytewise(value + "::text");
                    joins.add(" LEFT JOIN (SELECT " + name(p.parent()) + " AS pid, max(CASE WHEN " + name(p.on()) + " = "
                            + text(e.getKey()) + " THEN " + value + " END) AS val FROM " + p.table() + " GROUP BY "
                            + name(p.parent()) + ") " + a + " ON " + a + ".pid = " + column(alias, parent));
                    return PostgresSql.cast(a + ".val", sparkType(rule.newColumn()));
                }
            }
            return null;
        }

        /** A foreign key replaced by the natural key of the row it points to, in the same database. */
        private String oldRef(ColumnRule rule, String value) {
            if (rule.ref().by() != null) return PostgresSql.cast(value, "STRING");
            EntitySpec target = mapping.entity(rule.ref().entity()).orElseThrow();
            SideSpec refSide = target.from().get(side.source());
            if (refSide == null || target.key().size() != 1) return null;
            ColumnRule naturalKey = refSide.ruleForNew(target.key().get(0)).orElseThrow();
            String lookup;
            if (refSide.isKeyValue()) {
                String id = "t." + name(refSide.id());
                if (naturalKey.dataKey() != null) {
                    String key = text(naturalKey.dataKey());
                    lookup = "SELECT " + id + "::bigint AS ref_id, p.ref_key FROM " + refSide.thing() + " t JOIN (SELECT d.thing_id, max("
                            + PostgresSql.bytewise("CASE WHEN d.key = " + key + " THEN d.value END") + ") AS ref_key FROM "
                            + refSide.data() + " d WHERE d.key = " + key + " GROUP BY d.thing_id) p ON p.thing_id = " + id;
                } else {
                    lookup = "SELECT " + id + "::bigint AS ref_id, (t." + name(naturalKey.old()) + ")::text AS ref_key FROM "
                            + refSide.thing() + " t";
                }
            } else {
                String idColumn = refSide.surrogate().isEmpty() ? "id" : refSide.surrogate().get(0);
                String keyColumn = naturalKey.old() != null ? naturalKey.old() : naturalKey.newColumn();
                lookup = "SELECT (" + name(idColumn) + ")::bigint AS ref_id, (" + name(keyColumn) + ")::text AS ref_key FROM "
                        + refSide.table();
            }
            return join(lookup, value);
        }

        private String newValue(String columnName) {
            ColumnRule rule = side.ruleForNew(columnName).orElseThrow();
            String v;
            if (rule.newSql() != null) {
                v = portable(rule.newSql()).map(s -> "(" + s + ")").orElse(null);
                if (v == null) return null;
            } else {
                v = column(alias, columnName);
            }
            if (rule.ref() == null) return PostgresSql.cast(v, sparkType(columnName));
            EntitySpec target = mapping.entity(rule.ref().entity()).orElseThrow();
            String naturalKey = rule.ref().by() != null ? rule.ref().by() : target.key().get(0);
            String idColumn = target.surrogate().isEmpty() ? "id" : target.surrogate().get(0);
            return join("SELECT (" + name(idColumn) + ")::bigint AS ref_id, (" + name(naturalKey) + ")::text AS ref_key FROM "
                    + target.table(), v);
        }

        private String join(String lookup, String value) {
            String a = "r" + (++refs);
            joins.add(" LEFT JOIN (" + lookup + ") " + a + " ON " + a + ".ref_id = (" + value + ")::bigint");
            return a + ".ref_key";
        }

        // ---- the row ------------------------------------------------------------------------

        /** Reddit's key-value rows pivoted per thing, both bounded to the partition's thing ids. */
        private String keyValueRows() {
            List<String> cols = new ArrayList<>();
            Set<String> keys = dataKeys();
            for (String key : keys) {
                String k = text(key);
                cols.add("max(" + PostgresSql.bytewise("CASE WHEN d.key = " + k + " THEN d.value END") + ") AS " + name(key));
                cols.add("max(" + PostgresSql.bytewise("CASE WHEN d.key = " + k + " THEN d.kind END") + ") AS " + name(key + "__kind"));
            }
            String keyFilter = keys.isEmpty() ? "" : "d.key IN (" + keys.stream().map(PostgresSql::text)
                    .collect(Collectors.joining(", ")) + ") AND ";
            String pivot = "SELECT d.thing_id AS cutover_thing_id" + (cols.isEmpty() ? "" : ", " + String.join(", ", cols))
                    + " FROM " + side.data() + " d WHERE " + keyFilter + PostgresSql.range("d", "thing_id") + " GROUP BY d.thing_id";
            return "(SELECT t.*, p.* FROM " + side.thing() + " t LEFT JOIN (" + pivot + ") p ON p.cutover_thing_id = t."
                    + name(side.id()) + " WHERE " + PostgresSql.range("t", side.id()) + ") " + alias;
        }

        /** The data keys the side's rules read (as the Spark planner's pivot does). */
        private Set<String> dataKeys() {
            Set<String> thingColumns = tableColumns(side.thing());
            Set<String> keys = new LinkedHashSet<>();
            for (ColumnRule r : side.columns()) {
                if (r.dataKey() != null) keys.add(r.dataKey());
                if (r.sql() != null) {
                    Matcher m = Pattern.compile(String.format(REFERENCE, "o")).matcher(r.sql());
                    while (m.find()) if (!thingColumns.contains(m.group(1))) keys.add(m.group(1));
                }
                if (r.transform() instanceof Transform.Coalesce c) {
                    for (String f : c.fallbacks()) if (f.matches("[a-z_][a-z0-9_]*") && !thingColumns.contains(f)) keys.add(f);
                }
            }
            return keys;
        }

        private Set<String> rowColumns() {
            Set<String> out = new LinkedHashSet<>();
            if (side.isKeyValue()) {
                out.addAll(tableColumns(side.thing()));
                out.addAll(dataKeys());
            } else {
                out.addAll(tableColumns(alias.equals("n") ? entity.table() : side.table()));
            }
            return out;
        }

        private Set<String> tableColumns(String table) {
            return catalog.table(table).map(t -> (Set<String>) new LinkedHashSet<>(t.columns().keySet())).orElse(Set.of());
        }

        private String rowTable() {
            return alias.equals("n") ? entity.table() : side.isKeyValue() ? side.thing() : side.table();
        }

        private String columnType(String col) {
            return catalog.table(rowTable()).flatMap(t -> t.column(col)).map(Catalog.ColumnDef::type).orElse(null);
        }

        private Optional<String> portable(String sparkSql) {
            return PortableSql.toPostgres(sparkSql, Map.of(alias, rowTable()),
                    (table, col) -> catalog.table(table).flatMap(t -> t.column(col)).map(Catalog.ColumnDef::type).orElse(null));
        }

        /** The integer column the primary table is split on (as the Spark path splits its reads). */
        private String integerColumn(String table) {
            Catalog.TableDef t = catalog.table(table).orElse(null);
            if (t == null) return null;
            for (String candidate : List.of("thing_id", "id")) {
                Optional<Catalog.ColumnDef> c = t.column(candidate);
                if (c.isPresent() && TableReader.SparkTypes.of(c.get().type()) != org.apache.spark.sql.types.DataTypes.StringType) {
                    return candidate;
                }
            }
            return null;
        }

        private String sparkType(String newColumn) {
            return targetTable.column(newColumn).map(c -> TableReader.SparkTypes.sqlName(c.type())).orElseThrow();
        }
    }

    private Catalog targetCatalog() {
        return catalogs.apply(mapping.targetSchema());
    }

    private static boolean isText(Catalog catalog, String table, String column) {
        String type = catalog.table(table).flatMap(t -> t.column(column)).map(Catalog.ColumnDef::type).orElse("text");
        return TableReader.SparkTypes.of(type) == org.apache.spark.sql.types.DataTypes.StringType;
    }

    /** The index of the parenthesis closing the one at {@code open}, skipping string literals. */
    private static int closing(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quoted) {
                if (ch == '\\') i++;
                else if (ch == '\'') quoted = false;
            } else if (ch == '\'') {
                quoted = true;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')' && --depth == 0) {
                return i;
            }
        }
        throw new NotPortable("unbalanced parentheses in " + s);
    }
}

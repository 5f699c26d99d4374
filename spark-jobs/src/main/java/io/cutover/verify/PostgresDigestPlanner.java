package io.cutover.verify;

import static io.cutover.side.PostgresDialect.quote;
import static io.cutover.side.SparkDialect.SPARK;

import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.SourceSpec;
import io.cutover.mapping.Transform;
import io.cutover.schema.Catalog;
import io.cutover.side.BoundedQuery;
import io.cutover.side.ParsedSql;
import io.cutover.side.PostgresDialect;
import io.cutover.side.Printed;
import io.cutover.side.SideExpr;
import io.cutover.side.SideQuery;
import io.cutover.side.SparkTypeNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Prints one compiled side of a comparison, when it is a PostgreSQL table, as a PostgreSQL query
 * that computes its pass-1 digest there: the mapping's values through the PostgreSQL dialect,
 * the Reddit key-value pivot (one {@code max(CASE WHEN d.key = ...)} per key, per thing, joined
 * from the thing table), the side's joins. A column whose normalisation has no PostgreSQL form
 * ships its value; one whose value has none (a registered function such as
 * {@code plain_text_from_markdown}, a pickled date, base36) ships the narrow columns and
 * subquery results its tree reads, and Spark finishes it with the same {@link CrossEngineHash}.
 */
final class PostgresDigestPlanner {
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
     * The old side's digest, or with {@code values} its whole rows ({@code k_*}, {@code v_*}) for a
     * read of a few keys: computed in PostgreSQL as far as the digest is, so that its lookups (a
     * comment's post, the replies of a post) run there on their indexes rather than as full reads in Spark.
     */
    Outcome old(SideSpec side, SourceSpec source, SideQuery query, List<ComparedColumn> columns, boolean values) {
        if (source.kind() != SourceSpec.Kind.DATABASE) return Outcome.not("a CSV export is parsed in Spark");
        Catalog catalog = catalogs.apply(source.schema());
        String rowTable = side.isKeyValue() ? side.thing() : side.table();
        return compiled(new Query(query, catalog, rowTable, values), q -> q.old(columns));
    }

    /** The new side, shaped like the old side's digest (or its whole rows, as {@link #old}). */
    Outcome newSide(EntitySpec entity, SideQuery query, List<ComparedColumn> columns, boolean values) {
        return compiled(new Query(query, catalogs.apply(mapping.targetSchema()), entity.table(), values),
                q -> q.newSide(entity, columns));
    }

    /**
     * A side's rows for the segment pass ({@link SegmentQueries}): its keys ({@code k_*}) and one
     * hash per row ({@value #ROW_HASH}) over the keys and the columns {@code signable} allows and
     * PostgreSQL can bring to their canonical text, in order; null with the reason when it has none.
     */
    record RowHashes(BoundedQuery query, List<String> signed, String whyNot) {}

    /** The column of a {@link RowHashes} query that holds the row's hash. */
    static final String ROW_HASH = "cutover_row_hash";

    RowHashes oldRowHashes(SideSpec side, SourceSpec source, SideQuery query, List<ComparedColumn> columns,
                           Predicate<ComparedColumn> signable) {
        if (source.kind() != SourceSpec.Kind.DATABASE) return new RowHashes(null, List.of(), "a CSV export is parsed in Spark");
        String rowTable = side.isKeyValue() ? side.thing() : side.table();
        return rowHashes(new Query(query, catalogs.apply(source.schema()), rowTable, signable), q -> q.old(columns));
    }

    RowHashes newRowHashes(EntitySpec entity, SideQuery query, List<ComparedColumn> columns, Predicate<ComparedColumn> signable) {
        return rowHashes(new Query(query, catalogs.apply(mapping.targetSchema()), entity.table(), signable),
                q -> q.newSide(entity, columns));
    }

    private static RowHashes rowHashes(Query q, Function<Query, PostgresDigest> compile) {
        try {
            return new RowHashes(compile.apply(q).query(), List.copyOf(q.signed), null);
        } catch (NotPortable e) {
            return new RowHashes(null, List.of(), e.getMessage());
        }
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
    private static final class Query {
        final SideQuery side;
        final String alias;
        final Catalog catalog;
        final String rowTable;
        final PostgresDialect dialect;
        final List<String> select = new ArrayList<>();
        final List<String> completion = new ArrayList<>();
        final List<String> inSpark = new ArrayList<>();
        final Set<String> shipped = new LinkedHashSet<>();
        /** Whole rows (values) instead of the digest (hashes). */
        final boolean values;
        /** The segment pass's one hash per row instead of the digest: the columns it may sign; null for a digest. */
        final Predicate<ComparedColumn> signable;
        final List<String> rowTexts = new ArrayList<>();
        final List<String> signed = new ArrayList<>();

        Query(SideQuery side, Catalog catalog, String rowTable, boolean values) {
            this(side, catalog, rowTable, values, null);
        }

        Query(SideQuery side, Catalog catalog, String rowTable, Predicate<ComparedColumn> signable) {
            this(side, catalog, rowTable, false, signable);
        }

        private Query(SideQuery side, Catalog catalog, String rowTable, boolean values, Predicate<ComparedColumn> signable) {
            this.signable = signable;
            this.side = side;
            this.alias = side.alias();
            this.catalog = catalog;
            this.rowTable = rowTable;
            this.values = values;
            this.dialect = new PostgresDialect(Map.of(alias, rowTable),
                    (table, col) -> catalog.table(table).flatMap(t -> t.column(col)).map(Catalog.ColumnDef::type).orElse(null));
        }

        PostgresDigest old(List<ComparedColumn> columns) {
            selectAll(columns, "key ");
            BoundedQuery.Builder sql = new BoundedQuery.Builder();
            ColumnRule firstKey = side.keys().get(0).rule();
            boolean plainKey = firstKey.old() != null && firstKey.sql() == null && firstKey.dataKey() == null
                    && firstKey.ref() == null && firstKey.transform() instanceof Transform.Identity;
            String keyColumn = null;
            boolean keyOnBounds = false;
            String primary;
            String split;
            List<String> where = new ArrayList<>();
            if (side.base() instanceof SideQuery.KeyValuePivot pivot) {
                primary = pivot.thing();
                split = pivot.id();
                head(sql);
                keyValueRows(sql, pivot);
                if (plainKey && firstKey.old().equals(pivot.id())) {
                    keyColumn = dialect.column(alias, pivot.id());
                    keyOnBounds = true;
                }
            } else {
                if (plainKey) keyColumn = dialect.column(alias, firstKey.old());
                primary = rowTable;
                split = integerColumn(primary);
                head(sql).append(primary + " " + alias);
            }
            joins(sql);
            if (split != null && !(side.base() instanceof SideQuery.KeyValuePivot)) where.add(null);
            if (side.filter() != null) {
                Printed filter = dialect.expression(side.filter());
                if (!filter.portable()) throw new NotPortable("its filter has no PostgreSQL form");
                where.add(filter.text());
            }
            return digest(sql, where, split == null ? null : dialect.column(alias, split), primary, split, keyColumn, keyOnBounds);
        }

        PostgresDigest newSide(EntitySpec entity, List<ComparedColumn> columns) {
            selectAll(columns, "new key ");
            ColumnRule firstKey = side.keys().get(0).rule();
            String keyColumn = firstKey.ref() == null && firstKey.newSql() == null ? dialect.column(alias, entity.key().get(0)) : null;
            String split = integerColumn(entity.table());
            BoundedQuery.Builder sql = new BoundedQuery.Builder();
            head(sql).append(entity.table() + " " + alias);
            joins(sql);
            List<String> where = new ArrayList<>();
            if (split != null) where.add(null);
            return digest(sql, where, split == null ? null : dialect.column(alias, split), entity.table(), split, keyColumn, false);
        }

        private void selectAll(List<ComparedColumn> columns, String keyWord) {
            for (SideQuery.Output key : side.keys()) {
                Printed v = dialect.print(key.value(), alias);
                if (!v.portable()) throw new NotPortable(keyWord + key.name() + " has no PostgreSQL form");
                select.add(v.text() + " AS " + quote("k_" + key.name()));
                completion.add("CAST(" + alias + ".k_" + key.name() + " AS " + key.sparkType() + ") AS k_" + key.name());
                if (signable != null) {
                    Printed text = dialect.canonicalText(dialect.cast(v.text(), key.sparkType()), key.sparkType());
                    if (!text.portable()) throw new NotPortable(keyWord + key.name() + ": " + ((Printed.NotPortable) text).reason());
                    rowTexts.add(text.text());
                }
            }
            for (int i = 0; i < columns.size(); i++) {
                SideExpr value = side.columns().get(i).value();
                if (signable != null) signed(columns.get(i), dialect.print(value, alias).orNull());
                else compared(columns.get(i), dialect.print(value, alias).orNull(), value);
            }
            if (signable != null) select.add(dialect.rowHash(rowTexts) + " AS " + quote(ROW_HASH));
        }

        /** A column in the row hash when it may be and PostgreSQL computes its canonical text; else left out. */
        private void signed(ComparedColumn c, String value) {
            if (value == null || !signable.test(c)) return;
            CrossEngineHash.postgresText(c, value).ifPresent(text -> {
                rowTexts.add(text);
                signed.add(c.name());
            });
        }

        private BoundedQuery.Builder head(BoundedQuery.Builder sql) {
            return sql.append("SELECT " + String.join(", ", select) + " FROM ");
        }

        private void joins(BoundedQuery.Builder sql) {
            Printed joins = dialect.joins(side.joins(), alias);
            if (!joins.portable()) throw new NotPortable(((Printed.NotPortable) joins).reason());
            sql.append(joins.text());
        }

        /** Always an outer WHERE, last: a key restriction is appended to it. A null condition is the partition's bounds. */
        private PostgresDigest digest(BoundedQuery.Builder sql, List<String> where, String bound, String primary, String split,
                                      String keyColumn, boolean keyOnBounds) {
            sql.append(" WHERE ");
            if (where.isEmpty()) sql.append("TRUE");
            for (int i = 0; i < where.size(); i++) {
                if (i > 0) sql.append(" AND ");
                if (where.get(i) == null) sql.bound(bound);
                else sql.append("(" + where.get(i) + ")");
            }
            return new PostgresDigest(sql.build(keyColumn, keyOnBounds), primary, split, List.copyOf(completion),
                    List.copyOf(inSpark));
        }

        /** One compared column: hashed here, or its value or its inputs shipped for Spark to hash. */
        private void compared(ComparedColumn c, String value, SideExpr tree) {
            String cast = "CAST(" + alias + ".`cutover_x_" + c.name() + "` AS " + c.sqlType() + ")";
            if (values) {
                if (value != null) {
                    select.add(value + " AS " + quote("cutover_x_" + c.name()));
                    completion.add(cast + " AS v_" + c.name());
                } else {
                    completion.add("CAST(" + finishedInSpark(tree) + " AS " + c.sqlType() + ") AS v_" + c.name());
                    inSpark.add(c.name() + " (its value has no PostgreSQL form)");
                }
                return;
            }
            if (value != null && c.lenient()) {
                select.add(value + " AS " + quote("cutover_x_" + c.name()));
                completion.add(cast + " AS v_" + c.name());
                return;
            }
            if (value != null) {
                Optional<String> hash = CrossEngineHash.postgres(c, value);
                if (hash.isPresent()) {
                    select.add(hash.get() + " AS " + quote("h_" + c.name()));
                    completion.add(alias + ".h_" + c.name() + " AS h_" + c.name());
                } else {
                    select.add(value + " AS " + quote("cutover_x_" + c.name()));
                    completion.add(CrossEngineHash.spark(c, cast) + " AS h_" + c.name());
                    inSpark.add(c.name() + " (its " + c.compare().kind().name().toLowerCase(Locale.ROOT) + " comparator)");
                }
                return;
            }
            String finished = finishedInSpark(tree);
            completion.add((c.lenient() ? finished : CrossEngineHash.spark(c, finished)) + (c.lenient() ? " AS v_" : " AS h_") + c.name());
            inSpark.add(c.name() + " (its value has no PostgreSQL form)");
        }

        /**
         * The Spark expression of a column PostgreSQL cannot compute, over shipped inputs: each
         * subquery runs here (as a column of its own), and each column of the row it reads is shipped.
         */
        private String finishedInSpark(SideExpr tree) {
            if (tree.readsJoined()) throw new NotPortable("a column computed in Spark also needs a joined row");
            List<ParsedSql> expressions = tree.nodes().filter(n -> n instanceof SideExpr.Expression)
                    .map(n -> ((SideExpr.Expression) n).sql()).toList();
            for (ParsedSql sql : expressions) {
                if (!sql.parsed()) throw new NotPortable("an expression of a column does not parse: " + sql.text());
                for (ParsedSql.Subquery sub : sql.subqueries()) {
                    Printed pg = dialect.expression(ParsedSql.parse(sub.sparkSql(), alias, sub.name()));
                    if (!pg.portable()) throw new NotPortable("a subquery of a column has no PostgreSQL form: " + sub.sparkSql());
                    select.add(pg.text() + " AS " + quote(sub.name()));
                }
            }
            SideExpr finished = tree.map(n -> n instanceof SideExpr.Expression x ? new SideExpr.Expression(x.sql().shipped()) : n);
            for (String col : finished.rowColumns()) {
                if (!shipped.add(col)) continue;
                String type = catalog.table(rowTable).flatMap(t -> t.column(col)).map(Catalog.ColumnDef::type).orElse(null);
                String v = dialect.column(alias, col) + (type != null && type.startsWith("json") ? "::text" : "");
                select.add(v + " AS " + quote(col));
            }
            return SPARK.print(finished, alias).text();
        }

        /** Reddit's key-value rows pivoted per thing, both bounded to the partition's thing ids. */
        private void keyValueRows(BoundedQuery.Builder sql, SideQuery.KeyValuePivot pivot) {
            List<String> cols = new ArrayList<>();
            for (String key : pivot.keys()) {
                String k = dialect.text(key);
                cols.add("max(" + PostgresDialect.bytewise("CASE WHEN d.key = " + k + " THEN d.value END") + ") AS " + quote(key));
                cols.add("max(" + PostgresDialect.bytewise("CASE WHEN d.key = " + k + " THEN d.kind END") + ") AS "
                        + quote(key + "__kind"));
            }
            String keyFilter = pivot.keys().isEmpty() ? "" : "d.key IN (" + pivot.keys().stream().map(dialect::text)
                    .collect(Collectors.joining(", ")) + ") AND ";
            sql.append("(SELECT t.*, p.* FROM " + pivot.thing() + " t LEFT JOIN (SELECT d.thing_id AS cutover_thing_id"
                    + (cols.isEmpty() ? "" : ", " + String.join(", ", cols)) + " FROM " + pivot.data() + " d WHERE " + keyFilter)
                    .bound("d." + quote("thing_id"))
                    .append(" GROUP BY d.thing_id) p ON p.cutover_thing_id = t." + quote(pivot.id()) + " WHERE ")
                    .bound("t." + quote(pivot.id()))
                    .append(") " + alias);
        }

        /** The integer column the primary table is split on (as the Spark path splits its reads). */
        private String integerColumn(String table) {
            Catalog.TableDef t = catalog.table(table).orElse(null);
            if (t == null) return null;
            for (String candidate : List.of("thing_id", "id")) {
                Optional<Catalog.ColumnDef> c = t.column(candidate);
                if (c.isPresent() && !SparkTypeNames.of(c.get().type()).equals("STRING")) return candidate;
            }
            return null;
        }
    }
}

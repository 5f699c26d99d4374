package io.cutover.backfill;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cutover.mapping.ColumnRule;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.schema.Catalog;
import io.cutover.side.SparkTypeNames;
import io.cutover.verify.OldSideRows;
import io.cutover.verify.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds an entity's new rows from the old ones in Spark: each source's side printed through the
 * side model as verify prints it ({@link OldSideRows}: {@code absent} rows and a change log's
 * {@code latest} honoured alike), the columns taken from the source that gives each
 * ({@link ColumnProviders}), joined by key to the row source, and every reference, which the side
 * prints as its row's natural key, turned back into the target's id by a join to the referenced
 * entity's table in the target (already backfilled: a channel's id is the one its identity
 * gave). Rows come out in the target key's order, in {@link #columns()} order.
 */
public final class NewRows {
    private final Mapping mapping;
    private final Catalog target;
    private final SourceLocation targetLocation;
    private final ColumnProviders providers;
    private final Map<String, Object> runValues;

    NewRows(Mapping mapping, Catalog target, SourceLocation targetLocation, ColumnProviders providers) {
        this(mapping, target, targetLocation, providers, Map.of());
    }

    /** {@code runValues}: columns no source gives, each with the one value the run writes in every row (an archive instant). */
    NewRows(Mapping mapping, Catalog target, SourceLocation targetLocation, ColumnProviders providers, Map<String, Object> runValues) {
        this.mapping = mapping;
        this.target = target;
        this.targetLocation = targetLocation;
        this.providers = providers;
        this.runValues = new LinkedHashMap<>(runValues);
    }

    List<String> columns() {
        List<String> names = new ArrayList<>(providers.columnNames());
        for (String c : runValues.keySet()) if (!names.contains(c)) names.add(c);
        return List.copyOf(names);
    }

    ColumnProviders providers() {
        return providers;
    }

    /**
     * The rows, sorted by the target key, from the old side {@code old}; references resolved
     * against the target as {@code targetNow} reads it (as it is now, not in the run's snapshot: the
     * referenced entity was backfilled after it was taken). Fails (exit 3) when a reference names a
     * row the target does not hold yet.
     */
    Dataset<Row> build(OldSideRows old, OldSideRows targetNow) {
        return build(old, targetNow, null);
    }

    /**
     * As {@link #build}, only the rows whose (single-column) key lies in {@code [first, last]}:
     * each source's side is filtered before the joins, so the filter reaches the reads where Spark
     * can push it (a re-read of one chunk then reads that chunk's rows, not the entity's).
     */
    Dataset<Row> build(OldSideRows old, OldSideRows targetNow, Object first, Object last) {
        String k = "k_" + providers.entity().key().get(0);
        return build(old, targetNow, providers.entity().key().size() == 1 ? col(k).geq(lit(first)).and(col(k).leq(lit(last))) : null);
    }

    private Dataset<Row> build(OldSideRows old, OldSideRows targetNow, Column sideFilter) {
        return build(old, targetNow, sideFilter, null);
    }

    /**
     * As {@link #build(OldSideRows, OldSideRows)}, without a job of its own for the references: each
     * reference adds, after {@link #columns()}, a boolean column true where the target does not hold
     * the row referred to, for the pass that counts the rows to count as well ({@link SortedBatches});
     * {@link #failOnMissingReferences} then stops the entity as {@code build} would have.
     */
    Flagged buildFlagged(OldSideRows old, OldSideRows targetNow) {
        List<ReferenceCheck> checks = new ArrayList<>();
        return new Flagged(build(old, targetNow, null, checks), List.copyOf(checks));
    }

    /** Rows of {@link #buildFlagged}: {@link #columns()}, then one flag column per reference check, in order. */
    record Flagged(Dataset<Row> rows, List<ReferenceCheck> checks) {}

    /** A reference whose missing target rows are flagged in {@code flag} rather than counted by a job of its own. */
    record ReferenceCheck(String column, String flag, String referredName, String referredTable, String natural) {}

    /** Fails (exit 3), as {@link #build} does, when check {@code i} of {@code built} flagged {@code missing[i]} rows. */
    void failOnMissingReferences(Flagged built, long[] missing) {
        for (int i = 0; i < built.checks().size(); i++) {
            if (missing[i] == 0) continue;
            ReferenceCheck c = built.checks().get(i);
            List<Row> sample = built.rows().filter(col(c.flag())).select(col(c.column())).limit(3).collectAsList();
            throw missingReference(missing[i], c.referredName(), c.referredTable(), c.natural(), sample);
        }
    }

    private Dataset<Row> build(OldSideRows old, OldSideRows targetNow, Column sideFilter, List<ReferenceCheck> deferred) {
        EntitySpec entity = providers.entity();
        Dataset<Row> rows = joined(old, sideFilter);
        for (String c : columns()) {
            ColumnRule rule = providers.rule(c);
            if (rule != null && rule.ref() != null) rows = resolve(rows, c, rule.ref(), targetNow, deferred);
        }
        List<Column> ordered = new ArrayList<>(columns().stream().map(c -> col(c)).toList());
        if (deferred != null) for (ReferenceCheck check : deferred) ordered.add(col(check.flag()));
        Column[] byKey = entity.key().stream().map(k -> col(k.toLowerCase(Locale.ROOT)).asc()).toArray(Column[]::new);
        return rows.select(ordered.toArray(Column[]::new)).orderBy(byKey);
    }

    /**
     * The entity's new rows as {@link #build} makes them from {@code old} (the sources named by
     * {@code sources}), for a job that writes a few of them itself (repair's missing rows): every
     * value as text (timestamps in the session's time zone), unsorted, and each reference left as
     * its row's natural key (a channel's name, a voter's username), as verify compares it and its
     * report names the key; the writer turns it into the target's id when it writes the row.
     */
    public static Dataset<Row> withNaturalReferences(Mapping mapping, EntitySpec entity, java.util.Set<String> sources, OldSideRows old) {
        List<String> scripts = mapping.schemas().get(mapping.targetSchema());
        if (scripts == null) throw CutoverException.configuration("mapping names no schema '" + mapping.targetSchema() + "'");
        Catalog target = Catalog.of(scripts.toArray(String[]::new));
        NewRows rows = new NewRows(mapping, target, null, ColumnProviders.of(mapping, target, entity, sources));
        return rows.joined(old, null).select(rows.columns().stream().map(c -> col(c).cast("STRING").as(c)).toArray(Column[]::new));
    }

    /** Each source's columns joined by key to the row source's; references still as natural keys. */
    private Dataset<Row> joined(OldSideRows old, Column sideFilter) {
        EntitySpec entity = providers.entity();
        Dataset<Row> rows = null;
        for (int i = 0; i < providers.sources().size(); i++) {
            String source = providers.sources().get(i);
            Dataset<Row> side = old.rows(entity, source);
            if (sideFilter != null) side = side.where(sideFilter);
            List<Column> select = new ArrayList<>();
            for (String k : entity.key()) select.add(col("k_" + k).as(i == 0 ? key(k) : "j" + i + "_" + k));
            for (String c : providers.givenBy(source)) select.add(col("v_" + c).as(c));
            side = side.select(select.toArray(Column[]::new));
            if (rows == null) {
                rows = side;
                continue;
            }
            Column on = null;
            for (String k : entity.key()) {
                Column eq = rows.col(key(k)).equalTo(side.col("j" + i + "_" + k));
                on = on == null ? eq : on.and(eq);
            }
            // Inner: a row the truth source holds and another source lacks is an app write in flight (Reddit's part is
            // made, the app's transaction writing the mirror and the new row is not in the mirror's snapshot): the app
            // inserts that new row itself, and the backfill could only write it with that source's columns empty.
            Dataset<Row> joined = rows.join(side, on, "inner");
            for (String k : entity.key()) joined = joined.drop("j" + i + "_" + k);
            rows = joined;
        }
        for (String k : entity.key()) rows = rows.withColumnRenamed(key(k), k.toLowerCase(Locale.ROOT));
        for (var copy : providers.copied().entrySet()) rows = rows.withColumn(copy.getKey(), col(copy.getValue()));
        for (var value : runValues.entrySet()) rows = rows.withColumn(value.getKey(), lit(value.getValue()));
        return rows;
    }

    /**
     * A reference's natural key replaced by the id of the target row holding it. Where the
     * natural key is the id itself (a post's Reddit id), it is only cast.
     */
    private Dataset<Row> resolve(Dataset<Row> rows, String column, ColumnRule.Ref ref, OldSideRows targetNow,
                                 List<ReferenceCheck> deferred) {
        EntitySpec referred = mapping.entity(ref.entity()).orElseThrow();
        String natural = (ref.by() != null ? ref.by() : referred.key().get(0)).toLowerCase(Locale.ROOT);
        String id = referred.surrogate().isEmpty() ? "id" : referred.surrogate().get(0).toLowerCase(Locale.ROOT);
        String type = target.table(providers.entity().table()).flatMap(t -> t.column(column))
                .map(c -> SparkTypeNames.of(c.type())).orElse("BIGINT");
        if (natural.equals(id)) return rows.withColumn(column, col(column).cast(type));
        String nat = "cutover_ref_" + column + "_key";
        String found = "cutover_ref_" + column + "_id";
        Dataset<Row> ids = targetNow.table(targetLocation, referred.table())
                .select(col(natural).cast("STRING").as(nat), col(id).cast(type).as(found));
        Dataset<Row> joined = rows.join(ids, rows.col(column).equalTo(ids.col(nat)), "left");
        if (deferred != null) {
            String flag = "cutover_ref_" + column + "_missing";
            deferred.add(new ReferenceCheck(column, flag, referred.name(), referred.table(), natural));
            return joined.withColumn(flag, col(column).isNotNull().and(col(found).isNull())).withColumn(column, col(found))
                    .drop(nat, found);
        }
        long missing = joined.filter(col(column).isNotNull().and(col(found).isNull())).count();
        if (missing > 0) {
            List<Row> sample = joined.filter(col(column).isNotNull().and(col(found).isNull())).select(col(column)).limit(3).collectAsList();
            throw missingReference(missing, referred.name(), referred.table(), natural, sample);
        }
        return joined.withColumn(column, col(found)).drop(nat, found);
    }

    private CutoverException missingReference(long missing, String referredName, String referredTable, String natural,
                                              List<Row> sample) {
        return CutoverException.failure("backfill of " + providers.entity().name() + ": " + missing + " row(s) refer to "
                + referredName + " rows that " + referredTable + " does not hold yet (" + natural + " "
                + sample.stream().map(r -> String.valueOf(r.get(0))).toList() + "); backfill " + referredName
                + " first (the hierarchy's order)", null);
    }

    private static String key(String k) {
        return "cutover_key_" + k.toLowerCase(Locale.ROOT);
    }
}

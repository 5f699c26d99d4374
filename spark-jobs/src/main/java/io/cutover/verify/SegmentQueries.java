package io.cutover.verify;

import static io.cutover.side.SparkDialect.SPARK;

import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.NullSemantics;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.SourceSpec;
import io.cutover.side.BoundedQuery;
import io.cutover.side.SideQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the segment pass ({@link SegmentPass}) reads of one comparison, planned with it: each
 * side's query computing one hash per row in PostgreSQL (null where that side has none, with the
 * reason), the columns the row hash signs ({@code signed}, the same on both sides, in plan order)
 * and those it leaves to the per-row comparison ({@code perRow}).
 *
 * <p>A column is left out of the row hash when its {@code nulls:} rule makes a NULL on one side
 * match anything ({@code old-null-unknown}: the mirror's unsynced scores; {@code new-null-unknown}),
 * so that its rows would differ by hash yet be equal by the rule, making every bucket differ; or
 * when a side in PostgreSQL cannot compute it bit for bit as Spark does (a registered function, a
 * comparator PostgreSQL normalises otherwise: {@link CrossEngineHash#postgres} is empty). Such a
 * column is compared per row as before, key by key, outside the buckets that differ (inside them
 * every column is): leaving it out cannot change the verdict, including it could only cost time.
 *
 * <p>{@code keyType}: the Spark type of the first key, which buckets are ranges of
 * ({@code BIGINT}, {@code INT}, {@code SMALLINT} or {@code STRING}); {@code whyNot}: why the
 * comparison has no segment pass, null when it has one.
 */
record SegmentQueries(BoundedQuery oldQuery, BoundedQuery newQuery, String oldWhyNot, String newWhyNot,
                      List<String> keys, List<String> keyTypes, List<ComparedColumn> signed,
                      List<ComparedColumn> perRow, String whyNot) {

    static SegmentQueries none(String why) {
        return new SegmentQueries(null, null, why, why, List.of(), List.of(), List.of(), List.of(), why);
    }

    String keyType() {
        return keyTypes.get(0);
    }

    boolean textKey() {
        return keyType().equals("STRING");
    }

    /** Planned once per comparison, beside its digests. */
    static SegmentQueries plan(PostgresDigestPlanner postgres, EntitySpec entity, SideSpec side, SourceSpec source,
                               SparkSideSql old, SparkSideSql newSide) {
        List<ComparedColumn> columns = old.columns;
        List<String> keys = old.query.keys().stream().map(SideQuery.Output::name).toList();
        List<String> keyTypes = old.query.keys().stream().map(SideQuery.Output::sparkType).toList();
        if (!List.of("BIGINT", "INT", "SMALLINT", "STRING").contains(keyTypes.get(0))) {
            return none("its first key is a " + keyTypes.get(0) + ", not an integer or text to take ranges of");
        }
        Predicate<ComparedColumn> signable = c -> c.nulls() != NullSemantics.OLD_NULL_UNKNOWN
                && c.nulls() != NullSemantics.NEW_NULL_UNKNOWN;
        PostgresDigestPlanner.RowHashes o = postgres.oldRowHashes(side, source, old.query, columns, signable);
        PostgresDigestPlanner.RowHashes n = postgres.newRowHashes(entity, newSide.query, columns, signable);
        if (o.query() == null && n.query() == null) return none("no side has a PostgreSQL form: " + n.whyNot());
        // Both sides sign the same columns: those every side computed in PostgreSQL can sign.
        Set<String> both = new LinkedHashSet<>(columns.stream().map(ComparedColumn::name).toList());
        if (o.query() != null) both.retainAll(o.signed());
        if (n.query() != null) both.retainAll(n.signed());
        if (both.isEmpty()) return none("no compared column can be signed in PostgreSQL");
        Predicate<ComparedColumn> inBoth = c -> both.contains(c.name());
        if (o.query() != null && !o.signed().equals(List.copyOf(both))) {
            o = postgres.oldRowHashes(side, source, old.query, columns, signable.and(inBoth));
        }
        if (n.query() != null && !n.signed().equals(List.copyOf(both))) {
            n = postgres.newRowHashes(entity, newSide.query, columns, signable.and(inBoth));
        }
        List<ComparedColumn> signed = new ArrayList<>();
        List<ComparedColumn> perRow = new ArrayList<>();
        for (ComparedColumn c : columns) (both.contains(c.name()) ? signed : perRow).add(c);
        return new SegmentQueries(o.query(), n.query(), o.whyNot(), n.whyNot(), keys, keyTypes, List.copyOf(signed),
                List.copyOf(perRow), null);
    }

    /**
     * The row hash over a side's rows in Spark ({@code k_*}, {@code v_*}): the same value bit for
     * bit as the PostgreSQL query's, from the same canonical texts.
     */
    String sparkRowHash() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String type = keyTypes.get(i);
            texts.add(SPARK.canonicalText(SPARK.cast("k_" + keys.get(i), type), type).text());
        }
        for (ComparedColumn c : signed) texts.add(CrossEngineHash.sparkText(c, "v_" + c.name()));
        return SPARK.rowHash(texts);
    }

    /** True when a key column is NULL (Spark, over {@code k_*}). */
    String anyKeyNull(String prefix) {
        return String.join(" OR ", keys.stream().map(k -> prefix + "k_" + k + " IS NULL").toList());
    }
}

package io.cutover.verify;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Exact per-key comparison of two sides that share a shape (key columns {@code k_*}, value
 * columns {@code v_*}). Pass 1 reads each side's narrow digest (keys and a hash per column,
 * taken before any shuffle) once, keeps it, and compares per bucket of keys the row count and
 * an order-independent 128-bit signature. In the buckets that differ, the digests are joined on
 * the key: that alone yields the missing, extra, duplicate and NULL keys, and which keys
 * changed. Whole rows are read only for the changed keys, to say which columns changed and how.
 */
final class KeyedDiff {
    /** The difference rows' shape, one row per key (and column, for changes). */
    static final String DIFFERENCE_COLUMNS = "entity, source, category, key, column, old_value, new_value";
    /** Up to this many changed keys are named in the whole-row read as literals (pushed into the scans). */
    static final int KEYS_AS_LITERALS = 20_000;
    /**
     * Up to this many keys with an old value "not known" are sent to every task of the new side
     * (a broadcast), so that lenient columns enter the bucket signature; beyond it, lenient
     * columns are compared key by key everywhere.
     */
    static final long UNKNOWN_KEYS_SHARED = 2_000_000;

    private final ComparisonPlan plan;
    private final int buckets;
    private final long unknownKeysShared;

    KeyedDiff(ComparisonPlan plan, int buckets) {
        this(plan, buckets, UNKNOWN_KEYS_SHARED);
    }

    KeyedDiff(ComparisonPlan plan, int buckets, long unknownKeysShared) {
        this.plan = plan;
        this.buckets = buckets;
        this.unknownKeysShared = unknownKeysShared;
    }

    /** Row counts exclude NULL keys; what was compared key by key follows from the differences' counts. */
    record Result(long oldRows, long newRows, long bucketsCompared, long bucketsDiffering,
                  Dataset<Row> differences, List<Dataset<Row>> cached) {}

    /**
     * {@code oldKeyUnique}/{@code newKeyUnique} (in the plan): the DDL declares the key unique, so
     * the distinct-key count per bucket is skipped on that side.
     */
    Result run(ComparisonSides sides) {
        List<String> keys = plan.keys().stream().map(k -> "k_" + k).toList();
        List<ComparedColumn> hashed = plan.columns().stream().filter(c -> !c.lenient()).toList();
        List<ComparedColumn> lenient = plan.columns().stream().filter(ComparedColumn::lenient).toList();
        String anyKeyNull = keys.stream().map(k -> k + " IS NULL").collect(Collectors.joining(" OR "));

        List<Dataset<Row>> kept = new ArrayList<>();
        if (plan.narrowRows()) {
            // Rows with no long text cost little more to keep than their digests, and are then
            // never read twice: the digests and the changed rows both come from the kept rows.
            Dataset<Row> oldRows = sides.oldRows().persist(StorageLevel.MEMORY_AND_DISK());
            Dataset<Row> newRows = sides.newRows().persist(StorageLevel.MEMORY_AND_DISK());
            kept.addAll(List.of(oldRows, newRows));
            sides = new ComparisonSides(oldRows, newRows, digestOf(oldRows, keys, hashed, lenient), digestOf(newRows, keys, hashed, lenient));
        }
        // The digests are narrow (keys, two hashes, lenient values): kept for the passes that follow
        // (unless they are computed from kept rows, which is cheaper than keeping them too).
        Dataset<Row> o = kept(signed(sides.oldDigest(), keys, hashed, lenient, anyKeyNull, Side.OLD), kept);
        // The per-bucket summaries are small (at most `buckets` rows a side): compare them on the driver.
        // Bucket -1 holds the rows with a NULL in the key. Distinct keys are counted only when neither
        // side's key is declared unique: against a side without repeated keys, a repeated key already
        // makes the bucket's rows differ, so its signature does.
        boolean countKeys = !plan.oldKeyUnique() && !plan.newKeyUnique();
        boolean shareUnknown = !lenient.isEmpty() && fitsUnknownMask(lenient);
        Map<Long, Row> oldBuckets, newBuckets;
        Dataset<Row> n;
        boolean lenientSigned = false;
        if (lenient.isEmpty()) {
            // Neither side's digest depends on the other's summary: both summaries are one Spark
            // action, so their reads run side by side and pay one action's fixed cost.
            n = kept(signed(sides.newDigest(), keys, hashed, lenient, anyKeyNull, Side.NEW_UNSHARED), kept);
            List<Map<Long, Row>> both = collectByBucket(summary(o, countKeys, false), summary(n, countKeys, false));
            oldBuckets = both.get(0);
            newBuckets = both.get(1);
        } else {
            oldBuckets = collectByBucket(summary(o, countKeys, shareUnknown)).get(0);
            // A lenient column's old NULL means "not known". When the keys holding one are few enough to
            // send to every task, the new side hashes those columns of those keys as "not known" too, and
            // the bucket signatures compare lenient columns as exactly as the others.
            Dataset<Row> newDigest = sides.newDigest();
            if (shareUnknown) {
                Column[] keyColumns = keys.stream().map(functions::col).toArray(Column[]::new);
                Dataset<Row> unknown = o.where("b >= 0 AND cutover_unknown <> 0").groupBy(keyColumns)
                        .agg(functions.bit_or(col("cutover_unknown")).as("cutover_unknown"))
                        .persist(StorageLevel.MEMORY_AND_DISK());
                kept.add(unknown);
                // The old summary counted the rows holding an unknown value: no more keys than that
                // hold one, so their distinct count is needed only when the rows are too many.
                long unknownRows = oldBuckets.values().stream().mapToLong(r -> r.getLong(UNKNOWN_ROWS)).sum();
                if (unknownRows <= unknownKeysShared || unknown.count() <= unknownKeysShared) {
                    lenientSigned = true;
                    newDigest = newDigest.join(functions.broadcast(unknown), toSeq(keys), "left_outer");
                }
            }
            n = kept(signed(newDigest, keys, hashed, lenient, anyKeyNull, lenientSigned ? Side.NEW : Side.NEW_UNSHARED), kept);
            newBuckets = collectByBucket(summary(n, countKeys, false)).get(0);
        }
        if (lenientSigned) {
            // Every column is now in the signatures: a key whose row hash differs is read whole, and
            // each column is judged there (a lenient one by its own NULL rule).
            hashed = plan.columns();
            lenient = List.of();
        }
        long oldNullKeys = oldBuckets.containsKey(-1L) ? oldBuckets.remove(-1L).getLong(1) : 0;
        long newNullKeys = newBuckets.containsKey(-1L) ? newBuckets.remove(-1L).getLong(1) : 0;
        long oldRows = 0, newRows = 0;
        List<Long> differing = new ArrayList<>();
        java.util.Set<Long> all = new java.util.TreeSet<>(oldBuckets.keySet());
        all.addAll(newBuckets.keySet());
        for (long bucket : all) {
            Row a = oldBuckets.get(bucket), c = newBuckets.get(bucket);
            if (a != null) oldRows += a.getLong(1);
            if (c != null) newRows += c.getLong(1);
            if (a == null || c == null || !sameSummary(a, c) || hasDuplicates(a) || hasDuplicates(c)) differing.add(bucket);
        }
        long bucketsCompared = all.size();
        long bucketsDiffering = differing.size();

        List<Dataset<Row>> parts = new ArrayList<>();
        if (oldNullKeys > 0) parts.add(nullKeys(o, anyKeyNull, "old"));
        if (newNullKeys > 0) parts.add(nullKeys(n, anyKeyNull, "new"));
        Dataset<Row> od, nd;
        if (bucketsDiffering * 2 > bucketsCompared) {
            od = o.where("b >= 0");
            nd = n.where("b >= 0");
        } else {
            Object[] chosen = differing.toArray();
            od = o.where(col("b").isin(chosen));
            nd = n.where(col("b").isin(chosen));
        }

        Dataset<Row> dupKeys = null;
        if (!plan.oldKeyUnique() || !plan.newKeyUnique()) {
            // A bucket holding a repeated key is never "same" (see hasDuplicates), so duplicates are all in od/nd.
            Dataset<Row> dupOld = duplicates(od, keys);
            Dataset<Row> dupNew = duplicates(nd, keys);
            parts.add(duplicateRows(dupOld, keys, "old"));
            parts.add(duplicateRows(dupNew, keys, "new"));
            dupKeys = dupOld.select(keys.stream().map(functions::col).toArray(Column[]::new))
                    .union(dupNew.select(keys.stream().map(functions::col).toArray(Column[]::new))).distinct();
        }
        if (!lenient.isEmpty()) {
            // Lenient columns never enter a bucket signature: their keys are compared everywhere.
            od = o.where("b >= 0");
            nd = n.where("b >= 0");
        }
        if (dupKeys != null) {
            od = od.join(dupKeys, toSeq(keys), "left_anti");
            nd = nd.join(dupKeys, toSeq(keys), "left_anti");
        }

        // The digests joined on the key: each key is missing, extra, changed, or differs in a
        // lenient column. Only those few rows are kept, and every category is read from them.
        Dataset<Row> a = od.alias("o");
        Dataset<Row> b = nd.alias("n");
        List<String> suspect = new ArrayList<>();
        suspect.add("CASE WHEN n.present IS NULL THEN '" + Category.MISSING_IN_NEW.id() + "' WHEN o.present IS NULL THEN '"
                + Category.EXTRA_IN_NEW.id() + "' END AS presence");
        suspect.add("CASE WHEN n.present IS NULL THEN " + keyJson("o", keys) + " ELSE " + keyJson("n", keys) + " END AS key");
        for (String k : keys) suspect.add("coalesce(o." + k + ", n." + k + ") AS " + k);
        // With lenient columns outside the signatures, a key has changed when its strict columns differ.
        suspect.add(lenient.isEmpty() ? "coalesce(o.present AND n.present AND o.h1 <> n.h1, false) AS changed"
                : "coalesce(o.present AND n.present AND o.hs <> n.hs, false) AS changed");
        suspect.add(lenient.isEmpty() ? "array() AS lenient"
                : "CASE WHEN o.present AND n.present THEN " + lenientChecks(lenient) + " ELSE array() END AS lenient");
        Dataset<Row> suspects = a.join(b, nullSafe(a, b, keys), "full_outer").selectExpr(suspect.toArray(String[]::new))
                .where("presence IS NOT NULL OR changed OR size(lenient) > 0").persist(StorageLevel.MEMORY_AND_DISK());

        String none = "CAST(NULL AS STRING)";
        parts.add(suspects.where("presence IS NOT NULL").selectExpr(row("presence", "key", none, none, none)));
        if (!hashed.isEmpty()) {
            Dataset<Row> changedKeys = suspects.where("changed").select(keys.stream().map(functions::col).toArray(Column[]::new));
            parts.add(changedColumns(sides.oldRows(), sides.newRows(), changedKeys, keys, hashed, kept));
        }
        if (!lenient.isEmpty()) {
            parts.add(suspects.where("size(lenient) > 0").selectExpr("key", "explode(lenient) AS d")
                    .selectExpr(row(Category.CHANGED, "key", "d.column", "d.old_value", "d.new_value")));
        }
        Dataset<Row> differences = parts.stream().reduce(Dataset::unionByName).orElseThrow();
        kept.add(suspects);
        return new Result(oldRows, newRows, bucketsCompared, bucketsDiffering, differences, kept);
    }

    /** The lenient columns of a matched pair that do not agree, as (column, old, new) structs. */
    private static String lenientChecks(List<ComparedColumn> lenient) {
        List<String> checks = new ArrayList<>();
        for (ComparedColumn c : lenient) {
            checks.add("named_struct('column', '" + c.name() + "', 'old_value', " + c.shown("o.v_" + c.name()) + ","
                    + " 'new_value', " + c.shown("n.v_" + c.name()) + ", 'same', " + c.equal("o.v_" + c.name(), "n.v_" + c.name()) + ")");
        }
        return "filter(array(" + String.join(", ", checks) + "), x -> NOT x.same)";
    }

    /**
     * Whole rows of the changed keys, column by column. A few keys of one column are given to
     * both sides as literals, which Spark pushes down to the scans (a live source gets them in
     * its WHERE clause); more, or composite keys, are narrowed to their buckets first.
     */
    private Dataset<Row> changedColumns(Dataset<Row> oldRows, Dataset<Row> newRows, Dataset<Row> changedKeys,
                                        List<String> keys, List<ComparedColumn> hashed, List<Dataset<Row>> kept) {
        Dataset<Row> oldChanged, newChanged;
        List<Row> few = keys.size() == 1 ? changedKeys.limit(KEYS_AS_LITERALS + 1).collectAsList() : null;
        if (few != null && few.size() <= KEYS_AS_LITERALS) {
            Object[] values = few.stream().map(r -> r.get(0)).toArray();
            oldChanged = oldRows.where(col(keys.get(0)).isin(values));
            newChanged = newRows.where(col(keys.get(0)).isin(values));
        } else {
            String bucket = bucketOf(keys);
            Dataset<Row> changed = changedKeys.withColumn("b", expr(bucket)).persist(StorageLevel.MEMORY_AND_DISK());
            kept.add(changed);
            Object[] chosen = changed.select("b").distinct().collectAsList().stream().map(r -> r.get(0)).toArray();
            Dataset<Row> keyOnly = changed.drop("b");
            oldChanged = oldRows.where(expr(bucket).isin(chosen)).join(keyOnly, toSeq(keys), "left_semi");
            newChanged = newRows.where(expr(bucket).isin(chosen)).join(keyOnly, toSeq(keys), "left_semi");
        }
        Dataset<Row> a = oldChanged.alias("o");
        Dataset<Row> b = newChanged.alias("n");
        List<String> changes = new ArrayList<>();
        for (ComparedColumn c : hashed) {
            changes.add(entry("'changed'", keyJson("o", keys), "'" + c.name() + "'", c.shown("o.v_" + c.name()),
                    c.shown("n.v_" + c.name()), c.equal("o.v_" + c.name(), "n.v_" + c.name())));
        }
        return a.join(b, nullSafe(a, b, keys), "inner")
                .selectExpr("explode(filter(array(" + String.join(", ", changes) + "), x -> NOT x.same)) AS d")
                .selectExpr(row("d.category", "d.key", "d.column", "d.old_value", "d.new_value"));
    }

    private static Column nullSafe(Dataset<Row> a, Dataset<Row> b, List<String> keys) {
        Column on = null;
        for (String k : keys) {
            Column c = a.col(k).eqNullSafe(b.col(k));
            on = on == null ? c : on.and(c);
        }
        return on;
    }

    private String bucketOf(List<String> keys) {
        return "pmod(xxhash64(7, " + String.join(", ", keys) + "), " + buckets + ")";
    }

    private static String entry(String category, String key, String column, String oldValue, String newValue, String same) {
        return "named_struct('category', " + category + ", 'key', " + key + ", 'column', " + column + ", 'old_value', "
                + oldValue + ", 'new_value', " + newValue + ", 'same', " + same + ")";
    }

    /** The digest of whole rows, hashed as the planner's digest SQL hashes them. */
    private static Dataset<Row> digestOf(Dataset<Row> rows, List<String> keys, List<ComparedColumn> hashed,
                                         List<ComparedColumn> lenient) {
        List<String> out = new ArrayList<>(keys);
        hashed.forEach(c -> out.add(ComparisonPlanner.columnHash(c, "v_" + c.name()) + " AS h_" + c.name()));
        lenient.forEach(c -> out.add("v_" + c.name()));
        return rows.selectExpr(out.toArray(String[]::new));
    }

    /** Which side a digest is signed for: lenient columns are hashed differently on each. */
    private enum Side {
        /** An old NULL in a lenient column hashes as "not known", noted per key in {@code cutover_unknown}. */
        OLD,
        /** The keys whose old value is not known (joined as {@code cutover_unknown}) hash it alike. */
        NEW,
        /** Too many old values not known to share: lenient columns are compared key by key instead. */
        NEW_UNSHARED
    }

    /** {@code cutover_unknown} holds one bit per lenient column in a bigint. */
    private static boolean fitsUnknownMask(List<ComparedColumn> lenient) {
        return lenient.size() < 63;
    }

    /** Stands for an old value not known in a row hash: the same on both sides, unlike any value's hash. */
    private static final String NOT_KNOWN = "xxhash64('cutover: old value not known')";

    /**
     * A digest with its bucket and row signature: the keys and every column hash go into two 64-bit
     * lanes. With lenient columns, {@code hs} is the hash of the keys and strict columns alone.
     */
    private Dataset<Row> signed(Dataset<Row> digest, List<String> keys, List<ComparedColumn> hashed,
                                List<ComparedColumn> lenient, String anyKeyNull, Side side) {
        List<String> strict = new ArrayList<>(keys);
        hashed.forEach(c -> strict.add("h_" + c.name()));
        List<String> values = new ArrayList<>(strict);
        List<String> unknownBits = new ArrayList<>();
        for (int i = 0; i < lenient.size(); i++) {
            ComparedColumn c = lenient.get(i);
            String hash = ComparisonPlanner.columnHash(c, "v_" + c.name());
            String notKnown = switch (side) {
                case OLD -> "v_" + c.name() + " IS NULL";
                case NEW -> "coalesce(cutover_unknown & " + (1L << i) + ", 0) <> 0";
                case NEW_UNSHARED -> "false";
            };
            values.add("CASE WHEN " + notKnown + " THEN " + NOT_KNOWN + " ELSE " + hash + " END");
            unknownBits.add("CASE WHEN v_" + c.name() + " IS NULL THEN " + (1L << i) + " ELSE 0 END");
        }
        String all = String.join(", ", values);
        List<String> out = new ArrayList<>(keys);
        lenient.forEach(c -> out.add("v_" + c.name()));
        out.add("CASE WHEN " + anyKeyNull + " THEN -1 ELSE " + bucketOf(keys) + " END AS b");
        out.add("xxhash64(" + all + ") AS h1");
        // The second lane is a non-linear mix of the first: sums of both per bucket make a
        // 128-bit signature without hashing every value twice.
        out.add("xxhash64(6151, xxhash64(" + all + ")) AS h2");
        if (!lenient.isEmpty()) {
            out.add("xxhash64(" + String.join(", ", strict) + ") AS hs");
            if (side == Side.OLD && fitsUnknownMask(lenient)) out.add("(" + String.join(" | ", unknownBits) + ") AS cutover_unknown");
        }
        out.add("true AS present");
        return digest.selectExpr(out.toArray(String[]::new));
    }

    /**
     * Per bucket: rows, four 32-bit-half sums of the two hashes (sums of halves never overflow a
     * long), and distinct keys, so that a key repeated alike on both sides is still caught.
     */
    private Dataset<Row> summary(Dataset<Row> side, boolean countKeys, boolean unknownRows) {
        Column[] keyColumns = plan.keys().stream().map(k -> col("k_" + k)).toArray(Column[]::new);
        // Distinct 64-bit key hashes: a collision can only mark a bucket as holding a repeated key,
        // and such a bucket is then compared key by key, so it costs time, never a finding.
        Column keysInBucket = countKeys
                ? functions.countDistinct(functions.xxhash64(keyColumns))
                : functions.count(lit(1));
        return side.groupBy("b").agg(functions.count(lit(1)).as("cnt"),
                functions.sum(expr("h1 & 4294967295")).as("s1"), functions.sum(expr("shiftrightunsigned(h1, 32)")).as("s2"),
                functions.sum(expr("h2 & 4294967295")).as("s3"), functions.sum(expr("shiftrightunsigned(h2, 32)")).as("s4"),
                keysInBucket.as("keys"), (unknownRows ? functions.count(expr("CASE WHEN b >= 0 AND cutover_unknown <> 0 THEN 1 END"))
                        : lit(0L)).as("unknown_rows"));
    }

    /** The column of a bucket summary counting the old rows that hold a value not known. */
    private static final int UNKNOWN_ROWS = 7;

    /** A digest not computed from kept rows is kept for the passes that follow. */
    private Dataset<Row> kept(Dataset<Row> digest, List<Dataset<Row>> kept) {
        if (plan.narrowRows()) return digest;
        Dataset<Row> persisted = digest.persist(StorageLevel.MEMORY_AND_DISK());
        kept.add(persisted);
        return persisted;
    }

    private static boolean hasDuplicates(Row bucket) {
        return bucket.getLong(6) < bucket.getLong(1);
    }

    /** Each summary by bucket, all of them collected in one action. */
    @SafeVarargs
    private static List<Map<Long, Row>> collectByBucket(Dataset<Row>... summaries) {
        Dataset<Row> all = null;
        for (int i = 0; i < summaries.length; i++) {
            Dataset<Row> tagged = summaries[i].withColumn("summary", lit(i));
            all = all == null ? tagged : all.unionByName(tagged);
        }
        List<Map<Long, Row>> out = new ArrayList<>();
        for (int i = 0; i < summaries.length; i++) out.add(new java.util.HashMap<>());
        for (Row r : all.collectAsList()) out.get(r.getInt(r.fieldIndex("summary"))).put(((Number) r.get(0)).longValue(), r);
        return out;
    }

    private static boolean sameSummary(Row a, Row b) {
        for (int i = 1; i <= 5; i++) if (!java.util.Objects.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    private Dataset<Row> nullKeys(Dataset<Row> side, String anyKeyNull, String which) {
        return side.where(anyKeyNull).selectExpr(row(Category.NULL_KEY, keyJson(null, plan.keys().stream().map(k -> "k_" + k).toList()),
                "NULL", which.equals("old") ? "'present'" : "NULL", which.equals("new") ? "'present'" : "NULL"));
    }

    private static Dataset<Row> duplicates(Dataset<Row> side, List<String> keys) {
        return side.groupBy(keys.stream().map(functions::col).toArray(Column[]::new)).count().where("count > 1");
    }

    private Dataset<Row> duplicateRows(Dataset<Row> dups, List<String> keys, String which) {
        return dups.selectExpr(row(Category.DUPLICATE_KEY, keyJson(null, keys), "NULL",
                which.equals("old") ? "CAST(count AS STRING) || ' rows'" : "NULL",
                which.equals("new") ? "CAST(count AS STRING) || ' rows'" : "NULL"));
    }

    /** The key as JSON text, e.g. {"post_id":3,"voter_id":"anna_1"}: readable, and parsed back by --recheck. */
    private String keyJson(String alias, List<String> keys) {
        String prefix = alias == null ? "" : alias + ".";
        return "to_json(named_struct(" + keys.stream().map(k -> "'" + k.substring(2) + "', " + prefix + k)
                .collect(Collectors.joining(", ")) + "))";
    }

    private String[] row(Category category, String key, String column, String oldValue, String newValue) {
        return row("'" + category.id() + "'", key, column, oldValue, newValue);
    }

    /** One difference row; {@code category} is an SQL expression. */
    private String[] row(String category, String key, String column, String oldValue, String newValue) {
        return new String[] {"'" + plan.entity() + "' AS entity", "'" + plan.source() + "' AS source",
                category + " AS category", key + " AS key", "CAST(" + column + " AS STRING) AS column",
                "CAST(" + oldValue + " AS STRING) AS old_value", "CAST(" + newValue + " AS STRING) AS new_value"};
    }

    private static scala.collection.immutable.Seq<String> toSeq(List<String> list) {
        return scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq();
    }
}

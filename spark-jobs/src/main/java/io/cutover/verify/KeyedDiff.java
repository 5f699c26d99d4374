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

/**
 * Exact per-key comparison of two sides that share a shape (key columns {@code k_*}, value
 * columns {@code v_*}). A pre-pass groups keys into buckets and compares, per bucket, the row
 * count and an order-independent 128-bit hash of the normalised rows; only buckets that differ
 * go through the null-safe full outer join. Where most buckets differ it joins everything.
 */
final class KeyedDiff {
    /** The difference rows' shape, one row per key (and column, for changes). */
    static final String DIFFERENCE_COLUMNS = "entity, source, category, key, column, old_value, new_value";

    private final ComparisonPlan plan;
    private final int buckets;

    KeyedDiff(ComparisonPlan plan, int buckets) {
        this.plan = plan;
        this.buckets = buckets;
    }

    /** Row counts exclude NULL keys; what was compared key by key follows from the differences' counts. */
    record Result(long oldRows, long newRows, long bucketsCompared, long bucketsDiffering,
                  Dataset<Row> differences, List<Dataset<Row>> cached) {}

    /**
     * Pass 1 reads each side once and keeps only per-bucket summaries; pass 2 recomputes the sides
     * for the buckets that differ. Nothing is cached: a cache of whole rows cost more than a
     * second, filtered read here. {@code oldKeyUnique}/{@code newKeyUnique}: the DDL declares the
     * key unique, so the distinct-key count (a second aggregation) is skipped on that side.
     */
    Result run(Dataset<Row> oldSide, Dataset<Row> newSide, boolean oldKeyUnique, boolean newKeyUnique) {
        List<String> keys = plan.keys().stream().map(k -> "k_" + k).toList();
        List<ComparedColumn> hashed = plan.columns().stream().filter(c -> !c.lenient()).toList();
        String anyKeyNull = keys.stream().map(k -> k + " IS NULL").collect(Collectors.joining(" OR "));

        Dataset<Row> o = withHashes(oldSide, keys, hashed, anyKeyNull);
        Dataset<Row> n = withHashes(newSide, keys, hashed, anyKeyNull);

        // The per-bucket summaries are small (at most `buckets` rows a side): compare them on the driver.
        // Bucket -1 holds the rows with a NULL in the key.
        Map<Long, Row> oldBuckets = collectByBucket(summary(o, !oldKeyUnique));
        Map<Long, Row> newBuckets = collectByBucket(summary(n, !newKeyUnique));
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
        if (!oldKeyUnique || !newKeyUnique) {
            // A bucket holding a repeated key is never "same" (see hasDuplicates), so duplicates are all in od/nd.
            Dataset<Row> dupOld = duplicates(od, keys);
            Dataset<Row> dupNew = duplicates(nd, keys);
            parts.add(duplicateRows(dupOld, keys, "old"));
            parts.add(duplicateRows(dupNew, keys, "new"));
            dupKeys = dupOld.select(keys.stream().map(functions::col).toArray(Column[]::new))
                    .union(dupNew.select(keys.stream().map(functions::col).toArray(Column[]::new))).distinct();
            od = od.join(dupKeys, toSeq(keys), "left_anti");
            nd = nd.join(dupKeys, toSeq(keys), "left_anti");
        }

        Dataset<Row> a = od.alias("o");
        Dataset<Row> b = nd.alias("n");
        Column on = null;
        for (String k : keys) {
            Column c = a.col(k).eqNullSafe(b.col(k));
            on = on == null ? c : on.and(c);
        }
        // One pass over the join yields every category: a missing row, an extra row, or its changed columns.
        String none = "CAST(NULL AS STRING)";
        List<String> changes = new ArrayList<>();
        for (ComparedColumn c : hashed) {
            changes.add(entry("'changed'", keyJson("o", keys), "'" + c.name() + "'", "CAST(o.v_" + c.name() + " AS STRING)",
                    "CAST(n.v_" + c.name() + " AS STRING)", c.equal("o.v_" + c.name(), "n.v_" + c.name())));
        }
        String changed = changes.isEmpty() ? "array()" : "filter(array(" + String.join(", ", changes) + "), x -> NOT x.same)";
        String perRow = "CASE WHEN n.present IS NULL THEN array(" + entry("'" + Category.MISSING_IN_NEW.id() + "'",
                keyJson("o", keys), none, none, none, "false") + ")"
                + " WHEN o.present IS NULL THEN array(" + entry("'" + Category.EXTRA_IN_NEW.id() + "'", keyJson("n", keys),
                none, none, none, "false") + ")"
                + " ELSE " + changed + " END";
        parts.add(a.join(b, on, "full_outer").selectExpr("explode(" + perRow + ") AS d")
                .selectExpr("'" + plan.entity() + "' AS entity", "'" + plan.source() + "' AS source", "d.category AS category",
                        "d.key AS key", "d.column AS column", "d.old_value AS old_value", "d.new_value AS new_value"));
        List<ComparedColumn> lenient = plan.columns().stream().filter(ComparedColumn::lenient).toList();
        if (!lenient.isEmpty()) parts.add(lenientChanges(o, n, keys, lenient, dupKeys, anyKeyNull));
        Dataset<Row> differences = parts.stream().reduce(Dataset::unionByName).orElseThrow();
        return new Result(oldRows, newRows, bucketsCompared, bucketsDiffering, differences, List.of());
    }

    /**
     * Columns whose old NULL means "not known" never enter a bucket hash, so they are compared
     * over every key, on a projection of the key and those columns only.
     */
    private static String entry(String category, String key, String column, String oldValue, String newValue, String same) {
        return "named_struct('category', " + category + ", 'key', " + key + ", 'column', " + column + ", 'old_value', "
                + oldValue + ", 'new_value', " + newValue + ", 'same', " + same + ")";
    }

    private Dataset<Row> lenientChanges(Dataset<Row> o, Dataset<Row> n, List<String> keys, List<ComparedColumn> lenient,
                                        Dataset<Row> dupKeys, String anyKeyNull) {
        List<String> cols = new ArrayList<>(keys);
        lenient.forEach(c -> cols.add("v_" + c.name()));
        Column[] projection = cols.stream().map(functions::col).toArray(Column[]::new);
        Dataset<Row> a = o.where("b >= 0").select(projection);
        Dataset<Row> b = n.where("b >= 0").select(projection);
        if (dupKeys != null) {
            a = a.join(dupKeys, toSeq(keys), "left_anti");
            b = b.join(dupKeys, toSeq(keys), "left_anti");
        }
        a = a.alias("o");
        b = b.alias("n");
        Column on = null;
        for (String k : keys) {
            Column c = a.col(k).equalTo(b.col(k));
            on = on == null ? c : on.and(c);
        }
        List<String> checks = new ArrayList<>();
        for (ComparedColumn c : lenient) {
            checks.add("named_struct('column', '" + c.name() + "', 'old_value', CAST(o.v_" + c.name() + " AS STRING),"
                    + " 'new_value', CAST(n.v_" + c.name() + " AS STRING), 'same', " + c.equal("o.v_" + c.name(), "n.v_" + c.name()) + ")");
        }
        return a.join(b, on, "inner")
                .selectExpr(keyJson("o", keys) + " AS key", "explode(filter(array(" + String.join(", ", checks) + "), x -> NOT x.same)) AS d")
                .selectExpr(row(Category.CHANGED, "key", "d.column", "d.old_value", "d.new_value"));
    }

    private Dataset<Row> withHashes(Dataset<Row> side, List<String> keys, List<ComparedColumn> hashed, String anyKeyNull) {
        List<String> values = new ArrayList<>(keys);
        StringBuilder nullMask = new StringBuilder("(0");
        int bit = 0;
        for (ComparedColumn c : hashed) {
            String h = c.hashed("v_" + c.name());
            values.add(h);
            nullMask.append(" + CASE WHEN ").append(h).append(" IS NULL THEN ").append(1L << (bit++ % 62)).append(" ELSE 0 END");
        }
        values.add(nullMask.append(")").toString());
        String all = String.join(", ", values);
        return side.selectExpr("*",
                "CASE WHEN " + anyKeyNull + " THEN -1 ELSE pmod(xxhash64(7, " + String.join(", ", keys) + "), " + buckets + ") END AS b",
                "xxhash64(" + all + ") AS h1",
                // The second lane is a non-linear mix of the first: sums of both per bucket make a
                // 128-bit signature without hashing every (long) value twice.
                "xxhash64(6151, xxhash64(" + all + ")) AS h2",
                "true AS present");
    }

    /**
     * Per bucket: rows, four 32-bit-half sums of the two hashes (sums of halves never overflow a
     * long), and distinct keys, so that a key repeated alike on both sides is still caught.
     */
    private Dataset<Row> summary(Dataset<Row> side, boolean countKeys) {
        Column[] keyColumns = plan.keys().stream().map(k -> col("k_" + k)).toArray(Column[]::new);
        Column keysInBucket = countKeys
                ? functions.countDistinct(keyColumns[0], java.util.Arrays.copyOfRange(keyColumns, 1, keyColumns.length))
                : functions.count(lit(1));
        return side.groupBy("b").agg(functions.count(lit(1)).as("cnt"),
                functions.sum(expr("h1 & 4294967295")).as("s1"), functions.sum(expr("shiftrightunsigned(h1, 32)")).as("s2"),
                functions.sum(expr("h2 & 4294967295")).as("s3"), functions.sum(expr("shiftrightunsigned(h2, 32)")).as("s4"),
                keysInBucket.as("keys"));
    }

    private static boolean hasDuplicates(Row bucket) {
        return bucket.getLong(6) < bucket.getLong(1);
    }

    private static Map<Long, Row> collectByBucket(Dataset<Row> summary) {
        Map<Long, Row> out = new java.util.HashMap<>();
        for (Row r : summary.collectAsList()) out.put(((Number) r.get(0)).longValue(), r);
        return out;
    }

    private static boolean sameSummary(Row a, Row b) {
        for (int i = 1; i <= 5; i++) if (!java.util.Objects.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    private Dataset<Row> nullKeys(Dataset<Row> side, String anyKeyNull, String which) {
        String category = Category.NULL_KEY.id();
        return side.where(anyKeyNull).selectExpr(row(category, keyJson(null, plan.keys().stream().map(k -> "k_" + k).toList()),
                "NULL", which.equals("old") ? "'present'" : "NULL", which.equals("new") ? "'present'" : "NULL"));
    }

    private static Dataset<Row> duplicates(Dataset<Row> side, List<String> keys) {
        return side.groupBy(keys.stream().map(functions::col).toArray(Column[]::new)).count().where("count > 1");
    }

    private Dataset<Row> duplicateRows(Dataset<Row> dups, List<String> keys, String which) {
        return dups.selectExpr(row(Category.DUPLICATE_KEY.id(), keyJson(null, keys), "NULL",
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
        return row(category.id(), key, column, oldValue, newValue);
    }

    private String[] row(String category, String key, String column, String oldValue, String newValue) {
        return new String[] {"'" + plan.entity() + "' AS entity", "'" + plan.source() + "' AS source",
                "'" + category + "' AS category", key + " AS key", "CAST(" + column + " AS STRING) AS column",
                "CAST(" + oldValue + " AS STRING) AS old_value", "CAST(" + newValue + " AS STRING) AS new_value"};
    }

    private static scala.collection.immutable.Seq<String> toSeq(List<String> list) {
        return scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq();
    }
}

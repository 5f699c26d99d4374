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

    Result run(Dataset<Row> oldSide, Dataset<Row> newSide) {
        List<String> keys = plan.keys().stream().map(k -> "k_" + k).toList();
        List<ComparedColumn> hashed = plan.columns().stream().filter(c -> !c.lenient()).toList();
        String anyKeyNull = keys.stream().map(k -> k + " IS NULL").collect(Collectors.joining(" OR "));

        Dataset<Row> o = withHashes(oldSide, keys, hashed).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> n = withHashes(newSide, keys, hashed).persist(StorageLevel.MEMORY_AND_DISK());

        // The per-bucket summaries are small (at most `buckets` rows a side): compare them on the driver.
        Map<Long, Row> oldBuckets = collectByBucket(summary(o.where("NOT (" + anyKeyNull + ")")));
        Map<Long, Row> newBuckets = collectByBucket(summary(n.where("NOT (" + anyKeyNull + ")")));
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

        Dataset<Row> od, nd;
        if (bucketsDiffering * 2 > bucketsCompared) {
            od = o;
            nd = n;
        } else {
            Object[] chosen = differing.toArray();
            od = o.where(col("b").isin(chosen));
            nd = n.where(col("b").isin(chosen));
        }
        List<Dataset<Row>> parts = new ArrayList<>();
        parts.add(nullKeys(o, anyKeyNull, "old"));
        parts.add(nullKeys(n, anyKeyNull, "new"));
        od = od.where("NOT (" + anyKeyNull + ")");
        nd = nd.where("NOT (" + anyKeyNull + ")");

        // A bucket holding a repeated key is never "same" (see hasDuplicates), so duplicates are all in od/nd.
        Dataset<Row> dupOld = duplicates(od, keys);
        Dataset<Row> dupNew = duplicates(nd, keys);
        parts.add(duplicateRows(dupOld, keys, "old"));
        parts.add(duplicateRows(dupNew, keys, "new"));
        Dataset<Row> dupKeys = dupOld.select(keys.stream().map(functions::col).toArray(Column[]::new))
                .union(dupNew.select(keys.stream().map(functions::col).toArray(Column[]::new))).distinct();
        od = od.join(dupKeys, toSeq(keys), "left_anti");
        nd = nd.join(dupKeys, toSeq(keys), "left_anti");

        Dataset<Row> a = od.alias("o");
        Dataset<Row> b = nd.alias("n");
        Column on = null;
        for (String k : keys) {
            Column c = a.col(k).eqNullSafe(b.col(k));
            on = on == null ? c : on.and(c);
        }
        Dataset<Row> joined = a.join(b, on, "full_outer");
        String oldPresent = "o.present", newPresent = "n.present";
        parts.add(joined.where(oldPresent + " IS NOT NULL AND " + newPresent + " IS NULL")
                .selectExpr(row(Category.MISSING_IN_NEW, keyJson("o", keys), "NULL", "NULL", "NULL")));
        parts.add(joined.where(oldPresent + " IS NULL AND " + newPresent + " IS NOT NULL")
                .selectExpr(row(Category.EXTRA_IN_NEW, keyJson("n", keys), "NULL", "NULL", "NULL")));
        Dataset<Row> both = joined.where(oldPresent + " IS NOT NULL AND " + newPresent + " IS NOT NULL");
        if (!hashed.isEmpty()) {
            List<String> checks = new ArrayList<>();
            for (ComparedColumn c : hashed) {
                checks.add("named_struct('column', '" + c.name() + "', 'old_value', CAST(o.v_" + c.name() + " AS STRING),"
                        + " 'new_value', CAST(n.v_" + c.name() + " AS STRING), 'same', " + c.equal("o.v_" + c.name(), "n.v_" + c.name()) + ")");
            }
            parts.add(both.selectExpr(keyJson("o", keys) + " AS key",
                            "explode(filter(array(" + String.join(", ", checks) + "), x -> NOT x.same)) AS d")
                    .selectExpr(row(Category.CHANGED, "key", "d.column", "d.old_value", "d.new_value")));
        }
        List<ComparedColumn> lenient = plan.columns().stream().filter(ComparedColumn::lenient).toList();
        if (!lenient.isEmpty()) parts.add(lenientChanges(o, n, keys, lenient, dupKeys, anyKeyNull));
        Dataset<Row> differences = parts.stream().reduce(Dataset::unionByName).orElseThrow();
        return new Result(oldRows, newRows, bucketsCompared, bucketsDiffering, differences, List.of(o, n));
    }

    /**
     * Columns whose old NULL means "not known" never enter a bucket hash, so they are compared
     * over every key, on a projection of the key and those columns only.
     */
    private Dataset<Row> lenientChanges(Dataset<Row> o, Dataset<Row> n, List<String> keys, List<ComparedColumn> lenient,
                                        Dataset<Row> dupKeys, String anyKeyNull) {
        List<String> cols = new ArrayList<>(keys);
        lenient.forEach(c -> cols.add("v_" + c.name()));
        Column[] projection = cols.stream().map(functions::col).toArray(Column[]::new);
        Dataset<Row> a = o.where("NOT (" + anyKeyNull + ")").select(projection).join(dupKeys, toSeq(keys), "left_anti").alias("o");
        Dataset<Row> b = n.where("NOT (" + anyKeyNull + ")").select(projection).join(dupKeys, toSeq(keys), "left_anti").alias("n");
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

    private Dataset<Row> withHashes(Dataset<Row> side, List<String> keys, List<ComparedColumn> hashed) {
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
                "pmod(xxhash64(7, " + String.join(", ", keys) + "), " + buckets + ") AS b",
                "xxhash64(" + all + ") AS h1",
                "xxhash64(6151, " + all + ") AS h2",
                "true AS present");
    }

    /**
     * Per bucket: rows, four 32-bit-half sums of the two hashes (sums of halves never overflow a
     * long), and distinct keys, so that a key repeated alike on both sides is still caught.
     */
    private Dataset<Row> summary(Dataset<Row> side) {
        Column[] keyColumns = plan.keys().stream().map(k -> col("k_" + k)).toArray(Column[]::new);
        return side.groupBy("b").agg(functions.count(lit(1)).as("cnt"),
                functions.sum(expr("h1 & 4294967295")).as("s1"), functions.sum(expr("shiftrightunsigned(h1, 32)")).as("s2"),
                functions.sum(expr("h2 & 4294967295")).as("s3"), functions.sum(expr("shiftrightunsigned(h2, 32)")).as("s4"),
                functions.countDistinct(keyColumns[0], java.util.Arrays.copyOfRange(keyColumns, 1, keyColumns.length)).as("keys"));
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

package io.cutover.snapshot;

import io.cutover.snapshot.SnapshotDiff.Change;
import io.cutover.snapshot.SnapshotDiff.TableChange;
import io.cutover.snapshot.SnapshotManifest.DatabaseEntry;
import io.cutover.snapshot.SnapshotManifest.TableEntry;
import io.cutover.storage.Location;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The keys behind a changed table: a full outer join of both snapshots' Parquet on the table's
 * primary key (from the constraints the manifest recorded), or on every column when it has none,
 * in which case a changed row shows as one removed and one added.
 */
public final class SnapshotRowDiff {
    private static final Pattern PRIMARY_KEY = Pattern.compile("PRIMARY KEY \\(([^)]*)\\)");

    private SnapshotRowDiff() {}

    /** Keys of one table: counts, and up to {@code limit} of each kind as {@code {"col":value,...}}. */
    public record KeyChanges(String label, List<String> key, long added, long removed, long changed,
                             List<String> addedKeys, List<String> removedKeys, List<String> changedKeys) {}

    /** Row-level changes of the tables that changed in both snapshots (an added or gone table has no keys to pair). */
    public static List<KeyChanges> run(SparkSession spark, Location a, Location b, SnapshotDiff.Result result, int limit, PrintStream out) {
        SnapshotManifest ma = SnapshotDiff.committed(a);
        SnapshotManifest mb = SnapshotDiff.committed(b);
        List<KeyChanges> all = new ArrayList<>();
        for (TableChange c : result.changes()) {
            if (c.change() != Change.CHANGED) continue;
            Optional<TableEntry> ta = table(ma, c.label());
            Optional<TableEntry> tb = table(mb, c.label());
            if (ta.isEmpty() || tb.isEmpty()) continue;
            KeyChanges k = diff(spark, ParquetFiles.named(a, ta.get()), ParquetFiles.named(b, tb.get()), c.label(), ta.get(), limit);
            print(k, out);
            all.add(k);
        }
        return all;
    }

    static List<String> primaryKey(TableEntry t) {
        for (String constraint : t.constraints()) {
            Matcher m = PRIMARY_KEY.matcher(constraint);
            if (m.find()) {
                return Arrays.stream(m.group(1).split(",")).map(String::trim).map(SnapshotRowDiff::unquote).toList();
            }
        }
        return List.of();
    }

    private static KeyChanges diff(SparkSession spark, String[] filesA, String[] filesB, String label, TableEntry t, int limit) {
        Dataset<Row> left = spark.read().parquet(filesA);
        Dataset<Row> right = spark.read().parquet(filesB);
        List<String> key = primaryKey(t);
        boolean keyed = !key.isEmpty();
        List<String> joinOn = keyed ? key : Arrays.asList(left.columns());
        List<String> values = Arrays.stream(left.columns()).filter(col -> !joinOn.contains(col)).toList();
        // Null-safe equality, so that all-column joins pair rows with NULLs too.
        Dataset<Row> l = left.withColumn("__a", functions.lit(true));
        Dataset<Row> r = right.withColumn("__b", functions.lit(true));
        Column on = null;
        for (String k : joinOn) {
            Column eq = l.col(k).eqNullSafe(r.col(k));
            on = on == null ? eq : on.and(eq);
        }
        Column differs = functions.lit(false);
        for (String v : values) differs = differs.or(functions.not(l.col(v).eqNullSafe(r.col(v))));
        List<Column> keyCols = new ArrayList<>();
        for (String k : joinOn) keyCols.add(functions.coalesce(l.col(k), r.col(k)).as(k));
        Dataset<Row> joined = l.join(r, on, "full_outer")
                .select(functions.when(r.col("__b").isNull(), "removed").when(l.col("__a").isNull(), "added")
                                .when(differs, "changed").otherwise("same").as("__kind"),
                        functions.to_json(functions.struct(keyCols.toArray(Column[]::new))).as("__key"))
                .where("__kind <> 'same'").cache();
        try {
            long added = 0, removed = 0, changed = 0;
            for (Row row : joined.groupBy("__kind").count().collectAsList()) {
                switch (row.getString(0)) {
                    case "added" -> added = row.getLong(1);
                    case "removed" -> removed = row.getLong(1);
                    default -> changed = row.getLong(1);
                }
            }
            return new KeyChanges(label, keyed ? key : List.of(), added, removed, changed,
                    keys(joined, "added", limit), keys(joined, "removed", limit), keys(joined, "changed", limit));
        } finally {
            joined.unpersist();
        }
    }

    private static List<String> keys(Dataset<Row> joined, String kind, int limit) {
        return joined.where(functions.col("__kind").equalTo(kind)).select("__key").orderBy("__key").limit(limit)
                .collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    private static void print(KeyChanges k, PrintStream out) {
        out.println(k.label() + " (" + (k.key().isEmpty() ? "no primary key: rows compared on all columns" : "key " + String.join(", ", k.key()))
                + "): " + String.format("%,d added, %,d removed, %,d changed", k.added(), k.removed(), k.changed()));
        list(out, "added", k.addedKeys(), k.added());
        list(out, "removed", k.removedKeys(), k.removed());
        list(out, "changed", k.changedKeys(), k.changed());
    }

    private static void list(PrintStream out, String kind, List<String> keys, long total) {
        for (String key : keys) out.println("  " + kind + " " + key);
        if (total > keys.size()) out.println("  ... and " + String.format("%,d", total - keys.size()) + " more " + kind);
    }

    private static Optional<TableEntry> table(SnapshotManifest m, String label) {
        for (DatabaseEntry d : m.databases()) {
            for (TableEntry t : d.tables()) if (t.label(d.database()).equals(label)) return Optional.of(t);
        }
        return Optional.empty();
    }

    private static String unquote(String identifier) {
        return identifier.startsWith("\"") && identifier.endsWith("\"")
                ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"") : identifier;
    }
}

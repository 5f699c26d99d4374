package io.cutover.repair;

import static org.apache.spark.sql.functions.col;

import io.cutover.backfill.NewRows;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.verify.OldSideRows;
import io.cutover.verify.SourceLocation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Missing rows built by the backfill's row builder ({@link NewRows}) from the old sides read
 * through {@link OldSideRows}, every live database in one snapshot taken at the first missing row
 * asked for and held for the whole plan (as a recheck reads them), and only the rows of the keys
 * asked for kept. Close it to release the snapshot.
 */
final class BuiltNewRows implements NewRowSource, AutoCloseable {
    private final SparkSession spark;
    private final Mapping mapping;
    private final Map<String, SourceLocation> sources;
    private final PrintStream out;
    private OldSideRows old;

    BuiltNewRows(SparkSession spark, Mapping mapping, Map<String, SourceLocation> sources, PrintStream out) {
        this.spark = spark;
        this.mapping = mapping;
        this.sources = Map.copyOf(sources);
        this.out = out;
    }

    @Override
    public Map<String, Map<String, String>> rows(EntitySpec entity, Collection<String> keys) {
        if (keys.isEmpty()) return Map.of();
        if (old == null) old = OldSideRows.inSnapshot(spark, mapping, sources, out);
        List<String> keyColumns = entity.key().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        // The keys asked for, as text like the built rows' values, joined to the rows: only theirs are collected.
        Map<List<String>, String> asked = new HashMap<>();
        List<Row> wanted = new ArrayList<>();
        StructType schema = new StructType();
        for (String k : keyColumns) schema = schema.add("cutover_want_" + k, DataTypes.StringType, false);
        for (String key : keys) {
            Map<String, String> parsed = lowerCase(RowKey.parse(key));
            List<String> values = keyColumns.stream().map(parsed::get).toList();
            if (values.contains(null)) continue;
            if (asked.putIfAbsent(values, key) == null) wanted.add(RowFactory.create(values.toArray()));
        }
        if (wanted.isEmpty()) return Map.of();
        Dataset<Row> built = NewRows.withNaturalReferences(mapping, entity, sources.keySet(), old);
        Dataset<Row> want = spark.createDataFrame(wanted, schema);
        Column on = null;
        for (String k : keyColumns) {
            Column eq = built.col(k).equalTo(want.col("cutover_want_" + k));
            on = on == null ? eq : on.and(eq);
        }
        String[] columns = built.columns();
        Dataset<Row> found = built.join(want, on, "left_semi").select(java.util.Arrays.stream(columns).map(c -> col(c)).toArray(Column[]::new));
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (Row r : found.collectAsList()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.length; i++) row.put(columns[i], r.isNullAt(i) ? null : r.getString(i));
            String key = asked.get(keyColumns.stream().map(row::get).toList());
            if (key != null) rows.put(key, row);
        }
        return rows;
    }

    private static Map<String, String> lowerCase(Map<String, String> key) {
        Map<String, String> m = new HashMap<>();
        key.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
        return m;
    }

    @Override
    public void close() {
        if (old != null) old.close();
    }
}

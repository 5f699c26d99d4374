package io.cutover.snapshot;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Row counts and content checksums of Parquet files, per file, read back through Spark's
 * (vectorized) Parquet reader. Each task sums its own rows per file and the driver adds the
 * tasks' sums: one stage, no shuffle, which matters for the many small tables of a snapshot,
 * whose read-back would otherwise cost two jobs' worth of scheduling each.
 */
final class StoredChecksums {
    private StoredChecksums() {}

    record PerFile(long rows, ContentChecksum checksum) {}

    /** One task's sums for one file: wrapping long addition is the checksum's sum mod 2^64. */
    public record TaskSums(String file, long rows, long lane1, long lane2) implements java.io.Serializable {}

    static Map<String, PerFile> read(SparkSession spark, List<String> paths) {
        Map<String, PerFile> result = new HashMap<>();
        if (paths.isEmpty()) return result;
        Dataset<Row> stored = spark.read().parquet(paths.toArray(new String[0]));
        Column[] hashes = ContentChecksum.rowHashes(stored.schema());
        Dataset<Row> hashed = stored.select(col("_metadata.file_name").as("file"), hashes[0].as("lane1"), hashes[1].as("lane2"));
        // Internal rows: the file name stays Spark's UTF-8 bytes and the hashes plain longs, no
        // Row object or Java string per row.
        List<TaskSums> sums = hashed.queryExecution().toRdd().toJavaRDD()
                .mapPartitions((FlatMapFunction<Iterator<InternalRow>, TaskSums>) StoredChecksums::sumPerFile).collect();
        Map<String, long[]> totals = new HashMap<>();
        for (TaskSums t : sums) {
            long[] acc = totals.computeIfAbsent(t.file(), f -> new long[3]);
            acc[0] += t.rows();
            acc[1] += t.lane1();
            acc[2] += t.lane2();
        }
        totals.forEach((file, acc) -> result.put(file, new PerFile(acc[0], ContentChecksum.fromWrappedSums(acc[1], acc[2]))));
        return result;
    }

    private static Iterator<TaskSums> sumPerFile(Iterator<InternalRow> rows) {
        Map<String, long[]> perFile = new HashMap<>();
        UTF8String lastFile = null;
        long[] acc = null;
        while (rows.hasNext()) {
            InternalRow r = rows.next();
            UTF8String file = r.getUTF8String(0);
            if (!file.equals(lastFile)) {
                lastFile = file.clone(); // the row's bytes may be reused for the next row
                acc = perFile.computeIfAbsent(lastFile.toString(), f -> new long[3]);
            }
            acc[0]++;
            acc[1] += r.getLong(1);
            acc[2] += r.getLong(2);
        }
        List<TaskSums> out = new ArrayList<>();
        perFile.forEach((file, a) -> out.add(new TaskSums(file, a[0], a[1], a[2])));
        return out.iterator();
    }

    static ContentChecksum total(Map<String, PerFile> perFile) {
        ContentChecksum c = ContentChecksum.EMPTY;
        for (PerFile f : perFile.values()) c = c.plus(f.checksum());
        return c;
    }
}

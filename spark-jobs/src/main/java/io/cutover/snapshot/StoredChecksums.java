package io.cutover.snapshot;

import static org.apache.spark.sql.functions.col;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.InputFileBlockHolder;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Row counts and content checksums of Parquet files, per file, read back through Spark's
 * (vectorized) Parquet reader. Each task sums its own rows per file and the driver adds the
 * tasks' sums: one stage, no shuffle. Many tables (each with its own schema) are read back in
 * one job, their scans side by side in one stage, which matters for the many small tables of a
 * snapshot, whose read-back would otherwise cost a job's worth of scheduling each.
 */
final class StoredChecksums {
    private StoredChecksums() {}

    record PerFile(long rows, ContentChecksum checksum) {}

    /** One task's sums for one file of one table: wrapping long addition is the checksum's sum mod 2^64. */
    public record TaskSums(int table, String file, long rows, long lane1, long lane2) implements java.io.Serializable {}

    /** The files of one table (or file source), with the row hash of manifest format {@code format}. */
    static Map<String, PerFile> read(SparkSession spark, List<String> paths, int format) {
        return readAll(spark, List.of(paths), format).get(0);
    }

    /** As {@link #readAll(SparkSession, List, List, int)}, each table's schema taken from its files. */
    static List<Map<String, PerFile>> readAll(SparkSession spark, List<List<String>> pathsPerTable, int format) {
        List<StructType> inferred = new ArrayList<>();
        for (int i = 0; i < pathsPerTable.size(); i++) inferred.add(null);
        return readAll(spark, pathsPerTable, inferred, format);
    }

    /**
     * The files of many tables in one Spark job: per table (in the order given), per file name.
     * A file that cannot be decoded fails the whole job; callers that must name it read it alone.
     * A table's schema, when known (files just written), spares the job Spark would run to read
     * it from a footer; null reads it from the files.
     */
    static List<Map<String, PerFile>> readAll(SparkSession spark, List<List<String>> pathsPerTable, List<StructType> schemas,
                                             int format) {
        List<JavaRDD<TaskSums>> scans = new ArrayList<>();
        for (int i = 0; i < pathsPerTable.size(); i++) {
            List<String> paths = pathsPerTable.get(i);
            if (!paths.isEmpty()) scans.add(sums(spark, i, paths, schemas.get(i), format));
        }
        List<Map<String, long[]>> totals = new ArrayList<>();
        for (int i = 0; i < pathsPerTable.size(); i++) totals.add(new HashMap<>());
        if (!scans.isEmpty()) {
            JavaRDD<TaskSums> all = scans.size() == 1 ? scans.get(0)
                    : JavaSparkContext.fromSparkContext(spark.sparkContext()).union(scans.toArray(JavaRDD[]::new));
            for (TaskSums t : all.collect()) {
                long[] acc = totals.get(t.table()).computeIfAbsent(t.file(), f -> new long[3]);
                acc[0] += t.rows();
                acc[1] += t.lane1();
                acc[2] += t.lane2();
            }
        }
        List<Map<String, PerFile>> result = new ArrayList<>();
        for (Map<String, long[]> table : totals) {
            Map<String, PerFile> perFile = new HashMap<>();
            table.forEach((file, acc) -> perFile.put(file, new PerFile(acc[0], ContentChecksum.fromWrappedSums(acc[1], acc[2]))));
            result.add(perFile);
        }
        return result;
    }

    private static JavaRDD<TaskSums> sums(SparkSession spark, int table, List<String> paths, StructType knownSchema, int format) {
        Dataset<Row> stored = (knownSchema == null ? spark.read() : spark.read().schema(knownSchema))
                .parquet(paths.toArray(new String[0]));
        Column file = col("_metadata.file_name").as("file");
        if (format == 1) {
            Column[] hashes = ContentChecksum.rowHashes(stored.schema());
            Dataset<Row> hashed = stored.select(file, hashes[0].as("lane1"), hashes[1].as("lane2"));
            return hashed.queryExecution().toRdd().toJavaRDD()
                    .mapPartitions((FlatMapFunction<Iterator<InternalRow>, TaskSums>) rows -> sumPerFile(table, rows, null));
        }
        StructType schema = stored.schema();
        SparkPlan batches = columnarScan(stored.queryExecution().executedPlan());
        if (batches != null) {
            RowHash128 hash = new RowHash128(schema, 0);
            int columns = schema.length();
            return batches.executeColumnar().toJavaRDD()
                    .mapPartitions((FlatMapFunction<Iterator<ColumnarBatch>, TaskSums>) in -> sumBatchesPerFile(table, in, columns,
                            hash.newHasher()));
        }
        Dataset<Row> withFile = stored.select(file, col("*"));
        RowHash128 hash = new RowHash128(schema, 1);
        // Internal rows: the file name stays Spark's UTF-8 bytes and the values as decoded, no Row
        // object or Java string per row.
        return withFile.queryExecution().toRdd().toJavaRDD()
                .mapPartitions((FlatMapFunction<Iterator<InternalRow>, TaskSums>) rows -> sumPerFile(table, rows, hash.newHasher()));
    }

    /**
     * The Parquet scan itself when Spark decodes these files in column batches (its vectorized
     * reader: atomic types, at most {@code spark.sql.codegen.maxFields} columns), else null. Its
     * batches are hashed row by row as decoded: no projection into Spark's row format, no code
     * generated and compiled per table for a pass that only reads.
     */
    private static SparkPlan columnarScan(SparkPlan plan) {
        SparkPlan p = plan;
        while (true) {
            if (p instanceof WholeStageCodegenExec w) p = w.child();
            else if (p instanceof ColumnarToRowExec c) p = c.child();
            else if (p instanceof InputAdapter a) p = a.child();
            else break;
        }
        return p instanceof FileSourceScanExec && p.supportsColumnar() ? p : null;
    }

    /**
     * Sums per file over the scan's batches. The scan names the file it is reading in
     * {@link InputFileBlockHolder} (a task-thread local it sets before the first batch of each
     * file), which is what {@code input_file_name()} reads.
     */
    private static Iterator<TaskSums> sumBatchesPerFile(int table, Iterator<ColumnarBatch> batches, int columns,
                                                      RowHash128.Hasher hasher) {
        Map<String, long[]> perFile = new HashMap<>();
        while (batches.hasNext()) {
            ColumnarBatch batch = batches.next();
            if (batch.numCols() != columns) {
                throw new IllegalStateException("a Parquet scan returned " + batch.numCols() + " columns, expected " + columns);
            }
            String path = InputFileBlockHolder.getInputFilePath().toString();
            if (path.isEmpty()) throw new IllegalStateException("the Parquet scan did not name the file it read");
            long[] acc = perFile.computeIfAbsent(fileName(path), f -> new long[3]);
            int n = batch.numRows();
            for (int i = 0; i < n; i++) {
                hasher.hash(batch.getRow(i));
                acc[1] += hasher.h1();
                acc[2] += hasher.h2();
            }
            acc[0] += n;
        }
        List<TaskSums> out = new ArrayList<>();
        perFile.forEach((file, a) -> out.add(new TaskSums(table, file, a[0], a[1], a[2])));
        return out.iterator();
    }

    /** The file name of a scanned path (a URL-encoded URI), as {@code _metadata.file_name} gives it. */
    static String fileName(String encodedPath) {
        String path = URI.create(encodedPath).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Sums per file; the row hashes come from {@code hasher} (format 2) or columns 1 and 2 (format 1). */
    private static Iterator<TaskSums> sumPerFile(int table, Iterator<InternalRow> rows, RowHash128.Hasher hasher) {
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
            if (hasher == null) {
                acc[1] += r.getLong(1);
                acc[2] += r.getLong(2);
            } else {
                hasher.hash(r);
                acc[1] += hasher.h1();
                acc[2] += hasher.h2();
            }
        }
        List<TaskSums> out = new ArrayList<>();
        perFile.forEach((file, a) -> out.add(new TaskSums(table, file, a[0], a[1], a[2])));
        return out.iterator();
    }

    static ContentChecksum total(Map<String, PerFile> perFile) {
        ContentChecksum c = ContentChecksum.EMPTY;
        for (PerFile f : perFile.values()) c = c.plus(f.checksum());
        return c;
    }
}

package io.cutover.snapshot;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Many tables written as Parquet in one Spark job, each partition of each table a file in the
 * table's directory, with Spark's own Parquet writer (the same encoder, options and footer as
 * {@code Dataset.write().parquet}). A snapshot has many small tables, and a write job of its own
 * costs each of them more fixed time (planning, scheduling, the commit protocol's renames) than
 * writing its rows takes.
 *
 * <p>Each task commits its file alone: it writes a hidden file ({@code .} names are not data)
 * and renames it into place once closed, so that a failed attempt never leaves a file readers
 * would count.
 */
final class PackedParquetWrite {
    private PackedParquetWrite() {}

    /** One table's rows and the directory its files go to. */
    record Target(Dataset<Row> rows, String dir) {}

    /** What one task wrote: the table's index among the targets, the file and its rows. */
    record Written(int table, String file, long rows) implements Serializable {}

    /**
     * Writes every target in one job with {@code options} (as {@code DataFrameWriter.option});
     * returns the rows written per target, in their order.
     */
    static long[] write(SparkSession spark, List<Target> targets, Map<String, String> options) throws IOException {
        scala.collection.immutable.Map<String, String> scalaOptions = scala.collection.immutable.Map$.MODULE$.from(
                CollectionConverters.asScala(options));
        Configuration base = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().newHadoopConfWithOptions(scalaOptions);
        String jobId = UUID.randomUUID().toString();
        List<JavaRDD<Written>> writes = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            StructType schema = t.rows().schema();
            Job job = Job.getInstance(new Configuration(base));
            OutputWriterFactory factory = new ParquetFileFormat().prepareWrite(spark, job, scalaOptions, schema);
            SerializableConfiguration conf = new SerializableConfiguration(job.getConfiguration());
            new Path(t.dir()).getFileSystem(job.getConfiguration()).mkdirs(new Path(t.dir()));
            int table = i;
            String dir = t.dir();
            writes.add(t.rows().queryExecution().toRdd().toJavaRDD().mapPartitions(
                    (FlatMapFunction<Iterator<InternalRow>, Written>) rows -> List.of(
                            writeFile(rows, table, dir, jobId, schema, factory, conf.value())).iterator()));
        }
        JavaRDD<Written> all = writes.size() == 1 ? writes.get(0)
                : JavaSparkContext.fromSparkContext(spark.sparkContext()).union(writes.toArray(JavaRDD[]::new));
        long[] rows = new long[targets.size()];
        for (Written w : all.collect()) rows[w.table()] += w.rows();
        return rows;
    }

    private static Written writeFile(Iterator<InternalRow> rows, int table, String dir, String jobId, StructType schema,
                                     OutputWriterFactory factory, Configuration conf) throws IOException {
        TaskContext task = TaskContext.get();
        int partition = task.partitionId();
        TaskAttemptContextImpl context = new TaskAttemptContextImpl(conf, new TaskAttemptID(
                new TaskID(new JobID("cutover", table), TaskType.MAP, partition), task.attemptNumber()));
        String name = String.format("part-%05d-%s-c000%s", partition, jobId, factory.getFileExtension(context));
        Path target = new Path(dir, name);
        Path attempt = new Path(dir, "." + name + "." + task.attemptNumber() + ".inprogress");
        FileSystem fs = target.getFileSystem(conf);
        long written = 0;
        OutputWriter writer = factory.newInstance(attempt.toString(), schema, context);
        try {
            while (rows.hasNext()) {
                writer.write(rows.next());
                written++;
            }
            writer.close();
            writer = null;
            // The checksum file Hadoop's local file system writes beside it moves with it.
            if (!fs.rename(attempt, target)) throw new IOException("cannot move " + attempt + " to " + target);
        } finally {
            if (writer != null) {
                try {
                    writer.close();
                } catch (Exception ignored) {
                    // the attempt failed already; its hidden file is not data
                }
                fs.delete(attempt, false);
            }
        }
        task.taskMetrics().outputMetrics().setRecordsWritten(written);
        return new Written(table, name, written);
    }
}

package io.cutover.verify;

import static org.apache.spark.sql.functions.col;

import io.cutover.outcome.CutoverException;
import io.cutover.storage.Location;
import java.io.IOException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Labels one comparison's differences after the settle pass read their keys again. A key that
 * differs no more was a write in flight: its rows stay as found, {@code settled = 'transient'}.
 * A key that still differs is persistent, and its rows become what the second read found, so
 * the report shows the data as it stands rather than as it was mid-write.
 */
final class Settling {
    static final String COLUMN = "settled";

    private Settling() {}

    /** Rewrites {@code dir} with the label column; {@code later}: the differences of the second read. */
    static ComparisonSummary.Settle label(SparkSession spark, Location dir, Dataset<Row> later) {
        Dataset<Row> first = spark.read().parquet(dir.uri());
        Dataset<Row> again = later.withColumn(COLUMN, functions.lit("persistent")).localCheckpoint();
        Dataset<Row> stillDiffering = again.select("key").distinct();
        Dataset<Row> gone = first.join(stillDiffering, first.col("key").equalTo(stillDiffering.col("key")), "left_anti")
                .withColumn(COLUMN, functions.lit("transient"));
        Dataset<Row> labelled = gone.unionByName(again.selectExpr(first.columns()).withColumn(COLUMN, functions.lit("persistent")));
        Location next = dir.sibling(dir.name() + ".settled");
        labelled.coalesce(1).write().mode(SaveMode.Overwrite).parquet(next.uri());
        replace(dir, next);
        Dataset<Row> written = spark.read().parquet(dir.uri());
        long persistent = written.where(col(COLUMN).equalTo("persistent")).count();
        return new ComparisonSummary.Settle(written.count() - persistent, persistent);
    }

    /**
     * Gives a directory the settle pass did not read again the same label column, so that every
     * directory of the report has one shape: {@code label} for each of its rows.
     */
    static void mark(SparkSession spark, Location dir, String label) {
        if (!dir.isDirectoryQuietly()) return;
        Dataset<Row> rows = spark.read().parquet(dir.uri());
        if (java.util.Arrays.asList(rows.columns()).contains(COLUMN)) return;
        Location next = dir.sibling(dir.name() + ".settled");
        // An inherited check hit is no difference: it has no label.
        rows.withColumn(COLUMN, functions.when(col("category").equalTo(Category.INHERITED.id()), functions.lit(null).cast("string"))
                .otherwise(functions.lit(label))).coalesce(1).write().mode(SaveMode.Overwrite).parquet(next.uri());
        replace(dir, next);
    }

    /** Atomic on HDFS and local disks; on an object store a directory rename is a copy (a report, not a commit point). */
    private static void replace(Location dir, Location next) {
        try {
            dir.deleteRecursively();
            next.renameTo(dir);
        } catch (IOException e) {
            throw CutoverException.failure("cannot write the settled differences to " + dir + ": " + e.getMessage(), e);
        }
    }
}

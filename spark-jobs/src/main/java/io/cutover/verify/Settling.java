package io.cutover.verify;

import static org.apache.spark.sql.functions.col;

import io.cutover.outcome.CutoverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
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
    static ComparisonSummary.Settle label(SparkSession spark, Path dir, Dataset<Row> later) {
        Dataset<Row> first = spark.read().parquet(dir.toString());
        Dataset<Row> again = later.withColumn(COLUMN, functions.lit("persistent")).localCheckpoint();
        Dataset<Row> stillDiffering = again.select("key").distinct();
        Dataset<Row> gone = first.join(stillDiffering, first.col("key").equalTo(stillDiffering.col("key")), "left_anti")
                .withColumn(COLUMN, functions.lit("transient"));
        Dataset<Row> labelled = gone.unionByName(again.selectExpr(first.columns()).withColumn(COLUMN, functions.lit("persistent")));
        Path next = dir.resolveSibling(dir.getFileName() + ".settled");
        labelled.coalesce(1).write().mode(SaveMode.Overwrite).parquet(next.toString());
        replace(dir, next);
        Dataset<Row> written = spark.read().parquet(dir.toString());
        long persistent = written.where(col(COLUMN).equalTo("persistent")).count();
        return new ComparisonSummary.Settle(written.count() - persistent, persistent);
    }

    /**
     * Gives a directory the settle pass did not read again the same label column, so that every
     * directory of the report has one shape: {@code label} for each of its rows.
     */
    static void mark(SparkSession spark, Path dir, String label) {
        if (!Files.isDirectory(dir)) return;
        Dataset<Row> rows = spark.read().parquet(dir.toString());
        if (java.util.Arrays.asList(rows.columns()).contains(COLUMN)) return;
        Path next = dir.resolveSibling(dir.getFileName() + ".settled");
        // An inherited check hit is no difference: it has no label.
        rows.withColumn(COLUMN, functions.when(col("category").equalTo(Category.INHERITED.id()), functions.lit(null).cast("string"))
                .otherwise(functions.lit(label))).coalesce(1).write().mode(SaveMode.Overwrite).parquet(next.toString());
        replace(dir, next);
    }

    private static void replace(Path dir, Path next) {
        try {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.move(next, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CutoverException.failure("cannot write the settled differences to " + dir + ": " + e.getMessage(), e);
        }
    }
}

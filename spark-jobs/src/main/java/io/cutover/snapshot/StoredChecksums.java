package io.cutover.snapshot;

import static org.apache.spark.sql.functions.col;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Row counts and content checksums of Parquet files, per file, read back through Spark. */
final class StoredChecksums {
    private StoredChecksums() {}

    record PerFile(long rows, ContentChecksum checksum) {}

    static Map<String, PerFile> read(SparkSession spark, List<String> paths) {
        Map<String, PerFile> result = new HashMap<>();
        if (paths.isEmpty()) return result;
        Dataset<Row> stored = spark.read().parquet(paths.toArray(new String[0]));
        Column[] aggs = ContentChecksum.aggregates(stored.schema());
        Dataset<Row> perFile = stored.groupBy(col("_metadata.file_name").as("file"))
                .agg(aggs[0], java.util.Arrays.copyOfRange(aggs, 1, aggs.length));
        for (Row r : perFile.collectAsList()) {
            result.put(r.getString(0), new PerFile(r.getLong(1), ContentChecksum.fromRow(r, 2)));
        }
        return result;
    }

    static ContentChecksum total(Map<String, PerFile> perFile) {
        ContentChecksum c = ContentChecksum.EMPTY;
        for (PerFile f : perFile.values()) c = c.plus(f.checksum());
        return c;
    }
}

package io.cutover.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one way jobs get a SparkSession. The master is never set here: spark-submit sets it, and
 * a local run without one gets {@code local[*]} (or {@code spark.master} from the environment).
 */
public final class SparkSessions {
    private static final String UNCOMPRESSED_CACHE = "spark.sql.inMemoryColumnarStorage.compressed";

    private SparkSessions() {}

    public static SparkSession getOrCreate(String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName)
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .config("spark.sql.parquet.compression.codec", "zstd")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.ui.showConsoleProgress", "false");
        // Verify keeps digests and narrow rows, each read back two or three times: uncompressed, they
        // are built and read faster (the large world's two vote comparisons: 149 s, not 167 s), for
        // more memory (they spill to disk when short of it). A --conf given to spark-submit wins.
        if (System.getProperty(UNCOMPRESSED_CACHE) == null) b.config(UNCOMPRESSED_CACHE, "false");
        if (System.getProperty("spark.master") == null && System.getenv("SPARK_MASTER") == null
                && !runningUnderSparkSubmit()) {
            b.master("local[*]")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "8");
        }
        return b.getOrCreate();
    }

    private static boolean runningUnderSparkSubmit() {
        return System.getProperty("spark.app.name") != null || System.getenv("SPARK_SUBMIT") != null;
    }
}

package io.cutover.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one way jobs get a SparkSession. The master is never set here: spark-submit sets it, and
 * a local run without one gets {@code local[*]} (or {@code spark.master} from the environment).
 */
public final class SparkSessions {
    private SparkSessions() {}

    public static SparkSession getOrCreate(String appName) {
        SubmittedConf.refuseSecrets();
        SparkSession.Builder b = SparkSession.builder().appName(appName)
                // Not overridable: snapshots and reports promise microsecond timestamps read and
                // written in UTC, whatever the cluster's defaults.
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .config("spark.sql.session.timeZone", "UTC");
        defaultUnlessGiven(b, "spark.sql.parquet.compression.codec", "zstd");
        defaultUnlessGiven(b, "spark.ui.showConsoleProgress", "false");
        // Verify keeps digests and narrow rows, each read back two or three times: uncompressed, they
        // are built and read faster (the large world's two vote comparisons: 149 s, not 167 s), for
        // more memory (they spill to disk when short of it).
        defaultUnlessGiven(b, "spark.sql.inMemoryColumnarStorage.compressed", "false");
        // A snapshot backs up several tables at once, each in its own pool: FAIR lets a small
        // table's one task run on the next free core instead of queueing behind a large table's.
        defaultUnlessGiven(b, "spark.scheduler.mode", "FAIR");
        if (System.getProperty("spark.master") == null && System.getenv("SPARK_MASTER") == null
                && !runningUnderSparkSubmit()) {
            b.master("local[*]")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1");
            defaultUnlessGiven(b, "spark.ui.enabled", "false");
            defaultUnlessGiven(b, "spark.sql.shuffle.partitions", "8");
        }
        return b.getOrCreate();
    }

    /**
     * spark-submit's {@code --conf} (and {@code -Dspark.…} in CUTOVER_JAVA_OPTS) arrive as system
     * properties, which a builder's config would silently override.
     */
    private static void defaultUnlessGiven(SparkSession.Builder b, String key, String value) {
        if (System.getProperty(key) == null) b.config(key, value);
    }

    private static boolean runningUnderSparkSubmit() {
        return System.getProperty("spark.app.name") != null || System.getenv("SPARK_SUBMIT") != null;
    }
}

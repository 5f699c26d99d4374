package io.cutover.testing;

import org.apache.spark.sql.SparkSession;

/** One local Spark session per test JVM: two cores, loopback only, few shuffle partitions. */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().appName("cutover-tests").master("local[2]")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.scheduler.mode", "FAIR")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                    .config("spark.sql.parquet.compression.codec", "zstd")
                    .getOrCreate();
        }
        return session;
    }
}

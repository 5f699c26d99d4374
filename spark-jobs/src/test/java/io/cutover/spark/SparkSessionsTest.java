package io.cutover.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.testing.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A setting given with --conf is a system property by the time the driver runs, and a new
 * session's SparkConf takes it from there; our defaults must then leave it alone. The test JVM's
 * session already exists, so it stands in for one built with the given values.
 */
class SparkSessionsTest {
    private static final String CODEC = "spark.sql.parquet.compression.codec";
    private static final String PARTITIONS = "spark.sql.shuffle.partitions";
    private static final String TIME_ZONE = "spark.sql.session.timeZone";

    @AfterEach
    void restoreTheSharedSession() {
        System.clearProperty(CODEC);
        System.clearProperty(PARTITIONS);
        System.clearProperty(TIME_ZONE);
        SparkSession shared = TestSpark.session();
        shared.conf().set(CODEC, "zstd");
        shared.conf().set(PARTITIONS, "4");
        shared.conf().set(TIME_ZONE, "UTC");
    }

    @Test
    void aGivenSettingWinsOverTheDefault() {
        given(CODEC, "snappy");
        given(PARTITIONS, "3");
        SparkSession spark = SparkSessions.getOrCreate("sessions-test");
        assertEquals("snappy", spark.conf().get(CODEC));
        assertEquals("3", spark.conf().get(PARTITIONS));
    }

    @Test
    void withoutOneTheDefaultApplies() {
        TestSpark.session().conf().set(CODEC, "snappy");
        SparkSession spark = SparkSessions.getOrCreate("sessions-test");
        assertEquals("zstd", spark.conf().get(CODEC));
        assertEquals("8", spark.conf().get(PARTITIONS));
    }

    @Test
    void theTimeZoneIsAlwaysUtcBecauseSnapshotsAndReportsPromiseIt() {
        given(TIME_ZONE, "Europe/Paris");
        assertEquals("UTC", SparkSessions.getOrCreate("sessions-test").conf().get(TIME_ZONE));
    }

    private static void given(String key, String value) {
        System.setProperty(key, value);
        TestSpark.session().conf().set(key, value);
    }
}

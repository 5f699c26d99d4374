package io.cutover.storage;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The Hadoop configuration every location is opened with: Spark's own
 * ({@code sparkContext().hadoopConfiguration()}, so {@code --conf spark.hadoop.fs.*} and the
 * cluster's core-site/hdfs-site apply), or, before a session exists (the command line checks
 * its paths first), the same settings read from the submitted Spark properties.
 */
final class StorageConf {
    private StorageConf() {}

    static Configuration current() {
        var active = SparkSession.getActiveSession();
        if (active.isDefined()) return active.get().sparkContext().hadoopConfiguration();
        var fallback = SparkSession.getDefaultSession();
        if (fallback.isDefined()) return fallback.get().sparkContext().hadoopConfiguration();
        Configuration conf = new Configuration();
        for (Tuple2<String, String> kv : new SparkConf().getAllWithPrefix("spark.hadoop.")) conf.set(kv._1(), kv._2());
        return conf;
    }
}

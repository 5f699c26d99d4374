package io.cutover.verify;

import io.cutover.mapping.ValueComparator;
import io.cutover.mapping.NullSemantics;
import io.cutover.spark.SparkSessions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Not a test: what one column hash costs in Spark, xxhash64 against {@link CrossEngineHash}'s
 * md5-derived one, on generated text columns (rows, average length in characters as
 * arguments; default 2,000,000 rows of 200). Prints the best of three runs of each.
 */
public final class HashCostBenchmark {
    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int length = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        SparkSession spark = SparkSessions.getOrCreate("hash-cost");
        Dataset<Row> texts = spark.range(rows).selectExpr("repeat(CAST(id AS STRING) || 'é', " + Math.max(1, length / 8) + ") AS t")
                .cache();
        texts.count();
        ComparedColumn c = new ComparedColumn("t", "STRING", ValueComparator.EXACT, NullSemantics.EQUAL);
        String xx = ComparisonPlanner.columnHash(c, "t");
        String md5 = CrossEngineHash.spark(c, "t");
        double bestXx = Double.MAX_VALUE, bestMd5 = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            bestXx = Math.min(bestXx, time(texts, xx));
            bestMd5 = Math.min(bestMd5, time(texts, md5));
        }
        System.out.printf("%,d values of about %d characters: xxhash64 %.2f s (%,.0f values/s), md5-derived %.2f s (%,.0f values/s), %.1fx%n",
                rows, length, bestXx, rows / bestXx, bestMd5, rows / bestMd5, bestMd5 / bestXx);
        spark.stop();
    }

    private static double time(Dataset<Row> texts, String hash) {
        long t0 = System.nanoTime();
        texts.selectExpr("sum(" + hash + " & 4294967295)").first();
        return (System.nanoTime() - t0) / 1e9;
    }
}

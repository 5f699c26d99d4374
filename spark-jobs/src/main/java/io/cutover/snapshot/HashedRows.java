package io.cutover.snapshot;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * Rows that compute their own count and content checksum (format 2) as they stream through the
 * action that consumes them: the snapshot's write, restore's COPY. Each row is hashed over
 * Spark's internal form as the reader produced it, the same form the Parquet read-back decodes,
 * so no second pass and no Row object is needed; the sums are ready once the action returns.
 */
final class HashedRows {
    private final Dataset<Row> rows;
    private final ChecksumAccumulator sums;

    private HashedRows(Dataset<Row> rows, ChecksumAccumulator sums) {
        this.rows = rows;
        this.sums = sums;
    }

    static HashedRows of(SparkSession spark, Dataset<Row> source, String name) {
        StructType schema = source.schema();
        RowHash128 hash = new RowHash128(schema, 0);
        ChecksumAccumulator sums = new ChecksumAccumulator();
        spark.sparkContext().register(sums, name);
        RDD<InternalRow> hashed = source.queryExecution().toRdd().toJavaRDD()
                .mapPartitions((FlatMapFunction<Iterator<InternalRow>, InternalRow>) in -> new Passing(in, hash.newHasher(), sums))
                .rdd();
        // The same schema and partitions as the source: the plan above is the source's, plus this pass.
        Dataset<Row> rows = ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(hashed, schema, false);
        return new HashedRows(rows, sums);
    }

    /** Rows whose reader hashes each row into {@code sums} as it produces it (the COPY reader). */
    static HashedRows atSource(Dataset<Row> rows, ChecksumAccumulator sums) {
        return new HashedRows(rows, sums);
    }

    /** Count and content checksum (format 2) of the rows, in one pass of their own. */
    static ChecksumAccumulator.Sums sumsOf(Dataset<Row> source) {
        RowHash128 hash = new RowHash128(source.schema(), 0);
        List<ChecksumAccumulator.Sums> perTask = source.queryExecution().toRdd().toJavaRDD()
                .mapPartitions((FlatMapFunction<Iterator<InternalRow>, ChecksumAccumulator.Sums>) in -> {
                    RowHash128.Hasher hasher = hash.newHasher();
                    long rows = 0, lane1 = 0, lane2 = 0;
                    while (in.hasNext()) {
                        hasher.hash(in.next());
                        rows++;
                        lane1 += hasher.h1();
                        lane2 += hasher.h2();
                    }
                    return List.of(new ChecksumAccumulator.Sums(rows, lane1, lane2)).iterator();
                }).collect();
        long rows = 0, lane1 = 0, lane2 = 0;
        for (ChecksumAccumulator.Sums s : perTask) {
            rows += s.rows();
            lane1 += s.lane1();
            lane2 += s.lane2();
        }
        return new ChecksumAccumulator.Sums(rows, lane1, lane2);
    }

    /** The rows to consume (once). */
    Dataset<Row> rows() {
        return rows;
    }

    /** What went through, after the action that consumed {@link #rows()}. */
    ChecksumAccumulator.Sums sums() {
        return sums.value();
    }

    private static final class Passing implements Iterator<InternalRow> {
        private final Iterator<InternalRow> in;
        private final RowHash128.Hasher hasher;
        private final ChecksumAccumulator sums;

        Passing(Iterator<InternalRow> in, RowHash128.Hasher hasher, ChecksumAccumulator sums) {
            this.in = in;
            this.hasher = hasher;
            this.sums = sums;
        }

        @Override
        public boolean hasNext() {
            return in.hasNext();
        }

        @Override
        public InternalRow next() {
            InternalRow r = in.next();
            hasher.hash(r);
            sums.addRow(hasher.h1(), hasher.h2());
            return r;
        }
    }
}

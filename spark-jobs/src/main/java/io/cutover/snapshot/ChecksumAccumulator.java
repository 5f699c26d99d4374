package io.cutover.snapshot;

import org.apache.spark.util.AccumulatorV2;

/**
 * Row count and content checksum (format 2) of the rows that pass through the tasks of one
 * Spark action. Spark merges a task's accumulator updates only when the task succeeds, and
 * those of a result stage's task once per partition (a retried or speculative copy is not
 * counted twice): the same guarantee as the observed metrics of format 1.
 */
final class ChecksumAccumulator extends AccumulatorV2<ChecksumAccumulator.Sums, ChecksumAccumulator.Sums> {
    /** Rows, and each 64-bit half of the row hashes summed with Java's wrapping addition (mod 2^64). */
    record Sums(long rows, long lane1, long lane2) implements java.io.Serializable {
        ContentChecksum checksum() {
            return ContentChecksum.fromWrappedSums(lane1, lane2);
        }
    }

    private long rows;
    private long lane1;
    private long lane2;

    void addRow(long h1, long h2) {
        rows++;
        lane1 += h1;
        lane2 += h2;
    }

    @Override
    public boolean isZero() {
        return rows == 0 && lane1 == 0 && lane2 == 0;
    }

    @Override
    public ChecksumAccumulator copy() {
        ChecksumAccumulator c = new ChecksumAccumulator();
        c.rows = rows;
        c.lane1 = lane1;
        c.lane2 = lane2;
        return c;
    }

    @Override
    public void reset() {
        rows = 0;
        lane1 = 0;
        lane2 = 0;
    }

    @Override
    public void add(Sums v) {
        rows += v.rows();
        lane1 += v.lane1();
        lane2 += v.lane2();
    }

    @Override
    public void merge(AccumulatorV2<Sums, Sums> other) {
        add(other.value());
    }

    @Override
    public Sums value() {
        return new Sums(rows, lane1, lane2);
    }
}

package io.cutover.backfill;

import java.util.Iterator;
import org.apache.spark.sql.Row;

/**
 * Spark rows as the backfill takes them: a row's values in its schema's order, which the row
 * builder selects in the job's column order. Spark's own value classes (java.sql.Timestamp and
 * Date, or Instant and LocalDate under the Java 8 datetime API, BigDecimal, Byte) are all ones
 * the COPY encoder reads, so nothing is converted here: a partition iterator is wrapped as is.
 */
public final class SparkRowValues {
    private SparkRowValues() {}

    public static Object[] of(Row row) {
        Object[] values = new Object[row.size()];
        for (int i = 0; i < values.length; i++) values[i] = row.get(i);
        return values;
    }

    /** For {@code foreachPartition} or {@code toLocalIterator()}: rows taken one by one, never buffered. */
    public static Iterator<Object[]> of(Iterator<Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Object[] next() {
                return of(rows.next());
            }
        };
    }
}

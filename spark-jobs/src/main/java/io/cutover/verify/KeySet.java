package io.cutover.verify;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The keys a restricted run reads ({@code k_*} columns): those an earlier report named, those a
 * time window selected, or those a settle pass looks at again. They are held on the driver and
 * given to every read as one set, which Spark pushes into the scans: a live table gets them in
 * its WHERE clause as one array value ({@code = ANY('{...}')}, {@link KeyArrayDialect}; PostgreSQL
 * answers from the key's index), a snapshot's Parquet gets them as row-group filters, the vote
 * export's kept Parquet too ({@link ExportCache}). No temporary table is written (a hot standby
 * refuses them). Only beyond {@link #HELD} keys (tens of megabytes on the driver) are they joined
 * instead, after a full read. A key that resolves to nothing on one side still reaches the
 * comparison from the other, and is judged missing or extra there.
 */
final class KeySet {
    /** Up to this many keys are held on the driver and pushed into every read. */
    static final int HELD = 2_000_000;

    private final List<String> columns;
    private final Dataset<Row> keys;
    private final List<Row> few;

    private KeySet(List<String> columns, Dataset<Row> keys, List<Row> few) {
        this.columns = columns;
        this.keys = keys;
        this.few = few;
    }

    /** {@code keys} holds exactly the {@code k_*} columns named; they are made distinct here. */
    static KeySet of(Dataset<Row> keys, List<String> columns) {
        Dataset<Row> distinct = keys.select(columns.stream().map(functions::col).toArray(Column[]::new)).distinct();
        List<Row> rows = distinct.limit(HELD + 1).collectAsList();
        if (rows.size() <= HELD) {
            Dataset<Row> local = distinct.sparkSession().createDataFrame(rows, distinct.schema());
            return new KeySet(columns, local, List.copyOf(rows));
        }
        return new KeySet(columns, distinct, null);
    }

    /** Whether the keys are too many to hold: reads are then whole (and partitioned) and joined after. */
    boolean many() {
        return few == null;
    }

    long count() {
        return few != null ? few.size() : keys.count();
    }

    Dataset<Row> keys() {
        return keys;
    }

    /** The distinct non-NULL values of one key column of held keys (null when the keys are many). */
    Set<Object> values(int column) {
        if (few == null) return null;
        Set<Object> out = new LinkedHashSet<>();
        for (Row r : few) if (!r.isNullAt(column)) out.add(r.get(column));
        return out;
    }

    /** Only the rows of {@code side} whose key is in the set. */
    Dataset<Row> apply(Dataset<Row> side) {
        if (few == null) return side.join(keys, toSeq(columns), "left_semi");
        if (few.isEmpty()) return side.where(functions.lit(false));
        Dataset<Row> d = side;
        for (int i = 0; i < columns.size(); i++) {
            Set<Object> values = new LinkedHashSet<>();
            boolean nulls = false;
            for (Row r : few) {
                if (r.isNullAt(i)) nulls = true;
                else values.add(r.get(i));
            }
            // Spark turns a long IN list into a hash set (InSet), and pushes it into each scan as one filter.
            Column in = values.isEmpty() ? functions.lit(false) : col(columns.get(i)).isin(values.toArray());
            d = d.where(nulls ? in.or(col(columns.get(i)).isNull()) : in);
        }
        // One column's set selects exactly; several select a superset (each column on its own).
        return columns.size() == 1 ? d : d.join(functions.broadcast(keys), toSeq(columns), "left_semi");
    }

    private static scala.collection.immutable.Seq<String> toSeq(List<String> list) {
        return scala.jdk.javaapi.CollectionConverters.asScala(new ArrayList<>(list)).toSeq();
    }
}

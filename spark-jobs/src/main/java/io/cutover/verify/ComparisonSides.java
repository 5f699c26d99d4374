package io.cutover.verify;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The two sides of one comparison, each twice: whole rows in the new table's shape
 * ({@code k_*}, {@code v_*}), read only for the keys that differ, and the narrow digest pass 1
 * reads everything through ({@code k_*}, {@code h_*} per hashed column, lenient {@code v_*}).
 */
record ComparisonSides(Dataset<Row> oldRows, Dataset<Row> newRows, Dataset<Row> oldDigest, Dataset<Row> newDigest) {

    /** Only the given keys, on all four. */
    ComparisonSides restrictedTo(KeySet keys) {
        return new ComparisonSides(keys.apply(oldRows), keys.apply(newRows), keys.apply(oldDigest), keys.apply(newDigest));
    }
}

package io.cutover.verify;

import io.cutover.side.BoundedQuery;
import io.cutover.side.Restriction;
import java.util.List;

/**
 * One side's pass-1 digest computed in PostgreSQL: {@code query} yields the keys, the hashes
 * PostgreSQL computes, the values of lenient columns, and the narrow inputs of columns Spark
 * must finish, printed for all rows, one partition of {@code splitColumn} of
 * {@code primaryTable}, or a few keys. {@code completion} is the Spark select list over those
 * rows (alias {@code o}) that gives the digest's shape ({@code k_*}, {@code h_*}, lenient
 * {@code v_*}). {@code inSpark} names the columns hashed in Spark, and why.
 */
record PostgresDigest(BoundedQuery query, String primaryTable, String splitColumn, List<String> completion,
                      List<String> inSpark) {

    /** The query over every row, as one read. */
    String sql() {
        return query.print(Restriction.all());
    }

    /**
     * The query narrowed to given keys of its first key column, as one unpartitioned read: the
     * keys go where the partition bounds would (a Reddit thing id bounds the thing and its
     * key-value rows alike), or into the WHERE clause on the key column, where PostgreSQL answers
     * from the key's index. The keys are the query's one array parameter ({@code = ANY(?)}),
     * written here as one array literal, since Spark's JDBC source binds no parameters: one
     * literal whatever their count, so PostgreSQL parses one value, not a list of thousands.
     * Null when the first key is not a column of the side's own table.
     */
    String forKeys(java.util.Collection<?> keys) {
        return query.printBinding(Restriction.keys(keys));
    }
}

package io.cutover.verify;

import java.util.List;

/**
 * One side's pass-1 digest computed in PostgreSQL: {@code sql} yields the keys, the hashes
 * PostgreSQL computes, the values of lenient columns, and the narrow inputs of columns Spark
 * must finish; {@code {range:alias.column}} marks where each partition's bounds on the primary
 * table's integer key go. {@code completion} is the Spark select list over those rows (alias
 * {@code o}) that gives the digest's shape ({@code k_*}, {@code h_*}, lenient {@code v_*}).
 * {@code inSpark} names the columns hashed in Spark, and why.
 */
record PostgresDigest(String sql, String primaryTable, String splitColumn, List<String> completion, List<String> inSpark) {
    static final String RANGE = "{range:";
}

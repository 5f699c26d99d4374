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
record PostgresDigest(String sql, String primaryTable, String splitColumn, List<String> completion, List<String> inSpark,
                      String keyColumn, boolean keyInRange) {
    static final String RANGE = "{range:";

    /**
     * The query narrowed to a few keys of its first key column, as one unpartitioned read: the
     * keys go where the partition bounds would (a Reddit thing id bounds the thing and its
     * key-value rows alike), or into the WHERE clause on the key column, where PostgreSQL answers
     * from the key's index. Null when the first key is not a column of the side's own table.
     */
    String forKeys(java.util.Collection<?> keys) {
        if (keyColumn == null) return null;
        String array = keys.stream().map(k -> k instanceof Number ? k.toString() : PostgresSql.text(k.toString()))
                .collect(java.util.stream.Collectors.joining(", "));
        String any = keys.isEmpty() ? "FALSE" : " = ANY(ARRAY[" + array + "])";
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int i; (i = sql.indexOf(RANGE, at)) >= 0; at = sql.indexOf('}', i) + 1) {
            String column = sql.substring(i + RANGE.length(), sql.indexOf('}', i));
            out.append(sql, at, i).append(keyInRange && !keys.isEmpty() ? "(" + column + any + ")" : keyInRange ? "FALSE" : "TRUE");
        }
        out.append(sql.substring(at));
        if (keyInRange) return out.toString();
        String narrowed = out.toString();
        String predicate = keys.isEmpty() ? "FALSE" : keyColumn + any;
        return narrowed + " AND " + predicate;
    }
}

package io.cutover.verify;

import java.util.List;

/**
 * One comparison worked out from the mapping: the SQL that brings each side to the new
 * table's shape (key columns {@code k_*}, value columns {@code v_*}), and the tables each side
 * must see under their own names. The digest SQL is pass 1's narrow form of the same rows: the
 * keys, a hash per compared column ({@code h_*}) and the values of lenient columns.
 * {@code narrowRows}: no compared value can be long text (by the new table's DDL), so whole
 * rows cost about as much to keep as digests. {@code oldEveryRowSql}: the old rows before the
 * mapping's {@code absent} rule leaves some out (a cleared vote is a row that says "no vote", and
 * a window must see when it was written).
 */
record ComparisonPlan(String entity, String source, List<String> keys, List<ComparedColumn> columns,
                      List<String> oldTables, List<String> newTables, List<NamedSql> oldViews,
                      String oldSql, String newSql, List<NamedSql> oldDigestViews, String oldDigestSql,
                      String newDigestSql, boolean oldKeyUnique, boolean newKeyUnique, boolean narrowRows,
                      String oldEveryRowSql, CrossEngine crossEngine) {

    /** A plan whose digests are only ever computed in Spark (tests of the diff itself). */
    ComparisonPlan(String entity, String source, List<String> keys, List<ComparedColumn> columns,
                   List<String> oldTables, List<String> newTables, List<NamedSql> oldViews,
                   String oldSql, String newSql, List<NamedSql> oldDigestViews, String oldDigestSql,
                   String newDigestSql, boolean oldKeyUnique, boolean newKeyUnique, boolean narrowRows) {
        this(entity, source, keys, columns, oldTables, newTables, oldViews, oldSql, newSql, oldDigestViews, oldDigestSql,
                newDigestSql, oldKeyUnique, newKeyUnique, narrowRows, oldSql, null);
    }

    /**
     * Pass 1 when a side's digest is computed in PostgreSQL: the Spark digests hashed with
     * {@link CrossEngineHash} (for a side that is not, e.g. a snapshot), each side's PostgreSQL
     * digest (null when it has none, with the reason), and each side's whole rows computed there
     * for a read of a few keys (null when they cannot be), and the segment pass's row hashes.
     */
    record CrossEngine(String oldSparkDigestSql, String newSparkDigestSql, PostgresDigest oldPostgres,
                       PostgresDigest newPostgres, String oldWhyNot, String newWhyNot,
                       PostgresDigest oldPostgresRows, PostgresDigest newPostgresRows, SegmentQueries segments) {}

    /** A helper view the old side's SQL reads (the pivot of a key-value table). */
    record NamedSql(String name, String sql) {}

    /** The same comparison with whole rows kept and read once: for a read of a few keys. */
    ComparisonPlan keepingRows() {
        return new ComparisonPlan(entity, source, keys, columns, oldTables, newTables, oldViews, oldSql, newSql, oldDigestViews,
                oldDigestSql, newDigestSql, oldKeyUnique, newKeyUnique, true, oldEveryRowSql, crossEngine);
    }

    String label() {
        return entity + " vs " + source;
    }
}

package io.cutover.verify;

import static io.cutover.side.SparkDialect.SPARK;

import io.cutover.mapping.NullSemantics;
import io.cutover.side.PostgresDialect;
import io.cutover.side.Printed;
import io.cutover.side.SqlDialect;
import java.util.Optional;

/**
 * The column hash Spark and PostgreSQL compute bit for bit, for comparisons where one side's
 * digest is computed in PostgreSQL: the first 64 bits of the MD5 of a canonical text, read as a
 * signed big-endian long ({@link SqlDialect#crossEngineHash}, {@link SqlDialect#canonicalText}).
 * PostgreSQL's {@code md5(text)} hashes the database's encoding, so pushdown needs a UTF8
 * database. NULL hashes to a fixed value that no MD5 prefix is expected to meet.
 *
 * <p>Comparisons with no side in PostgreSQL keep xxhash64 (a few times faster in Spark).
 */
final class CrossEngineHash {
    static final long NULL_HASH = SqlDialect.NULL_HASH;
    private static final PostgresDialect POSTGRES = PostgresDialect.quoting();

    private CrossEngineHash() {}

    /** In Spark: the hash of the value as the comparator brings it to the bucket signature. */
    static String spark(ComparedColumn c, String value) {
        return SPARK.crossEngineHash(sparkText(c, value));
    }

    /** In Spark: the canonical text of the value as the comparator brings it to the bucket signature. */
    static String sparkText(ComparedColumn c, String value) {
        String hashed = c.hashed("(" + value + ")");
        return SPARK.canonicalText(hashed, c.comparator().hashedType(c.sqlType())).text();
    }

    /**
     * In PostgreSQL, or empty when the comparator's normalisation could come out differently
     * there (then the value is shipped and hashed in Spark): the comparator says why.
     */
    static Optional<String> postgres(ComparedColumn c, String value) {
        return postgresText(c, value).map(POSTGRES::crossEngineHash);
    }

    /** In PostgreSQL, the canonical text {@link #sparkText} gives in Spark, or empty as for {@link #postgres}. */
    static Optional<String> postgresText(ComparedColumn c, String value) {
        String v = c.nulls() == NullSemantics.EMPTY_IS_NULL ? "nullif(" + value + ", '')" : value;
        Printed normalized = c.comparator().inPostgres(v);
        if (!normalized.portable()) return Optional.empty();
        return Optional.ofNullable(POSTGRES.canonicalText(normalized.text(), c.sqlType()).orNull());
    }
}

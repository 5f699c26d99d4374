package io.cutover.verify;

import io.cutover.mapping.ValueComparator;
import io.cutover.mapping.NullSemantics;
import java.util.Optional;

/**
 * The column hash Spark and PostgreSQL compute bit for bit, for comparisons where one side's
 * digest is computed in PostgreSQL: the first 64 bits of the MD5 of a canonical text, read as a
 * signed big-endian long. Both engines have MD5 over the UTF-8 bytes of a text (PostgreSQL's
 * {@code md5(text)} hashes the database's encoding, so pushdown needs a UTF8 database), and
 * both read 16 hex digits as a two's-complement long ({@code ::bit(64)::bigint} in PostgreSQL,
 * {@code conv(..., 16, -10)} in Spark). The canonical text is what both print alike: text as is,
 * integers in decimal, booleans {@code true}/{@code false}, timestamps as integer microseconds
 * since the epoch (PostgreSQL's exact numeric {@code extract(epoch ...)}), dates as days since
 * the epoch. NULL hashes to a fixed value that no MD5 prefix is expected to meet.
 *
 * <p>Comparisons with no side in PostgreSQL keep xxhash64 (a few times faster in Spark).
 */
final class CrossEngineHash {
    /**
     * NULL's hash: a fixed value, not the MD5 of any known text (a text's MD5 prefix meets it
     * with probability 2^-64, as any two texts' do).
     */
    static final long NULL_HASH = Long.MIN_VALUE;

    private CrossEngineHash() {}

    /** In Spark: the hash of the value as the comparator brings it to the bucket signature. */
    static String spark(ComparedColumn c, String value) {
        return "coalesce(CAST(conv(substr(md5(" + sparkCanonical(c.hashed("(" + value + ")"), hashedType(c))
                + "), 1, 16), 16, -10) AS BIGINT), CAST('" + NULL_HASH + "' AS BIGINT))";
    }

    /**
     * In PostgreSQL, or empty when the comparator's normalisation could come out differently
     * there (then the value is shipped and hashed in Spark): {@code lower} follows the database's
     * locale, jsonb prints itself otherwise than the canonical JSON, tolerance grids divide
     * in doubles in Spark.
     */
    static Optional<String> postgres(ComparedColumn c, String value) {
        if (c.compare().kind() == ValueComparator.Kind.NUMERIC && c.compare().tolerance() > 0) return Optional.empty();
        if (c.compare().kind() == ValueComparator.Kind.TIMESTAMP && c.compare().timeTolerance() != null) return Optional.empty();
        String v = c.nulls() == NullSemantics.EMPTY_IS_NULL ? "nullif(" + value + ", '')" : value;
        String normalized = switch (c.compare().kind()) {
            case EXACT, NUMERIC -> v;
            case TRIM -> "trim(" + v + ")";
            case UNICODE_NFC -> "normalize(" + v + ", NFC)";
            case TIMESTAMP -> c.compare().truncate() == null ? v : "date_trunc('" + postgresUnit(c) + "', " + v + ")";
            case CASE_INSENSITIVE, JSON -> null;
        };
        if (normalized == null) return Optional.empty();
        return postgresCanonical(normalized, c.sqlType())
                .map(text -> "coalesce(('x' || substr(md5(" + text + "), 1, 16))::bit(64)::bigint, '" + NULL_HASH + "'::bigint)");
    }

    private static String hashedType(ComparedColumn c) {
        boolean grid = (c.compare().kind() == ValueComparator.Kind.NUMERIC && c.compare().tolerance() > 0)
                || (c.compare().kind() == ValueComparator.Kind.TIMESTAMP && c.compare().timeTolerance() != null
                        && c.compare().timeTolerance().toNanos() >= 1000);
        return grid ? "BIGINT" : c.sqlType();
    }

    static String sparkCanonical(String x, String sqlType) {
        return switch (sqlType) {
            case "STRING" -> x;
            case "TIMESTAMP" -> "CAST(unix_micros(" + x + ") AS STRING)";
            case "DATE" -> "CAST(unix_date(" + x + ") AS STRING)";
            default -> "CAST(" + x + " AS STRING)";
        };
    }

    static Optional<String> postgresCanonical(String x, String sqlType) {
        return Optional.ofNullable(switch (sqlType) {
            case "STRING" -> "(" + x + ")::text";
            case "BIGINT", "INT", "SMALLINT", "BOOLEAN" -> "(" + x + ")::text";
            case "TIMESTAMP" -> "(extract(epoch FROM " + x + ") * 1000000)::bigint::text";
            case "DATE" -> "((" + x + ") - DATE '1970-01-01')::text";
            default -> null;   // doubles print differently in the two engines
        });
    }

    private static String postgresUnit(ComparedColumn c) {
        return switch (c.compare().truncate()) {
            case MICROS -> "microseconds";
            case MILLIS -> "milliseconds";
            case SECONDS -> "second";
            case MINUTES -> "minute";
            case HOURS -> "hour";
            case DAYS -> "day";
            default -> throw new IllegalArgumentException("cannot truncate timestamps to " + c.compare().truncate());
        };
    }
}

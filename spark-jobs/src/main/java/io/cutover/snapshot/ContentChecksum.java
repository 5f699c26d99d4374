package io.cutover.snapshot;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An order-independent 128-bit checksum of a table's rows: two 64-bit lanes, each the sum
 * modulo 2^64 of a 64-bit row hash (xxhash64 over every column, with two different seeds). A
 * sum rather than an XOR so that duplicated rows count twice; order-independent so that it can
 * be computed by parallel readers while they read, and again over files in any order. Sums
 * of per-file checksums give the table's.
 *
 * <p>Spark's hash skips NULL values and folds -0.0 into 0.0, so each column also contributes
 * its null flag, and floating-point columns are hashed through their exact decimal text.
 */
public record ContentChecksum(BigInteger lane1, BigInteger lane2) {
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(64);
    public static final ContentChecksum EMPTY = new ContentChecksum(BigInteger.ZERO, BigInteger.ZERO);

    public ContentChecksum {
        lane1 = lane1.mod(MOD);
        lane2 = lane2.mod(MOD);
    }

    /** 32 hex digits. */
    public String hex() {
        return String.format("%016x%016x", lane1, lane2);
    }

    @Override
    public String toString() {
        return hex();
    }

    public static ContentChecksum parse(String hex) {
        if (hex == null || hex.length() != 32) throw new IllegalArgumentException("not a 128-bit checksum: " + hex);
        return new ContentChecksum(new BigInteger(hex.substring(0, 16), 16), new BigInteger(hex.substring(16), 16));
    }

    public ContentChecksum plus(ContentChecksum other) {
        return new ContentChecksum(lane1.add(other.lane1), lane2.add(other.lane2));
    }

    /** From the row that {@link #aggregates} produced, its sums starting at {@code offset}. */
    public static ContentChecksum fromRow(org.apache.spark.sql.Row r, int offset) {
        return fromSums(r.get(offset), r.get(offset + 1), r.get(offset + 2), r.get(offset + 3));
    }

    /** From observed metrics named as {@link #aggregates} names them. */
    public static ContentChecksum fromMetrics(java.util.Map<String, Object> m) {
        return fromSums(m.get("lane1_high"), m.get("lane1_low"), m.get("lane2_high"), m.get("lane2_low"));
    }

    /**
     * Each lane is sum(hash) mod 2^64, summed as its high (signed) and low (unsigned) 32-bit
     * halves: long sums, fast and exact up to 2^31 rows per table; beyond that Spark's ANSI
     * mode fails the sum loudly rather than wrapping. (decimal(38,0) sums cost as much as the
     * rest of the read.)
     */
    static ContentChecksum fromSums(Object high1, Object low1, Object high2, Object low2) {
        return new ContentChecksum(lane(high1, low1), lane(high2, low2));
    }

    private static BigInteger lane(Object high, Object low) {
        return toBig(high).shiftLeft(32).add(toBig(low));
    }

    private static BigInteger toBig(Object sum) {
        return sum == null ? BigInteger.ZERO : BigInteger.valueOf(((Number) sum).longValue());
    }

    /** Per-row hash inputs: each column (floats as text) and its null flag. */
    static Column[] hashInputs(StructType schema) {
        List<Column> parts = new ArrayList<>();
        for (StructField f : schema.fields()) {
            Column c = col("`" + f.name().replace("`", "``") + "`");
            DataType t = f.dataType();
            if (t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType)) c = c.cast("string");
            parts.add(c);
            parts.add(c.isNull());
        }
        if (parts.isEmpty()) parts.add(lit(0)); // a table without columns still has rows
        return parts.toArray(new Column[0]);
    }

    /** The two 64-bit row hashes whose sums are the lanes. */
    static Column[] rowHashes(StructType schema) {
        Column[] inputs = hashInputs(schema);
        Column[] seeded = new Column[inputs.length + 1];
        seeded[0] = lit("cutover content checksum, lane 2");
        System.arraycopy(inputs, 0, seeded, 1, inputs.length);
        return new Column[] {xxhash64(inputs), xxhash64(seeded)};
    }

    /** From the lanes summed as Java longs, whose wrapping addition is exactly the sum mod 2^64. */
    static ContentChecksum fromWrappedSums(long lane1, long lane2) {
        return new ContentChecksum(unsigned(lane1), unsigned(lane2));
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    /** Row count, then the high and low half sums of both lanes (see {@link #fromSums}). */
    static Column[] aggregates(StructType schema) {
        Column[] hashes = rowHashes(schema);
        Column lane1 = hashes[0];
        Column lane2 = hashes[1];
        return new Column[] {
            count(lit(1)).as("rows"),
            sum(shiftright(lane1, 32)).as("lane1_high"),
            sum(lane1.bitwiseAND(lit(0xFFFFFFFFL))).as("lane1_low"),
            sum(shiftright(lane2, 32)).as("lane2_high"),
            sum(lane2.bitwiseAND(lit(0xFFFFFFFFL))).as("lane2_low")
        };
    }
}

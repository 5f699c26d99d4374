package io.cutover.snapshot;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.math.BigDecimal;
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

    /** From the two sums that {@link #aggregates} produced (null when there were no rows). */
    public static ContentChecksum fromSums(Object sum1, Object sum2) {
        return new ContentChecksum(toBig(sum1), toBig(sum2));
    }

    private static BigInteger toBig(Object sum) {
        if (sum == null) return BigInteger.ZERO;
        if (sum instanceof BigDecimal d) return d.toBigIntegerExact();
        if (sum instanceof scala.math.BigDecimal d) return d.bigDecimal().toBigIntegerExact();
        return BigInteger.valueOf(((Number) sum).longValue());
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

    /** Row count and the two lane sums, named {@code rows}, {@code lane1}, {@code lane2}. */
    static Column[] aggregates(StructType schema) {
        Column[] inputs = hashInputs(schema);
        Column[] seeded = new Column[inputs.length + 1];
        seeded[0] = lit("cutover content checksum, lane 2");
        System.arraycopy(inputs, 0, seeded, 1, inputs.length);
        // decimal(38,0) sums are exact for ~10^19 rows; long sums would overflow under ANSI mode.
        return new Column[] {
            count(lit(1)).as("rows"),
            sum(xxhash64(inputs).cast("decimal(38,0)")).as("lane1"),
            sum(xxhash64(seeded).cast("decimal(38,0)")).as("lane2")
        };
    }
}

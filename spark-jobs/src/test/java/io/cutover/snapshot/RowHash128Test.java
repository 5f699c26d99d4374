package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.common.hash.Hashing;
import io.cutover.testing.TestSpark;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.codec.digest.MurmurHash3;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The row hash of manifest format 2: MurmurHash3_x64_128 exactly, and the same sums written and read back. */
class RowHash128Test {
    @TempDir
    Path out;

    @Test
    void isMurmurHash3x64_128AsGuavaAndCommonsCodecComputeIt() {
        Murmur3x64 m = new Murmur3x64();
        byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
        m.hash(fox, fox.length, 0);
        assertEquals("6c1b07bc7bbc4be347939ac4a93c437a", littleEndianHex(m.h1, m.h2), "the published test vector");
        Random random = new Random(42);
        for (int len = 0; len <= 80; len++) {
            byte[] data = new byte[len + 7];
            random.nextBytes(data);
            for (int seed : new int[] {0, 1, -1, 0x9747b28c}) {
                m.hash(data, len, seed);
                long[] codec = MurmurHash3.hash128x64(data, 0, len, seed);
                assertEquals(codec[0], m.h1, "h1, length " + len + ", seed " + seed);
                assertEquals(codec[1], m.h2, "h2, length " + len + ", seed " + seed);
                if (seed >= 0) {
                    byte[] guava = Hashing.murmur3_128(seed).hashBytes(data, 0, len).asBytes();
                    assertEquals(bytesHex(guava), littleEndianHex(m.h1, m.h2), "Guava, length " + len);
                }
            }
        }
    }

    private static String littleEndianHex(long h1, long h2) {
        return bytesHex(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(h1).putLong(h2).array());
    }

    private static String bytesHex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    private static final StructType SCHEMA = new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType)
            .add("x", DataTypes.DoubleType);

    private static ContentChecksum of(Row... rows) {
        Dataset<Row> df = TestSpark.session().createDataFrame(Arrays.asList(rows), SCHEMA).repartition(3);
        ChecksumAccumulator.Sums sums = HashedRows.sumsOf(df);
        assertEquals(rows.length, sums.rows());
        return sums.checksum();
    }

    @Test
    void orderIndependentButSensitiveToNullsDuplicatesNegativeZeroAndColumns() {
        Row r1 = RowFactory.create("p", null, 0.0);
        Row r2 = RowFactory.create(null, "p", 0.0);
        Row r3 = RowFactory.create("p", null, -0.0);
        Row r4 = RowFactory.create("pq", "", 0.0);
        Row r5 = RowFactory.create("p", "q", 0.0);
        assertEquals(of(r1, r2), of(r2, r1));
        assertNotEquals(of(r1), of(r2), "the same value in another column");
        assertNotEquals(of(r4), of(r5), "bytes moved across a column boundary");
        assertNotEquals(of(r1, r1), of(r1), "a duplicated row");
        assertNotEquals(of(r1), of(r3), "0.0 and -0.0");
        assertEquals(of(RowFactory.create("p", "q", Double.NaN)), of(RowFactory.create("p", "q", Double.longBitsToDouble(0x7ff8000000000001L))),
                "every NaN is the same value");
        assertEquals(of(r1, r2), of(r1).plus(of(r2)), "file checksums add up to the table's");
        assertEquals(ContentChecksum.EMPTY, of());
    }

    /** Every stored type: the sums of the rows as they stream into the write equal the read-back's, per file. */
    @Test
    void theWritersSumsAreTheReadBacksForEveryStoredType() {
        SparkSession spark = TestSpark.session();
        StructType schema = new StructType().add("bool", DataTypes.BooleanType).add("b", DataTypes.ByteType)
                .add("s", DataTypes.ShortType).add("i", DataTypes.IntegerType).add("l", DataTypes.LongType)
                .add("f", DataTypes.FloatType).add("d", DataTypes.DoubleType).add("t", DataTypes.StringType)
                .add("bin", DataTypes.BinaryType).add("day", DataTypes.DateType).add("ts", DataTypes.TimestampType)
                .add("ts_local", DataTypes.TimestampNTZType).add("dec", DataTypes.createDecimalType(20, 3));
        List<Row> rows = List.of(
                RowFactory.create(true, (byte) -1, (short) -32768, Integer.MIN_VALUE, Long.MAX_VALUE, -0.0f, Double.NaN,
                        "h\u00e9llo \uD83C\uDF89", new byte[] {0, (byte) 0xff}, Date.valueOf("2020-02-29"),
                        Timestamp.valueOf("1970-01-01 00:00:00.000001"), LocalDateTime.of(1, 1, 1, 0, 0),
                        new BigDecimal("-12345678901234567.891")),
                RowFactory.create(false, (byte) 0, (short) 0, 0, 0L, Float.NaN, Double.NEGATIVE_INFINITY, "", new byte[0],
                        Date.valueOf("1970-01-01"), Timestamp.valueOf("2038-01-19 03:14:08"), LocalDateTime.of(9999, 12, 31, 23, 59),
                        BigDecimal.ZERO.setScale(3)),
                RowFactory.create(null, null, null, null, null, null, null, null, null, null, null, null, null));
        Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(2);
        HashedRows hashed = HashedRows.of(spark, df, "test");
        String dir = out.resolve("every").toString();
        hashed.rows().write().parquet(dir);
        ChecksumAccumulator.Sums written = hashed.sums();
        assertEquals(3, written.rows());
        List<String> files = Arrays.stream(out.resolve("every").toFile().listFiles())
                .filter(f -> f.getName().endsWith(".parquet")).map(f -> f.toURI().toString()).toList();
        Map<String, StoredChecksums.PerFile> back = StoredChecksums.read(spark, files, 2);
        assertEquals(3, back.values().stream().mapToLong(StoredChecksums.PerFile::rows).sum());
        assertEquals(written.checksum(), StoredChecksums.total(back));
        assertEquals(written.checksum(), HashedRows.sumsOf(spark.read().parquet(dir)).checksum());
        assertNotEquals(written.checksum(), StoredChecksums.total(StoredChecksums.read(spark, files, 1)),
                "format 1 hashes differently");
    }
}

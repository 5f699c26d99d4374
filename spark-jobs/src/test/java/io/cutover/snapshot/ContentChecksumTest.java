package io.cutover.snapshot;

import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cutover.testing.TestSpark;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ContentChecksumTest {
    private static final StructType SCHEMA = new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType)
            .add("x", DataTypes.DoubleType);

    private static ContentChecksum of(Row... rows) {
        Dataset<Row> df = TestSpark.session().createDataFrame(Arrays.asList(rows), SCHEMA).repartition(3);
        Column[] aggs = ContentChecksum.aggregates(df.schema());
        return ContentChecksum.fromRow(df.agg(aggs[0], Arrays.copyOfRange(aggs, 1, aggs.length)).first(), 1);
    }

    @Test
    void laneOneIsTheSumOfRowHashesModulo2To64() {
        List<Row> rows = List.of(RowFactory.create("p", "q", 1.5), RowFactory.create(null, "q", -0.0),
                RowFactory.create("p", null, Double.NaN));
        Dataset<Row> df = TestSpark.session().createDataFrame(rows, SCHEMA);
        BigInteger expected = BigInteger.ZERO;
        for (Row r : df.select(xxhash64(ContentChecksum.hashInputs(df.schema()))).collectAsList()) {
            expected = expected.add(BigInteger.valueOf(r.getLong(0)));
        }
        ContentChecksum c = of(rows.toArray(new Row[0]));
        assertEquals(expected.mod(BigInteger.ONE.shiftLeft(64)), c.lane1());
        assertEquals(c, ContentChecksum.parse(c.hex()));
    }

    @Test
    void orderIndependentButSensitiveToNullsDuplicatesAndNegativeZero() {
        Row r1 = RowFactory.create("p", null, 0.0);
        Row r2 = RowFactory.create(null, "p", 0.0);
        Row r3 = RowFactory.create("p", null, -0.0);
        assertEquals(of(r1, r2), of(r2, r1));
        assertNotEquals(of(r1), of(r2), "the same value in another column");
        assertNotEquals(of(r1, r1), of(r1), "a duplicated row");
        assertNotEquals(of(r1), of(r3), "0.0 and -0.0");
        assertEquals(of(r1, r2), of(r1).plus(of(r2)), "file checksums add up to the table's");
        assertEquals(ContentChecksum.EMPTY, of());
    }
}

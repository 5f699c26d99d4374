package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.Base36;
import io.cutover.mapping.Fullname;
import io.cutover.postgres.PostgresServer;
import io.cutover.side.PostgresDialect;
import io.cutover.side.SideExpr;
import io.cutover.side.SparkDialect;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Reddit's id codes computed by PostgreSQL (the dialect's plain SQL) and by Spark (the Java
 * behind its functions) on the same values, edge cases included: every answer the same, so a
 * digest may be computed in either engine.
 */
class IdCodesInBothEnginesTest {
    private static final List<String> TEXTS = Arrays.asList(null, "", "0", "00", "1", "z", "Z", "abc", "ABC", "aBc", "10",
            "zzzzzzzzzzzz", "ZZZZZZZZZZZZ", "1000000000000", "0000000000001", "1y2p0ij32e8e7", " 1", "1 ", "-1", "+1", "a_b", "é",
            "\uff41", "\u0663", "1\n", "t3_abc", "t03_abc", "t0003_abc", "t1_abc", "t3_", "t_abc", "t+3_abc", "t-3_abc", "T3_abc",
            "t3_ABC", "t3_a_b", "t3__a", "t\u0663_abc", "t99999999999_abc", "t3_zzzzzzzzzzzz", "t3_zzzzzzzzzzzzz", "t3_0",
            "t5_2q", "t3_ é", "t3", "tt3_abc", "x3_abc", "t30_abc");
    private static final List<Long> NUMBERS = Arrays.asList(null, 0L, 1L, 9L, 10L, 35L, 36L, 37L, 1295L, 1296L, 13368L,
            4738381338321616895L, 4738381338321616896L, Long.MAX_VALUE, Long.MAX_VALUE - 1, -1L, -36L, Long.MIN_VALUE);

    @Test
    void bothEnginesDecodeAndEncodeEveryValueAlike() throws SQLException {
        PostgresServer pg = TestPostgres.server();
        SparkSession spark = TestSpark.session();
        VerifyFunctions.register(spark);
        List<SideExpr> decoders = List.of(code(SideExpr.IdCode.Kind.BASE36_DECODE, "t", 0),
                code(SideExpr.IdCode.Kind.FULLNAME_DECODE, "t", 3), code(SideExpr.IdCode.Kind.FULLNAME_DECODE, "t", 1));
        List<SideExpr> encoders = List.of(code(SideExpr.IdCode.Kind.BASE36_ENCODE, "n", 0),
                code(SideExpr.IdCode.Kind.FULLNAME_ENCODE, "n", 3), code(SideExpr.IdCode.Kind.FULLNAME_ENCODE, "n", 5));

        List<List<Object>> inPostgres = new ArrayList<>();
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE codes (i integer, t text, n bigint)");
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO codes VALUES (?, ?, ?)")) {
                for (int i = 0; i < rows(); i++) {
                    ins.setInt(1, i);
                    ins.setString(2, i < TEXTS.size() ? TEXTS.get(i) : null);
                    ins.setObject(3, i < NUMBERS.size() ? NUMBERS.get(i) : null, java.sql.Types.BIGINT);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            PostgresDialect dialect = PostgresDialect.quoting();
            List<String> select = new ArrayList<>();
            for (SideExpr e : decoders) select.add(dialect.print(e, "o").text());
            for (SideExpr e : encoders) select.add(dialect.print(e, "o").text());
            try (ResultSet rs = st.executeQuery("SELECT " + String.join(", ", select) + " FROM codes o ORDER BY i")) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int k = 1; k <= select.size(); k++) row.add(rs.getObject(k));
                    inPostgres.add(row);
                }
            }
        }

        List<Row> input = new ArrayList<>();
        for (int i = 0; i < rows(); i++) {
            input.add(RowFactory.create(i, i < TEXTS.size() ? TEXTS.get(i) : null, i < NUMBERS.size() ? NUMBERS.get(i) : null));
        }
        StructType schema = new StructType().add("i", DataTypes.IntegerType).add("t", DataTypes.StringType)
                .add("n", DataTypes.LongType);
        spark.createDataFrame(input, schema).createOrReplaceTempView("cutover_test_codes");
        List<String> select = new ArrayList<>();
        for (SideExpr e : decoders) select.add(SparkDialect.SPARK.print(e, "o").text());
        for (SideExpr e : encoders) select.add(SparkDialect.SPARK.print(e, "o").text());
        Dataset<Row> out = spark.sql("SELECT " + String.join(", ", select) + " FROM cutover_test_codes o ORDER BY i");
        List<List<Object>> inSpark = new ArrayList<>();
        for (Row r : out.collectAsList()) {
            List<Object> row = new ArrayList<>();
            for (int k = 0; k < r.size(); k++) row.add(r.get(k));
            inSpark.add(row);
        }

        assertEquals(rows(), inPostgres.size());
        for (int i = 0; i < rows(); i++) {
            assertEquals(inSpark.get(i), inPostgres.get(i), "row " + i + ": text " + (i < TEXTS.size() ? "'" + TEXTS.get(i) + "'" : "-")
                    + ", number " + (i < NUMBERS.size() ? NUMBERS.get(i) : "-"));
        }
        // The answers are the Java's, not only alike: a few read against it.
        int abc = TEXTS.indexOf("abc");
        assertEquals(Base36.decode("abc"), inPostgres.get(abc).get(0));
        assertEquals(Fullname.parse("t3_abc").id(), inPostgres.get(TEXTS.indexOf("t03_abc")).get(1));
        assertEquals(null, inPostgres.get(TEXTS.indexOf("t3_abc")).get(2), "a link's fullname is no comment's");
        assertEquals(Base36.encode(Long.MAX_VALUE), inPostgres.get(NUMBERS.indexOf(Long.MAX_VALUE)).get(3));
        assertEquals("0", inPostgres.get(NUMBERS.indexOf(0L)).get(3));
        assertEquals("t3_abc", inPostgres.get(NUMBERS.indexOf(13368L)).get(4));
        assertEquals(null, inPostgres.get(NUMBERS.indexOf(-1L)).get(5));
        assertTrue(inPostgres.stream().anyMatch(r -> r.get(0) == null) && inPostgres.stream().anyMatch(r -> Objects.equals(r.get(0), 4738381338321616895L)));
    }

    private static int rows() {
        return Math.max(TEXTS.size(), NUMBERS.size());
    }

    private static SideExpr code(SideExpr.IdCode.Kind kind, String column, int type) {
        SideExpr value = SideExpr.Column.ofRow(column);
        if (kind == SideExpr.IdCode.Kind.BASE36_ENCODE || kind == SideExpr.IdCode.Kind.FULLNAME_ENCODE) {
            value = new SideExpr.Cast(value, "BIGINT");
        }
        return new SideExpr.IdCode(kind, value, type);
    }
}

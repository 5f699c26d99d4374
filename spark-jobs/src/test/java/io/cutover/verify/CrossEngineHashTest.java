package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.ValueComparator;
import io.cutover.side.BoundedQuery;
import io.cutover.side.PostgresDialect;
import io.cutover.mapping.NullSemantics;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The column hash computed in PostgreSQL equals the one Spark computes from the same values
 * read over JDBC, for every PostgreSQL type the mapping uses and every normalisation that is
 * pushed down; and the normalisations that are not pushed down would differ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossEngineHashTest {
    private static final PostgresDialect POSTGRES = PostgresDialect.quoting();
    private static final String DB = "cross_engine_hash";
    private final PostgresServer pg = TestPostgres.server();
    private SourceLocation.Database db;

    /** column -> DDL type; every row below fills each. */
    private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("id", "integer");
        COLUMNS.put("b", "bigint");
        COLUMNS.put("i", "integer");
        COLUMNS.put("s", "smallint");
        COLUMNS.put("f", "boolean");
        COLUMNS.put("t", "text");
        COLUMNS.put("v", "varchar(300)");
        COLUMNS.put("ts", "timestamptz");
        COLUMNS.put("j", "jsonb");
        COLUMNS.put("d", "date");
    }

    private static final String NFD = Normalizer.normalize("Zoë Ångström, café, 한국어", Normalizer.Form.NFD);
    private static final String LONG = "x".repeat(700_000) + "é".repeat(300_000);   // 1.3 MB of UTF-8

    @BeforeAll
    void table() throws Exception {
        TestSpark.session();
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("CREATE DATABASE " + DB + " ENCODING 'UTF8' TEMPLATE template0");
        }
        db = new SourceLocation.Database(pg, DB);
        try (Connection c = pg.connect(DB); Statement st = c.createStatement()) {
            List<String> defs = new ArrayList<>();
            COLUMNS.forEach((k, v) -> defs.add(k + " " + v));
            st.execute("CREATE TABLE sample (" + String.join(", ", defs) + ")");
            Object[][] rows = {
                    {1, 0L, 0, (short) 0, true, "", "", ts("1970-01-01T00:00:00Z"), "{}", "1970-01-01"},
                    {2, null, null, null, null, null, null, null, null, null},
                    {3, Long.MIN_VALUE, Integer.MIN_VALUE, Short.MIN_VALUE, false, "  padded\t ", " a ",
                            ts("1969-07-20T20:17:40.123456Z"), "{\"b\": 1, \"a\": [1, 2]}", "1969-07-20"},
                    {4, Long.MAX_VALUE, Integer.MAX_VALUE, Short.MAX_VALUE, true, NFD,
                            Normalizer.normalize(NFD, Normalizer.Form.NFC), ts("2026-11-30T23:59:59.999999Z"),
                            "{\"text\": \"é\"}", "2026-11-30"},
                    {5, -42L, -7, (short) -1, false, LONG, "ÀÉÎ Straße İ", ts("1900-01-01T00:00:00.000001Z"),
                            "[1, 2.50, null]", "1900-01-01"},
                    {6, 1234567890123L, 5, (short) 5, true, "\u00a0nbsp\u00a0", "ǅ ﬁ ẞ", ts("2000-02-29T12:34:56.7Z"),
                            "\"just a string\"", "2000-02-29"},
            };
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sample VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::date)")) {
                for (Object[] r : rows) {
                    for (int i = 0; i < r.length; i++) ps.setObject(i + 1, r[i]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static Timestamp ts(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }

    private static ComparedColumn column(String name, String ddlType, ValueComparator compare, NullSemantics nulls) {
        return new ComparedColumn(name, TableReader.SparkTypes.sqlName(ddlType), compare, nulls);
    }

    /** Every column with every comparator whose normalisation PostgreSQL computes. */
    private List<ComparedColumn> pushed() {
        List<ComparedColumn> out = new ArrayList<>();
        COLUMNS.forEach((name, type) -> {
            if (name.equals("id")) return;
            out.add(column(name, type, ValueComparator.EXACT, NullSemantics.EQUAL));
            if (TableReader.SparkTypes.sqlName(type).equals("STRING")) {
                out.add(column(name, type, ValueComparator.simple(ValueComparator.Kind.TRIM), NullSemantics.EQUAL));
                out.add(column(name, type, ValueComparator.simple(ValueComparator.Kind.UNICODE_NFC), NullSemantics.EQUAL));
                out.add(column(name, type, ValueComparator.EXACT, NullSemantics.EMPTY_IS_NULL));
                out.add(column(name, type, ValueComparator.simple(ValueComparator.Kind.TRIM), NullSemantics.EMPTY_IS_NULL));
            }
        });
        for (ChronoUnit unit : List.of(ChronoUnit.MICROS, ChronoUnit.MILLIS, ChronoUnit.SECONDS, ChronoUnit.MINUTES,
                ChronoUnit.HOURS, ChronoUnit.DAYS)) {
            out.add(column("ts", "timestamptz", new ValueComparator(ValueComparator.Kind.TIMESTAMP, 0, null, unit), NullSemantics.EQUAL));
        }
        return out;
    }

    @Test
    void postgresqlAndSparkHashEveryTypeAndNormalisationAlike() {
        List<ComparedColumn> columns = pushed();
        List<String> pgSelect = new ArrayList<>(List.of("id"));
        List<String> sparkSelect = new ArrayList<>(List.of("id"));
        for (int i = 0; i < columns.size(); i++) {
            ComparedColumn c = columns.get(i);
            String value = POSTGRES.cast(POSTGRES.column("o", c.name()), c.sqlType());
            Optional<String> inPostgres = CrossEngineHash.postgres(c, value);
            assertTrue(inPostgres.isPresent(), c + " is pushed down");
            pgSelect.add(inPostgres.get() + " AS h" + i);
            sparkSelect.add(CrossEngineHash.spark(c, "CAST(`" + c.name() + "` AS " + c.sqlType() + ")") + " AS h" + i);
        }
        SparkSession spark = TestSpark.session();
        VerifyFunctions.register(spark);
        TableReader reader = new TableReader(spark);
        Map<Integer, Row> inPostgres = byId(reader.query(db, new BoundedQuery.Builder()
                .append("SELECT " + String.join(", ", pgSelect) + " FROM sample o WHERE ").bound(POSTGRES.column("o", "id"))
                .build(null, false), "sample", "id").collectAsList());
        Map<Integer, Row> inSpark = byId(reader.read(db, "sample", "id").selectExpr(sparkSelect.toArray(String[]::new)).collectAsList());
        assertEquals(6, inPostgres.size());
        for (int id : inSpark.keySet()) {
            for (int i = 0; i < columns.size(); i++) {
                assertEquals(inSpark.get(id).getLong(i + 1), inPostgres.get(id).getLong(i + 1), "row " + id + ", " + columns.get(i));
            }
        }
        // Not vacuous: values differ, NULL has its own hash, and NFC brings NFD and NFC together.
        int text = columns.indexOf(column("t", "text", ValueComparator.EXACT, NullSemantics.EQUAL)) + 1;
        int nfcOfT = columns.indexOf(column("t", "text", ValueComparator.simple(ValueComparator.Kind.UNICODE_NFC), NullSemantics.EQUAL)) + 1;
        int nfcOfV = columns.indexOf(column("v", "varchar(300)", ValueComparator.simple(ValueComparator.Kind.UNICODE_NFC), NullSemantics.EQUAL)) + 1;
        assertNotEquals(inSpark.get(1).getLong(text), inSpark.get(2).getLong(text), "'' and NULL");
        assertEquals(CrossEngineHash.NULL_HASH, inSpark.get(2).getLong(text));
        assertEquals(inSpark.get(4).getLong(nfcOfT), inSpark.get(4).getLong(nfcOfV), "NFD and NFC text under NFC");
        assertNotEquals(inSpark.get(4).getLong(text), inSpark.get(4).getLong(columns.indexOf(
                column("v", "varchar(300)", ValueComparator.EXACT, NullSemantics.EQUAL)) + 1), "NFD and NFC text, exactly");
    }

    private static Map<Integer, Row> byId(List<Row> rows) {
        Map<Integer, Row> out = new LinkedHashMap<>();
        for (Row r : rows) out.put(r.getInt(0), r);
        return out;
    }

    @Test
    void sparkReadsSixteenHexDigitsAsASignedLongAsPostgresqlDoes() throws Exception {
        SparkSession spark = TestSpark.session();
        List<String> hex = List.of("0000000000000000", "7fffffffffffffff", "8000000000000000", "ffffffffffffffff", "d41d8cd98f00b204");
        try (Connection c = pg.connect(DB); Statement st = c.createStatement()) {
            for (String h : hex) {
                long inSpark = spark.sql("SELECT CAST(conv('" + h + "', 16, -10) AS BIGINT)").first().getLong(0);
                try (ResultSet rs = st.executeQuery("SELECT ('x' || '" + h + "')::bit(64)::bigint")) {
                    rs.next();
                    assertEquals(rs.getLong(1), inSpark, h);
                    assertEquals(Long.parseUnsignedLong(h, 16), inSpark, h);
                }
            }
        }
    }

    @Test
    void theNormalisationsKeptInSparkWouldDifferInPostgresql() throws Exception {
        // lower() follows the database's locale and jsonb prints itself its own way: computed in Spark.
        assertEquals(Optional.empty(), CrossEngineHash.postgres(column("v", "text",
                ValueComparator.simple(ValueComparator.Kind.CASE_INSENSITIVE), NullSemantics.EQUAL), "x"));
        assertEquals(Optional.empty(), CrossEngineHash.postgres(column("j", "jsonb",
                ValueComparator.simple(ValueComparator.Kind.JSON), NullSemantics.EQUAL), "x"));
        assertEquals(Optional.empty(), CrossEngineHash.postgres(column("b", "bigint",
                new ValueComparator(ValueComparator.Kind.NUMERIC, 0.5, null, null), NullSemantics.EQUAL), "x"));
        try (Connection c = pg.connect(DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT j::text FROM sample WHERE id = 3")) {
            rs.next();
            assertNotEquals(VerifyFunctions.canonicalJson(rs.getString(1)), rs.getString(1), "jsonb's text is not the canonical JSON");
        }
    }
}

package io.cutover.snapshot;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.snapshot.SnapshotManifest.ColumnEntry;
import io.cutover.snapshot.SnapshotManifest.TableEntry;
import io.cutover.snapshot.SnapshotSpec.DatabaseSelection;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every type through snapshot and restore, on a real PostgreSQL, with nothing rounded or clamped. */
class SnapshotRoundTripTest {
    @TempDir
    Path out;

    @Test
    void everyTypeSurvivesSnapshotAndRestoreExactly() throws Exception {
        ScratchDatabase db = new ScratchDatabase("roundtrip");
        db.execute(EveryType.TABLE, EveryType.ROWS,
                "CREATE TABLE numbers (id integer PRIMARY KEY, label text NOT NULL DEFAULT 'x', parent integer REFERENCES numbers(id))",
                "INSERT INTO numbers SELECT g, 'n' || g, CASE WHEN g > 1 THEN g - 1 END FROM generate_series(1, 3000) g",
                "CREATE INDEX numbers_label ON numbers (label)",
                "CREATE TABLE no_key (word text)",
                "INSERT INTO no_key VALUES ('a'), ('a'), (NULL)");
        SparkSession spark = TestSpark.session();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SnapshotManifest m = SnapshotJob.run(spark, db.server,
                SnapshotSpec.of(out, List.of(new DatabaseSelection(db.name, List.of()))).withSnapshotId("s1").withRowsPerSplit(1000),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        String printed = log.toString(StandardCharsets.UTF_8);

        Map<String, TableEntry> tables = m.databases().get(0).tables().stream()
                .collect(Collectors.toMap(TableEntry::table, t -> t));
        TableEntry every = tables.get("every_type");
        assertEquals(5, every.rowsInSnapshot());
        assertEquals(5, every.rowsWritten());
        Map<String, String> pgTypes = every.columns().stream().collect(Collectors.toMap(ColumnEntry::name, ColumnEntry::pgType));
        assertEquals("numeric(50,2)", pgTypes.get("n_fixed"));
        assertEquals("timestamp with time zone", pgTypes.get("ts"));
        assertEquals("integer[]", pgTypes.get("int_arr"));
        assertEquals("money", pgTypes.get("m"));
        assertEquals("character(5)", pgTypes.get("c"));

        TableEntry numbers = tables.get("numbers");
        assertEquals("id", numbers.splitKey());
        assertEquals(3, numbers.splits(), "3,000 rows at 1,000 rows per split");
        assertEquals(3000, numbers.rowsWritten());
        assertTrue(numbers.files().stream().allMatch(f -> f.rows() > 500 && f.rows() < 1500), "quantile splits are even: " + numbers.files());
        assertTrue(printed.contains(db.name + ".public.no_key: 3 rows, copy reader, one task: no integer primary or unique key"), printed);

        // The stored values themselves.
        Path everyDir = out.resolve("s1").resolve(every.path());
        Map<Long, Row> rows = spark.read().parquet(everyDir.toString())
                .select(col("id"), col("n"), col("n_fixed"), unix_micros(col("ts")), unix_micros(col("ts_local").cast("timestamp")),
                        unix_date(col("d")), col("f8"), col("by"), col("c"), col("t"), col("j"), col("iv"), col("m"), col("num_arr"))
                .collectAsList().stream().collect(Collectors.toMap(r -> r.getLong(0), r -> r));
        Row r1 = rows.get(1L);
        assertEquals("123456789012345678901234567890.123456789012345678901234567890", r1.getString(1));
        assertEquals("123456789012345678901234567890123456789012345678.99", r1.getString(2));
        assertEquals(Long.MAX_VALUE, r1.getLong(3), "timestamptz infinity");
        assertEquals(Long.MIN_VALUE, r1.getLong(4), "timestamp -infinity");
        assertEquals(Integer.MAX_VALUE, r1.getInt(5), "date infinity");
        assertEquals(Double.MAX_VALUE, r1.getDouble(6));
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, (byte[]) r1.get(7));
        assertEquals("h\u00e9llo w\u00f6rld \uD83C\uDF89 \t tab \n newline \\ backslash", r1.getString(9));
        assertEquals("ab   ", r1.getString(8));
        assertEquals("P1Y2M3DT4H5M6.789S", r1.getString(11));
        assertEquals("12.34", r1.getString(12));
        Row r2 = rows.get(2L);
        assertEquals("NaN", r2.getString(1));
        assertTrue(Double.isNaN(r2.getDouble(6)));
        Row r3 = rows.get(3L);
        assertEquals(Instant.parse("-0043-03-15T12:00:00.123456Z").getEpochSecond() * 1_000_000 + 123456, r3.getLong(3));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(r3.getDouble(6)), "-0 stays -0");
        assertEquals("{{1.5,NaN},{3,4}}", r1.getString(13));
        Row r5 = rows.get(5L);
        for (int i = 1; i < r5.length(); i++) assertNull(r5.get(i), "column " + i + " of the all-NULL row");

        // Parquet settings: zstd and TIMESTAMP_MICROS (no INT96).
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(everyDir.resolve(every.files().get(0).name())))) {
            for (ColumnChunkMetaData c : reader.getFooter().getBlocks().get(0).getColumns()) {
                assertEquals(CompressionCodecName.ZSTD, c.getCodec(), c.getPath().toString());
            }
            String schema = reader.getFooter().getFileMetaData().getSchema().toString();
            assertTrue(schema.contains("int64 ts (TIMESTAMP(MICROS,true))"), schema);
            assertTrue(schema.contains("int64 ts_local (TIMESTAMP(MICROS,false))"), schema);
        }

        // Restore into a new database: the tool's own check, then PostgreSQL's text of every row.
        String target = db.name + "_restored";
        RestoreReport report = SnapshotRestore.run(spark, db.server, out.resolve("s1"), Map.of(db.name, target),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertTrue(report.matches(), report.toString());
        assertEquals(0, report.differences());
        assertEquals(3, report.tables().size());
        for (String table : List.of("every_type", "numbers", "no_key")) {
            String rowsAsText = "SELECT t::text FROM " + table + " t ORDER BY t::text";
            assertEquals(db.texts(db.name, rowsAsText), db.texts(target, rowsAsText), table);
        }
        assertEquals(db.texts(db.name, "SELECT pg_get_indexdef('numbers_label'::regclass)"),
                db.texts(target, "SELECT pg_get_indexdef('numbers_label'::regclass)"));
        CliRun again = CliRun.withServer(db.server, "restore", out.resolve("s1").toString(), "--into", db.name + "=" + target);
        assertEquals(2, again.exitCode(), again.out() + again.err());
        assertTrue(again.err().contains("already exists in database '" + target + "'; restore never overwrites"), again.err());
        assertEquals(1, Long.parseLong(db.texts(target,
                "SELECT count(*) FROM pg_constraint WHERE conrelid = 'numbers'::regclass AND contype = 'f'").get(0)));
    }
}

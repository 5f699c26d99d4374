package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.postgres.Credentials;
import io.cutover.postgres.HeldSnapshot;
import io.cutover.postgres.PostgresServer;
import io.cutover.snapshot.SnapshotManifest.FileEntry;
import io.cutover.snapshot.SnapshotManifest.TableEntry;
import io.cutover.snapshot.SnapshotSpec.DatabaseSelection;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary COPY reader against Spark's JDBC source on every type the snapshot keeps: the
 * same rows, schema and content checksums (per table and per file), both restored exactly;
 * the connection cap, errors and credentials as the JDBC reader has them.
 */
class SnapshotReadersTest {
    private static final List<String> TABLES = List.of("every_type", "numbers", "no_key");
    static ScratchDatabase db;

    @TempDir
    Path out;

    @BeforeAll
    static void world() {
        db = new ScratchDatabase("readers");
        db.execute(EveryType.TABLE, EveryType.ROWS,
                "CREATE TABLE numbers (id integer PRIMARY KEY, label text NOT NULL, ratio real NOT NULL, born date NOT NULL, "
                        + "flag boolean, tiny smallint NOT NULL)",
                "INSERT INTO numbers SELECT g, 'n' || g, g / 7.0, DATE '2000-01-01' + g, g % 3 = 0, (g % 100)::smallint "
                        + "FROM generate_series(1, 3000) g",
                "CREATE TABLE no_key (word text, at timestamptz)",
                "INSERT INTO no_key VALUES ('a', '2026-01-01 00:00:00.000001+00'), ('a', NULL), (NULL, 'infinity')");
    }

    private SnapshotManifest snapshot(String id, SnapshotTableReader reader) {
        return SnapshotJob.run(TestSpark.session(), db.server,
                SnapshotSpec.of(out, List.of(new DatabaseSelection(db.name, List.of()))).withSnapshotId(id)
                        .withRowsPerSplit(1000).withReader(reader),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void bothReadersWriteTheSameContentAndBothRestoreExactly() {
        SparkSession spark = TestSpark.session();
        SnapshotManifest jdbc = snapshot("jdbc", SnapshotTableReader.JDBC);
        SnapshotManifest copy = snapshot("copy", SnapshotTableReader.COPY);
        Map<String, TableEntry> byJdbc = tables(jdbc);
        Map<String, TableEntry> byCopy = tables(copy);
        assertEquals(byJdbc.keySet(), byCopy.keySet());
        for (String name : TABLES) {
            TableEntry j = byJdbc.get(name);
            TableEntry c = byCopy.get(name);
            assertEquals(j.rowsWritten(), c.rowsWritten(), name);
            assertEquals(j.contentChecksum(), c.contentChecksum(), name + ": content checksum");
            assertEquals(j.columns(), c.columns(), name + ": columns and their Parquet types");
            assertEquals(j.splits(), c.splits(), name);
            assertEquals(perFile(j), perFile(c), name + ": rows and checksum of each file");
            ContentChecksum total = c.files().stream().map(f -> ContentChecksum.parse(f.contentChecksum()))
                    .reduce(ContentChecksum.EMPTY, ContentChecksum::plus);
            assertEquals(c.contentChecksum(), total.hex(), name + ": the files add up to the table");
            StructType jdbcSchema = spark.read().parquet(out.resolve("jdbc").resolve(j.path()).toString()).schema();
            StructType copySchema = spark.read().parquet(out.resolve("copy").resolve(c.path()).toString()).schema();
            assertEquals(jdbcSchema.treeString(), copySchema.treeString(), name + ": stored schema, nullability included");
        }
        assertEquals(3, byCopy.get("numbers").splits());
        assertEquals(5, byCopy.get("every_type").rowsWritten());

        for (String id : List.of("jdbc", "copy")) {
            String target = db.name + "_from_" + id;
            RestoreReport report = SnapshotRestore.run(spark, db.server, out.resolve(id), Map.of(db.name, target),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertTrue(report.matches(), id + ": " + report);
            for (String table : TABLES) {
                String rowsAsText = "SELECT t::text FROM " + table + " t ORDER BY t::text";
                assertEquals(db.texts(db.name, rowsAsText), db.texts(target, rowsAsText), id + ": " + table);
            }
        }
    }

    @Test
    void theConnectionCapHoldsAndNoPasswordShowsInPlansOrJobs() throws Exception {
        String password = "copy-reader-secret-7f3a";
        // The test server trusts local connections, so the password is sent and ignored.
        PostgresServer withPassword = new PostgresServer(db.server.host(), db.server.port(),
                new Credentials(db.server.credentials().user(), password), "");
        SparkSession spark = TestSpark.session();
        List<String> jobTexts = new CopyOnWriteArrayList<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobTexts.add(String.valueOf(start.properties()));
                start.stageInfos().foreach(s -> jobTexts.add(s.name() + " " + s.details()));
            }
        };
        spark.sparkContext().addSparkListener(listener);
        SnapshotManifest m;
        try {
            try (HeldSnapshot held = HeldSnapshot.take(withPassword, db.name)) {
                SourceTable numbers = new SourceCatalog(held.connection(), db.name).resolve(List.of("numbers")).get(0);
                List<String> ranges = KeyQuantiles.predicates(held.connection(), numbers, 3000, 3);
                Dataset<Row> rows = SnapshotTableReader.COPY.read(spark, withPassword, numbers, ranges, 1, held.readerInitStatement(), 1);
                assertEquals(1, rows.rdd().getNumPartitions(), "three ranges, one connection at a time");
                assertEquals(3000, rows.count());
                String plans = rows.queryExecution().toString(); // parsed, analyzed, optimized and physical plans
                assertTrue(plans.contains("binary COPY of " + db.name + ".public.numbers in the held snapshot, 3 key ranges on id"),
                        plans);
                assertFalse(plans.contains(password), plans);
            }
            // PostgreSQL enforces the cap: the role may hold the snapshot and one reader connection, no more.
            String role = "cutover_cap_" + db.name;
            db.execute("CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 2", "GRANT SELECT ON numbers TO " + role);
            PostgresServer capped = new PostgresServer(db.server.host(), db.server.port(), new Credentials(role, password), "");
            m = SnapshotJob.run(spark, capped, SnapshotSpec.of(out, List.of(new DatabaseSelection(db.name,
                            List.of("numbers")))).withSnapshotId("capped").withRowsPerSplit(1000).withReading(1, 1000),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        TableEntry numbers = m.databases().get(0).tables().get(0);
        assertEquals(3, numbers.splits());
        assertEquals(1, numbers.files().size(), "the three ranges were read by one task: " + numbers.files());
        assertFalse(jobTexts.isEmpty());
        for (String text : jobTexts) assertFalse(text.contains(password), text);
    }

    @Test
    void aSqlErrorInsideACopyTaskFailsTheSnapshotAndRemovesIt() throws Exception {
        ScratchDatabase late = new ScratchDatabase("copyerror");
        // Past 294247 AD the microseconds no longer fit int8: PostgreSQL fails the read query on that row only,
        // so counting and planning succeed and the error is raised inside the COPY on the executor.
        late.execute("CREATE TABLE events (id int PRIMARY KEY, at timestamptz)",
                "INSERT INTO events SELECT g, '2026-01-01'::timestamptz FROM generate_series(1, 10) g",
                "INSERT INTO events VALUES (11, '294270-01-01 00:00:00+00')");
        for (SnapshotTableReader reader : SnapshotTableReader.values()) {
            String id = "broken-" + reader.option();
            CliRun r = CliRun.withServer(late.server, "snapshot", "-o", out.toString(), "--id", id, "-d", late.name,
                    "--reader", reader.option());
            assertEquals(3, r.exitCode(), r.out() + r.err());
            assertTrue(r.err().contains(late.name + ".public.events: reading or writing failed: ERROR: bigint out of range "
                    + "[SQLSTATE 22003]"), reader + ": " + r.err());
            assertFalse(Files.exists(out.resolve(id)), reader + ": the partial snapshot is gone");
        }
    }

    @Test
    void anUnknownReaderIsABadArgument() {
        CliRun r = CliRun.withServer(db.server, "snapshot", "-o", out.toString(), "-d", db.name, "--reader", "odbc");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("--reader") && r.err().contains("COPY, JDBC"), r.err());
    }

    private static Map<String, TableEntry> tables(SnapshotManifest m) {
        return m.databases().get(0).tables().stream().collect(Collectors.toMap(TableEntry::table, t -> t));
    }

    private static List<String> perFile(TableEntry t) {
        List<String> files = new ArrayList<>();
        for (FileEntry f : t.files()) files.add(f.rows() + " " + f.contentChecksum());
        files.sort(null);
        return files;
    }
}

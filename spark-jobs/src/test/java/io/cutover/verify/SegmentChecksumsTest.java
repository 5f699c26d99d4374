package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.schema.Catalog;
import io.cutover.storage.Location;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment checksums on a table of our own, old and new side by side in one live database: 30,000
 * items keyed by a sparse integer and 3,000 members keyed by text (accents, upper and lower case,
 * so that bytewise order and the database's collation disagree). The numbers PostgreSQL gives per
 * bucket are the ones Spark gives for the same rows, bit for bit; one changed row makes exactly one
 * bucket per level differ, and is the only difference found; a text key is split at quantiles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentChecksumsTest {
    private static final String DB = "segment_checksums";
    private static final String MAPPING = """
            mapping: segments
            schemas:
              old: [./old.sql]
              new: [./new.sql]
            sources:
              old: {kind: database, schema: old, role: truth}
            target: {schema: new}
            entities:
              - name: item
                target: {table: new_item, key: [id]}
                from:
                  old:
                    table: old_item
                    columns:
                      - {new: id, old: id}
                      - {new: name, old: name}
                      - {new: n, old: n}
                      - {new: at, old: at}
                      - {new: flag, old: flag}
              - name: member
                target: {table: new_member, key: [username]}
                from:
                  old:
                    table: old_member
                    columns:
                      - {new: username, old: username}
                      - {new: email, old: email, nulls: empty-is-null}
                      - {new: karma, old: karma, nulls: old-null-unknown}
            """;
    private static final String ITEM = "(id bigint PRIMARY KEY, name text, n integer, at timestamptz, flag boolean)";
    private static final String MEMBER = "(username text PRIMARY KEY, email text, karma integer)";

    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;
    private VerifySpec spec;
    private SourceLocation.Database db;

    @BeforeAll
    void tables() throws Exception {
        SparkSession spark = TestSpark.session();
        VerifyFunctions.register(spark);
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("CREATE DATABASE " + DB + " ENCODING 'UTF8' TEMPLATE template0");
        }
        db = new SourceLocation.Database(pg, DB);
        try (Connection c = pg.connect(DB); Statement st = c.createStatement()) {
            for (String side : List.of("old", "new")) {
                st.execute("CREATE TABLE " + side + "_item " + ITEM);
                st.execute("CREATE TABLE " + side + "_member " + MEMBER);
                st.execute("INSERT INTO " + side + "_item SELECT g * 3 - 1000, CASE WHEN g % 97 = 0 THEN NULL WHEN g % 5 = 0 THEN 'Zoë ' || g"
                        + " ELSE 'item ' || g END, CASE WHEN g % 11 = 0 THEN NULL ELSE g % 1000 - 500 END,"
                        + " timestamptz '2020-01-01 00:00:00.123456+00' + g * interval '1 minute 0.000007 second', g % 2 = 0"
                        + " FROM generate_series(1, 30000) g");
                st.execute("INSERT INTO " + side + "_member SELECT (ARRAY['Zoë', 'zoe', 'Émile', 'emile', 'anna', 'Bob'])[g % 6 + 1]"
                        + " || '_' || g, CASE WHEN g % 7 = 0 THEN '' ELSE 'm' || g || '@example.org' END,"
                        + " CASE WHEN g % 13 = 0 THEN NULL ELSE g END FROM generate_series(1, 3000) g");
            }
        }
        Files.writeString(dir.resolve("old.sql"), "CREATE TABLE old_item " + ITEM + ";\nCREATE TABLE old_member " + MEMBER + ";\n");
        Files.writeString(dir.resolve("new.sql"), "CREATE TABLE new_item " + ITEM + ";\nCREATE TABLE new_member " + MEMBER + ";\n");
        Path mapping = Files.writeString(dir.resolve("segments.yaml"), MAPPING);
        spec = new VerifySpec(Mapping.load(mapping), Map.of("old", db), db, List.of(), null, null,
                Location.local(dir.resolve("report")), 0, 64, 3, Pushdown.ON, true, null, null);
    }

    private static VerifyListener quiet() {
        return new ConsoleVerifyListener(new PrintStream(new ByteArrayOutputStream()));
    }

    private ComparisonPlan plan(String entity) {
        return new VerifyJob(TestSpark.session(), spec, new PrintStream(new ByteArrayOutputStream())).plans().stream()
                .filter(p -> p.entity().equals(entity)).findFirst().orElseThrow();
    }

    private Catalog target() {
        return new ComparisonPlanner(spec.mapping()).targetCatalog();
    }

    @Test
    void postgresqlAndSparkGiveTheSameNumbersPerBucketBitForBit() {
        SparkSession spark = TestSpark.session();
        for (String entity : List.of("item", "member")) {
            ComparisonPlan plan = plan(entity);
            SegmentQueries q = plan.crossEngine().segments();
            assertNull(q.whyNot(), entity);
            try (BoundSources pass = new SideBinding(spark, spec).pass(List.of(plan), KeptExports.none(), quiet())) {
                ComparisonSides sides = pass.sides(plan, target());
                for (boolean old : List.of(true, false)) {
                    SegmentChecksums.InPostgres inPostgres = new SegmentChecksums.InPostgres(q, db, old ? q.oldQuery() : q.newQuery(), null);
                    SegmentChecksums inSpark = new SegmentChecksums.InSpark(q, old ? sides.oldRows() : sides.newRows());
                    try {
                        KeyBuckets whole = KeyBuckets.whole();
                        Map<Integer, SegmentChecksums.Numbers> all = inPostgres.numbers(whole);
                        assertEquals(numbers(inSpark.numbers(whole)), numbers(all), entity + " old=" + old + ", whole table");
                        SegmentChecksums.Numbers n = all.get(0);
                        assertEquals(entity.equals("item") ? 30_000 : 3_000, n.rows());
                        List<KeyBuckets.Range> split = q.textKey()
                                ? KeyBuckets.atQuantiles(KeyBuckets.Range.ALL, inPostgres.quantiles(List.of(KeyBuckets.Range.ALL), 32)
                                        .get(KeyBuckets.Range.ALL))
                                : KeyBuckets.equalWidth(KeyBuckets.Range.ALL, (Long) n.least(), (Long) n.greatest(), 32);
                        KeyBuckets level = new KeyBuckets(split, List.of(KeyBuckets.Range.ALL));
                        Map<Integer, SegmentChecksums.Numbers> inBuckets = inPostgres.numbers(level);
                        assertEquals(numbers(inSpark.numbers(level)), numbers(inBuckets), entity + " old=" + old + ", 32 buckets");
                        assertTrue(inBuckets.size() >= 30, entity + ": rows in every bucket " + inBuckets.keySet());
                        assertEquals(n.rows(), inBuckets.values().stream().mapToLong(SegmentChecksums.Numbers::rows).sum());
                        assertEquals(0, n.sum().compareTo(inBuckets.values().stream().map(SegmentChecksums.Numbers::sum)
                                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)), "the buckets' sums add up");
                    } finally {
                        inSpark.release();
                    }
                }
            }
        }
        // Bytewise order: 'Zoë' sorts before 'anna' and after 'Bob', whatever the database's collation.
        assertTrue(KeyBuckets.bytewise("Zoë_1", "anna_1") < 0 && KeyBuckets.bytewise("Bob_1", "Zoë_1") < 0);
    }

    @Test
    void theRowHashIsTheSameInBothEnginesAndTellsApartWhatPlainConcatenationWouldNot() throws Exception {
        io.cutover.side.PostgresDialect postgres = io.cutover.side.PostgresDialect.quoting();
        io.cutover.side.SparkDialect spark = io.cutover.side.SparkDialect.SPARK;
        // Pairs of canonical texts (NULL as null): each would spell "abc" or "~c" if written one after the other.
        List<String[]> rows = List.of(new String[] {"ab", "c"}, new String[] {"a", "bc"}, new String[] {"", "abc"},
                new String[] {null, "abc"}, new String[] {"abc", null}, new String[] {"~", "c"}, new String[] {null, "c"},
                new String[] {"1:a", "bc"}, new String[] {"Zoë", "ẞ"}, new String[] {null, null});
        List<Long> inSpark = new java.util.ArrayList<>();
        List<Long> inPostgres = new java.util.ArrayList<>();
        try (Connection c = pg.connect(DB); Statement st = c.createStatement()) {
            for (String[] r : rows) {
                List<String> pgTexts = java.util.Arrays.stream(r).map(t -> t == null ? "CAST(NULL AS text)" : postgres.text(t)).toList();
                List<String> sparkTexts = java.util.Arrays.stream(r).map(t -> t == null ? "CAST(NULL AS STRING)" : spark.text(t)).toList();
                try (java.sql.ResultSet rs = st.executeQuery("SELECT " + postgres.rowHash(pgTexts))) {
                    rs.next();
                    inPostgres.add(rs.getLong(1));
                }
                inSpark.add(TestSpark.session().sql("SELECT " + spark.rowHash(sparkTexts)).first().getLong(0));
            }
        }
        assertEquals(inSpark, inPostgres, "bit for bit");
        assertEquals(rows.size(), new java.util.HashSet<>(inSpark).size(), "every row its own hash: " + inSpark);
    }

    /** Numbers with equal sums written alike (a decimal's scale aside). */
    private static Map<Integer, String> numbers(Map<Integer, SegmentChecksums.Numbers> in) {
        Map<Integer, String> out = new java.util.TreeMap<>();
        in.forEach((k, v) -> out.put(k, v.rows() + " " + v.sum().toBigIntegerExact() + " " + v.least() + " " + v.greatest()));
        return out;
    }

    private record Outcome(List<String> differences, KeyedDiff.Result result, String line) {}

    /** The comparison through the segment pass, a bucket of more than {@code bisectAbove} rows split. */
    private Outcome segments(String entity, long bisectAbove) {
        SparkSession spark = TestSpark.session();
        ComparisonPlan plan = plan(entity);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        VerifyListener listener = new ConsoleVerifyListener(new PrintStream(console, true));
        try (BoundSources pass = new SideBinding(spark, spec).pass(List.of(plan), KeptExports.none(), listener)) {
            KeyedDiff.Result result = new SegmentPass(spark, spec, pass, listener, bisectAbove).run(plan, pass.sides(plan, target()));
            assertNotNull(result, "the comparison has a segment pass");
            List<String> found = differences(result.differences());
            result.cached().forEach(Dataset::unpersist);
            return new Outcome(found, result, console.toString().strip());
        }
    }

    /** The same comparison through the per-row path alone. */
    private Outcome perRow(String entity) {
        SparkSession spark = TestSpark.session();
        ComparisonPlan plan = plan(entity);
        try (BoundSources pass = new SideBinding(spark, spec).pass(List.of(plan), KeptExports.none(), quiet())) {
            KeyedDiff.Result result = new KeyedDiff(plan, 64).run(pass.sides(plan, target()));
            List<String> found = differences(result.differences());
            result.cached().forEach(Dataset::unpersist);
            return new Outcome(found, result, "");
        }
    }

    private static List<String> differences(Dataset<Row> d) {
        return List.copyOf(new TreeSet<>(d.selectExpr("concat_ws('|', category, key, coalesce(column, ''), coalesce(old_value, '<null>'),"
                + " coalesce(new_value, '<null>'))").collectAsList().stream().map(r -> r.getString(0)).toList()));
    }

    private void execute(String sql) throws Exception {
        try (Connection c = pg.connect(DB); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void aCleanTableIsOneBucketReadAndEqual() {
        Outcome clean = segments("item", 500);
        assertEquals(List.of(), clean.differences());
        assertEquals(List.of(1L, 0L, 30_000L, 30_000L), List.of(clean.result().bucketsCompared(), clean.result().bucketsDiffering(),
                clean.result().oldRows(), clean.result().newRows()));
        assertTrue(clean.line().contains("1 buckets read in 1 level, 1 equal, 0 differing, 0 bisected; 0 old and 0 new rows compared per row"),
                clean.line());
    }

    @Test
    void oneChangedRowMakesExactlyOneBucketPerLevelDifferAndIsTheOnlyDifference() throws Exception {
        execute("UPDATE new_item SET name = 'changed' WHERE id = 36038");
        try {
            Outcome found = segments("item", 500);
            assertEquals(List.of("changed|{\"id\":36038}|name|item 12346|changed"), found.differences(), found.line());
            // 30,000 rows: the table differs, then one of 32 buckets (about 940 rows), then one of 32 (about 30 rows).
            assertEquals(1 + 32 + 32, found.result().bucketsCompared(), found.line());
            assertEquals(3, found.result().bucketsDiffering(), found.line());
            assertTrue(found.line().contains("in 3 levels, 62 equal, 3 differing, 2 bisected"), found.line());
            Matcher perRow = Pattern.compile("(\\d+) old and (\\d+) new rows compared per row in 1 key range").matcher(found.line());
            assertTrue(perRow.find(), found.line());
            assertTrue(Long.parseLong(perRow.group(1)) <= 40 && Long.parseLong(perRow.group(1)) > 0, found.line());
            assertEquals(List.of(30_000L, 30_000L), List.of(found.result().oldRows(), found.result().newRows()));
            // Not bisected: the one bucket is read per row whole, with the same finding.
            Outcome unsplit = segments("item", 1_000_000);
            assertEquals(found.differences(), unsplit.differences());
            assertTrue(unsplit.line().contains("1 buckets read in 1 level, 0 equal, 1 differing, 0 bisected; 30,000 old and 30,000 new"),
                    unsplit.line());
        } finally {
            execute("UPDATE new_item SET name = 'item 12346' WHERE id = 36038");
        }
    }

    @Test
    void aTextKeyIsSplitAtQuantilesAndFindsWhatThePerRowPathFinds() throws Exception {
        execute("UPDATE new_member SET email = 'moved@example.org' WHERE username = 'Émile_1502'");
        execute("DELETE FROM new_member WHERE username = 'zoe_7'");
        execute("UPDATE new_member SET karma = karma + 1 WHERE username = 'anna_10'");
        try {
            Outcome found = segments("member", 200);
            Outcome expected = perRow("member");
            assertEquals(List.of("changed|{\"username\":\"anna_10\"}|karma|10|11",
                    "changed|{\"username\":\"Émile_1502\"}|email|m1502@example.org|moved@example.org",
                    "missing_in_new|{\"username\":\"zoe_7\"}||<null>|<null>"), found.differences(), found.line());
            assertEquals(expected.differences(), found.differences());
            assertEquals(List.of(expected.result().oldRows(), expected.result().newRows()),
                    List.of(found.result().oldRows(), found.result().newRows()));
            // The whole table, then the two buckets of 32 (split at quantiles) holding the two keys.
            assertTrue(found.line().contains("in 2 levels, 30 equal, 3 differing, 1 bisected"), found.line());
            assertTrue(found.line().contains("outside them, per row: karma"), found.line());
            assertNotEquals(-1, found.line().indexOf("(old in PostgreSQL, new in PostgreSQL)"), found.line());
        } finally {
            execute("UPDATE new_member SET email = 'm1502@example.org' WHERE username = 'Émile_1502'");
            execute("INSERT INTO new_member VALUES ('zoe_7', '', 7)");
            execute("UPDATE new_member SET karma = karma - 1 WHERE username = 'anna_10'");
        }
    }
}

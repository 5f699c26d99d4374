package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.storage.Location;
import io.cutover.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vote export kept parsed: a later run parses only its tail, and a changed prefix or other rules rebuild it. */
class ExportCacheTest {
    @TempDir
    Path dir;

    private static final Map<String, String> COLUMNS = new LinkedHashMap<>(Map.of());

    static {
        COLUMNS.put("voter", "text");
        COLUMNS.put("thing", "text");
        COLUMNS.put("direction", "smallint");
        COLUMNS.put("date", "timestamptz");
    }

    private static String lines(int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            out.append("voter_").append(i % 7).append(",t3_").append(Long.toString(i, 36)).append(',').append(i % 3 - 1)
                    .append(",2026-11-").append(String.format("%02d", 1 + i % 28)).append("T10:00:00Z\n");
        }
        return out.toString();
    }

    @Test
    void aLaterRunParsesOnlyTheTailAndAChangedPrefixOrOtherRulesRebuild() throws Exception {
        SparkSession spark = TestSpark.session();
        Path export = dir.resolve("votes-export.csv");
        Files.writeString(export, "voter,thing,direction,date\n" + lines(0, 500));
        SourceLocation.CsvFile csv = new SourceLocation.CsvFile(Location.local(export));
        Location cacheDir = Location.local(dir.resolve("cache"));
        TableReader reader = new TableReader(spark);
        List<String> said = new ArrayList<>();
        ExportCache cache = new ExportCache(spark, cacheDir, reader, said::add);

        assertSameRows(reader.csv(csv, COLUMNS), cache.rows("votes", csv, COLUMNS));
        ExportCache.Manifest first = cache.used("votes");
        assertEquals(500, first.linesParsed());
        assertEquals(Files.size(export), first.bytesParsed());
        assertTrue(said.get(0).contains("parsed whole (500 lines)"), said.toString());

        // Appended lines, and one the writer has not finished: only the whole new lines are parsed.
        Files.writeString(export, lines(500, 530) + "voter_1,t3_zz,1,2026-11-", StandardOpenOption.APPEND);
        said.clear();
        ExportCache later = new ExportCache(spark, cacheDir, reader, said::add);
        Dataset<Row> rows = later.rows("votes", csv, COLUMNS);
        ExportCache.Manifest second = later.used("votes");
        assertEquals(first.generation() + 1, second.generation());
        assertEquals(530, second.linesParsed());
        assertEquals(2, second.parts().size(), "the earlier part and the tail's");
        assertEquals(30, spark.read().parquet(later.home("votes").resolve(second.parts().get(1)).uri()).count(),
                "the new part holds the tail only");
        assertTrue(said.get(0).contains("parsed the 30 lines appended since the last run"), said.toString());
        assertEquals(530, rows.count());
        assertEquals(second, ExportCache.newest(later.home("votes")), "committed");
        // The unfinished line ends.
        Files.writeString(export, "01T10:00:00Z\n", StandardOpenOption.APPEND);
        assertSameRows(reader.csv(csv, COLUMNS), new ExportCache(spark, cacheDir, reader, said::add).rows("votes", csv, COLUMNS));
        said.clear();
        new ExportCache(spark, cacheDir, reader, said::add).rows("votes", csv, COLUMNS);
        assertTrue(said.get(0).contains("nothing appended"), said.toString());

        // A rewritten export (one earlier line changed, the length the same): rebuilt, with a line saying so.
        String text = Files.readString(export);
        Files.writeString(export, text.replaceFirst("voter_3,", "voter_4,"));
        said.clear();
        ExportCache rewritten = new ExportCache(spark, cacheDir, reader, said::add);
        assertSameRows(reader.csv(csv, COLUMNS), rewritten.rows("votes", csv, COLUMNS));
        assertTrue(said.get(0).contains("which changed (a rotated or rewritten export): rebuilt"), said.toString());
        assertEquals(1, rewritten.used("votes").parts().size());
        // A rotated one, shorter than what was parsed.
        Files.writeString(export, "voter,thing,direction,date\n" + lines(900, 910));
        said.clear();
        ExportCache rotated = new ExportCache(spark, cacheDir, reader, said::add);
        assertSameRows(reader.csv(csv, COLUMNS), rotated.rows("votes", csv, COLUMNS));
        assertTrue(said.get(0).contains("rebuilt"), said.toString());

        // Other parse rules (the mapping types a column otherwise): rebuilt.
        Map<String, String> other = new LinkedHashMap<>(COLUMNS);
        other.put("direction", "integer");
        assertNotEquals(ExportCache.rules(COLUMNS), ExportCache.rules(other));
        said.clear();
        ExportCache remapped = new ExportCache(spark, cacheDir, reader, said::add);
        assertSameRows(reader.csv(csv, other), remapped.rows("votes", csv, other));
        assertTrue(said.get(0).contains("was written by other parse rules") && said.get(0).contains("rebuilt"), said.toString());
    }

    @Test
    void twoRunsAtOnceNeverCorruptTheCache() throws Exception {
        SparkSession spark = TestSpark.session();
        Path export = dir.resolve("votes-export.csv");
        Files.writeString(export, "voter,thing,direction,date\n" + lines(0, 200));
        SourceLocation.CsvFile csv = new SourceLocation.CsvFile(Location.local(export));
        Location cacheDir = Location.local(dir.resolve("cache"));
        TableReader reader = new TableReader(spark);
        new ExportCache(spark, cacheDir, reader, s -> { }).rows("votes", csv, COLUMNS);
        Files.writeString(export, lines(200, 260), StandardOpenOption.APPEND);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> counts = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                try {
                    counts.add(new ExportCache(spark, cacheDir, reader, s -> { }).rows("votes", csv, COLUMNS).count());
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            runs.add(t);
            t.start();
        }
        for (Thread t : runs) t.join();
        assertEquals(List.of(), failures);
        assertEquals(List.of(260L, 260L), counts);
        ExportCache last = new ExportCache(spark, cacheDir, reader, s -> { });
        last.rows("votes", csv, COLUMNS);
        ExportCache.Manifest newest = ExportCache.newest(last.home("votes"));
        assertEquals(260, newest.linesParsed());
        assertSameRows(reader.csv(csv, COLUMNS), new ExportCache(spark, cacheDir, reader, s -> { }).rows("votes", csv, COLUMNS));
    }

    @Test
    void aRunThroughTheCacheAndARecheckThroughItFindWhatAParseOfTheExportFinds() throws Exception {
        io.cutover.postgres.PostgresServer pg = io.cutover.testing.TestPostgres.server();
        io.cutover.demo.DemoSpec world = io.cutover.demo.DemoSpec.of(io.cutover.demo.Scale.TINY, 73, 2, dir.resolve("world"))
                .withDatabases("ec_reddit", "ec_app").replacing();
        io.cutover.testing.TemplateWorlds.copy(world);
        Map<String, SourceLocation> sources = Map.of("votes", new SourceLocation.CsvFile(world.voteExport()));
        Location cacheDir = Location.local(dir.resolve("export-cache"));
        VerifySpec spec = new VerifySpec(io.cutover.mapping.Mapping.shipped(), sources,
                new SourceLocation.Database(pg, world.appDatabase()), List.of("postvote", "commentvote"), null, (Location) null,
                Location.local(dir.resolve("parsed")), 0, 64, 3, false, true, null);
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        io.cutover.cli.VerifyCommand.run(spec, new java.io.PrintStream(console));
        List<String> parsed = differences(dir.resolve("parsed"));
        assertFalse(parsed.isEmpty(), "the world's vote faults");

        io.cutover.cli.VerifyCommand.run(spec.withOutputDir(dir.resolve("cached-1")).withExportCache(cacheDir), new java.io.PrintStream(console));
        console.reset();
        io.cutover.cli.VerifyCommand.run(spec.withOutputDir(dir.resolve("cached-2")).withExportCache(cacheDir), new java.io.PrintStream(console));
        assertTrue(console.toString().contains("nothing appended"), console.toString());
        VerifySpec recheck = new VerifySpec(spec.mapping(), sources, spec.target(), spec.entities(), null,
                Location.local(dir.resolve("parsed")), Location.local(dir.resolve("recheck")), 0, 64, 3, false, true, null)
                .withExportCache(cacheDir);
        io.cutover.cli.VerifyCommand.run(recheck, new java.io.PrintStream(console));
        assertEquals(parsed, differences(dir.resolve("cached-1")), "built the cache");
        assertEquals(parsed, differences(dir.resolve("cached-2")), "read through the cache");
        assertEquals(parsed, differences(dir.resolve("recheck")), "a recheck through the cache");
    }

    private static List<String> differences(Path report) {
        return TestSpark.session().read().parquet(report.resolve("differences").toString())
                .selectExpr("concat_ws('|', entity, source, category, key, coalesce(column, ''), coalesce(old_value, '<null>'),"
                        + " coalesce(new_value, '<null>')) AS d")
                .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    }

    private static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
        List<String> a = expected.collectAsList().stream().map(Row::toString).sorted().toList();
        List<String> b = actual.selectExpr(expected.columns()).collectAsList().stream().map(Row::toString).sorted().toList();
        assertEquals(a, b);
    }
}

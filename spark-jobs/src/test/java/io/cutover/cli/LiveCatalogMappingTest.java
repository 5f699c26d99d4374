package io.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.MappingException;
import io.cutover.postgres.PostgresServer;
import io.cutover.storage.Location;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import io.cutover.verify.SourceLocation;
import io.cutover.verify.VerifyJob;
import io.cutover.verify.VerifySpec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mapping whose {@code app} schema is read from the live database ({@code app: {live: public}})
 * over the connections a command has: it validates as the DDL does, verify finds the same, and
 * what the database lacks is an error at the mapping's own line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveCatalogMappingTest {
    private static final String DDL_SCHEMA = "  app: [app.sql]\n";

    private final PostgresServer pg = TestPostgres.server();
    private DemoSpec world;
    private String shipped;
    @TempDir
    static Path dir;

    @BeforeAll
    void world() throws Exception {
        TestSpark.session();
        String name = "livecat_" + ProcessHandle.current().pid();
        world = DemoSpec.of(Scale.TINY, 26, 1, dir.resolve("world")).withDatabases(name + "_reddit", name + "_app").replacing();
        TemplateWorlds.copy(world);
        try (InputStream in = Mapping.class.getResourceAsStream("/io/cutover/mapping/" + Mapping.SHIPPED)) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(shipped.contains("\n" + DDL_SCHEMA), "the shipped mapping reads app from its DDL");
    }

    private Path mapping(String file, String databaseSchema) throws Exception {
        return Files.writeString(dir.resolve(file), shipped.replace("\n" + DDL_SCHEMA, "\n  app: {live: " + databaseSchema + "}\n"));
    }

    private LiveCatalogConnections connections() {
        return new LiveCatalogConnections(Map.of("reddit", "db:" + world.redditDatabase(), "mirror", "db:" + world.appDatabase()),
                "db:" + world.appDatabase(), pg);
    }

    @Test
    void aLiveSchemaValidatesAndVerifyFindsWhatTheDdlCatalogFinds() throws Exception {
        Mapping live = Mapping.load(mapping("live.yaml", "public"), connections());
        assertTrue(live.isLive("app"));
        assertFalse(live.isLive("reddit"));
        Mapping ddl = Mapping.shipped();
        assertEquals(ddl.catalog("app").tables().keySet(),
                new TreeSet<>(live.catalog("app").tables().keySet()).stream().filter(ddl.catalog("app").tables()::containsKey)
                        .collect(java.util.stream.Collectors.toSet()), "every DDL table is in the database");

        List<String> withDdl = verify(ddl, "ddl");
        List<String> withLive = verify(live, "live");
        assertFalse(withDdl.isEmpty(), "the world holds faults: verify must find them");
        assertEquals(withDdl, withLive);
    }

    @Test
    void aColumnTheLiveSchemaLacksIsAnErrorAtTheRule() throws Exception {
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS thin CASCADE");
            st.execute("CREATE SCHEMA thin");
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : tables) st.execute("CREATE TABLE thin." + t + " (LIKE public." + t + " INCLUDING ALL)");
            st.execute("ALTER TABLE thin.discussions_channel DROP COLUMN title");
        }
        Path file = mapping("thin.yaml", "thin");
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load(file, connections()));
        // the channel's title has a rule per source: the mirror's and Reddit's
        List<String> expected = new ArrayList<>();
        String[] lines = shipped.split("\n", -1);
        for (String rule : List.of("{new: title, old: title, transform: {coalesce: [name]}", "{new: title, key: title, transform: {coalesce: [name]}}")) {
            int line = 0;
            while (!lines[line].contains(rule)) line++;
            expected.add(file + ":" + (line + 1) + ":" + (lines[line].indexOf('{') + 1));
        }
        List<String> found = e.problems().stream().map(p -> p.location().toString()).toList();
        assertEquals(expected, found, e.getMessage());
        assertTrue(e.problems().stream().allMatch(p -> p.message().equals("unknown column 'discussions_channel.title'")), e.getMessage());
    }

    @Test
    void aLiveSchemaWithoutAConnectionIsAnErrorAtItsEntry() throws Exception {
        Path file = mapping("unconnected.yaml", "public");
        String[] lines = Files.readString(file).split("\n", -1);
        int line = 0;
        while (!lines[line].equals("  app: {live: public}")) line++;
        String at = file + ":" + (line + 1) + ":" + (lines[line].indexOf("public") + 1) + ": ";
        for (Runnable load : List.<Runnable>of(() -> Mapping.load(file),
                () -> Mapping.load(file, new LiveCatalogConnections(Map.of("reddit", "db:" + world.redditDatabase()),
                        "snapshot:" + dir, pg)))) {
            MappingException e = assertThrows(MappingException.class, load::run);
            assertTrue(e.getMessage().contains(at) && e.getMessage().contains("has no connection to it"), "expected at " + at + ":\n" + e.getMessage());
            assertFalse(e.getMessage().contains("unknown table"), "nothing else is reported:\n" + e.getMessage());
        }
    }

    private List<String> verify(Mapping mapping, String name) {
        Map<String, SourceLocation> sources = new LinkedHashMap<>();
        sources.put("reddit", new SourceLocation.Database(pg, world.redditDatabase()));
        sources.put("mirror", new SourceLocation.Database(pg, world.appDatabase()));
        sources.put("votes", new SourceLocation.CsvFile(world.voteExport()));
        Path out = dir.resolve("report-" + name);
        new VerifyJob(TestSpark.session(), new VerifySpec(mapping, sources, new SourceLocation.Database(pg, world.appDatabase()),
                List.of(), null, null, Location.local(out), 0, 64, 3, true, true, null), new PrintStream(new ByteArrayOutputStream())).run();
        List<String> found = new ArrayList<>();
        for (Row r : TestSpark.session().read().parquet(out.resolve("differences").toString())
                .selectExpr("concat_ws('|', entity, category, key, coalesce(column, ''), coalesce(old_value, '<null>'),"
                        + " coalesce(new_value, '<null>')) AS d").orderBy("d").collectAsList()) {
            found.add(r.getString(0));
        }
        return found;
    }
}

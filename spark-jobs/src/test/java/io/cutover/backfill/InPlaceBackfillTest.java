package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.cli.VerifyCommand;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.Design;
import io.cutover.demo.NewTables;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import io.cutover.verify.SourceLocation;
import io.cutover.verify.VerifySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backfill on the 2025 design, whose target is the app's own channels_* tables: on a world
 * whose added columns are still NULL and whose tree table is empty, every entity the mapping
 * allows is filled in place and the tree built, then verify with the same mapping finds 0
 * differences and a second run writes 0 rows. A row the app filled before the run keeps its
 * values (counted skipped); a row the app edits after the run's snapshot ends with the value its
 * edit gives; a mapping asking to fill a column a source reads writes nothing (exit 2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InPlaceBackfillTest {
    static final Path MAPPING = Path.of("../sql-rewriter/src/main/resources/io/cutover/mapping/open-discussions-2025.yaml");

    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;

    @BeforeAll
    void spark() {
        TestSpark.session();
    }

    private DemoSpec world(String name) {
        DemoSpec spec = DemoSpec.of(Scale.TINY, 11, 0, dir.resolve(name)).withDatabases(name + "_reddit", name + "_app").replacing()
                .withDesign(Design.D2025).withNewTables(NewTables.NONE);
        TemplateWorlds.copy(spec);
        return spec;
    }

    private Map<String, SourceLocation> sources(DemoSpec world) {
        Map<String, SourceLocation> sources = new LinkedHashMap<>();
        sources.put("reddit", new SourceLocation.Database(pg, world.redditDatabase()));
        sources.put("app", new SourceLocation.Database(pg, world.appDatabase()));
        return sources;
    }

    private BackfillRun run(DemoSpec world, Mapping mapping, String text, List<String> entities, PrintStream out) {
        return new BackfillRun(TestSpark.session(), new BackfillSpec(mapping, text, sources(world),
                new SourceLocation.Database(pg, world.appDatabase()), entities, BackfillOptions.DEFAULT), out);
    }

    private static String mappingText() {
        try {
            return Files.readString(MAPPING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theAddedColumnsAreFilledInPlaceAndTheTreeBuiltVerifyFindsNothingAndASecondRunWritesNothing() {
        DemoSpec world = world("ip_e2e");
        assertEquals("0", one(world, "SELECT count(*) FROM channels_comment WHERE reddit_id IS NOT NULL"));
        assertEquals("0", one(world, "SELECT count(*) FROM channels_commenttreenode"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Mapping mapping = Mapping.load(MAPPING);
        List<BackfillSummary> first = run(world, mapping, mappingText(), List.of(), out).run();
        Map<String, BackfillSummary> done = new LinkedHashMap<>();
        for (BackfillSummary s : first) done.put(s.entity(), s);
        assertTrue(List.copyOf(done.keySet()).containsAll(List.of("channel", "post", "comment", "trees")), printed.toString());
        for (String e : List.of("channel", "post", "comment")) {
            assertEquals(Long.parseLong(one(world, "SELECT count(*) FROM " + mapping.entity(e).orElseThrow().table())),
                    done.get(e).written(), done.get(e).line() + "\n" + printed);
        }
        assertEquals(Long.parseLong(one(world, "SELECT count(*) FROM channels_commenttreenode")), done.get("trees").written(),
                done.get("trees").line());
        assertEquals("0", one(world, "SELECT count(*) FROM channels_comment WHERE reddit_id IS NULL"));
        assertEquals("0", one(world, "SELECT count(*) FROM channels_post WHERE cached_plain_text IS NULL AND post_type <> 'link'"));
        // archived_on: one instant for the whole migration, in every row of every table
        assertEquals("1|0", one(world, "SELECT count(DISTINCT a) || '|' || count(*) FILTER (WHERE a IS NULL) FROM (SELECT archived_on a"
                + " FROM channels_channel UNION ALL SELECT archived_on FROM channels_post UNION ALL SELECT archived_on FROM channels_comment) x"));

        int exit = VerifyCommand.run(new VerifySpec(mapping, sources(world), new SourceLocation.Database(pg, world.appDatabase()),
                List.of(), null, null, io.cutover.storage.Location.local(dir.resolve("ip_e2e-report")), 0, 64, 3, true, true, null,
                null), out);
        assertEquals(ExitCode.OK, exit, printed.toString(StandardCharsets.UTF_8));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("tree channels_commenttreenode: "), "the tree check ran\n" + printed);

        List<BackfillSummary> again = run(world, mapping, mappingText(), List.of(), out).run();
        for (BackfillSummary s : again) assertEquals(0, s.written(), s.line());
    }

    @Test
    void aRowTheAppFilledIsKeptAndARowItEditsDuringTheRunEndsWithItsValue() {
        DemoSpec world = world("ip_app");
        String filled = one(world, "SELECT min(post_id) FROM channels_post");
        execute(world, "UPDATE channels_post SET reddit_id = 'app', cached_plain_text = 'the app''s own text' WHERE post_id = " + filled);
        String edited = one(world, "SELECT max(post_id) FROM channels_post WHERE post_type = 'self'");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Mapping mapping = Mapping.load(MAPPING);
        // the app edits a post's text after the run's snapshot, before its fill is written
        List<BackfillSummary> s = run(world, mapping, mappingText(), List.of("post"), out).afterSnapshot(() -> execute(world,
                "UPDATE channels_post SET text = 'edited by the app', updated_on = now() WHERE post_id = " + edited)).run();
        BackfillSummary post = s.get(0);
        assertEquals("app|the app's own text", one(world, "SELECT reddit_id || '|' || cached_plain_text FROM channels_post"
                + " WHERE post_id = " + filled));
        assertEquals(1, post.skipped(), post.line() + "\n" + printed);
        assertEquals(Long.parseLong(one(world, "SELECT count(*) FROM channels_post")) - 1, post.written(), post.line());
        assertEquals(1, post.reread(), post.line() + "\n" + printed);
        assertEquals("edited by the app", one(world, "SELECT cached_plain_text FROM channels_post WHERE post_id = " + edited));
    }

    @Test
    void aMappingAskingToFillAColumnASourceReadsIsRefusedNamingIt() {
        String newSql = "            new_sql: \"CASE WHEN n.post_type = 'article' THEN coalesce(n.text, '') ELSE n.text END\"\n";
        String text = mappingText();
        assertTrue(text.contains(newSql));
        // the post's text is the app's own, which the app source reads to give cached_plain_text
        String fillsText = text.replace(newSql, newSql + "            backfill: {in_place: true}\n");
        Mapping mapping = Mapping.load(MAPPING.toString(), fillsText);
        Map<String, SourceLocation> sources = new LinkedHashMap<>();
        sources.put("reddit", new SourceLocation.Database(pg, "ip_refused_reddit"));
        sources.put("app", new SourceLocation.Database(pg, "ip_refused_app"));
        // refused while the run checks its entities, before it connects to any database
        BackfillRun run = new BackfillRun(TestSpark.session(), new BackfillSpec(mapping, fillsText, sources,
                new SourceLocation.Database(pg, "ip_refused_app"), List.of("post"), BackfillOptions.DEFAULT),
                new PrintStream(new ByteArrayOutputStream()));
        CutoverException e = assertThrows(CutoverException.class, run::run);
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("channels_post.text") && e.getMessage().contains("source 'app' (entity post"),
                e.getMessage());
    }

    private void execute(DemoSpec world, String sql) {
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String one(DemoSpec world, String sql) {
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.cli.VerifyCommand;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.snapshot.SnapshotJob;
import io.cutover.snapshot.SnapshotSpec;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import io.cutover.verify.SourceLocation;
import io.cutover.verify.VerifySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * The backfill end to end on a tiny demo world whose new tables and comment trees were emptied
 * (keys and sequences kept): entity by entity from the old sources, the trees rebuilt from the
 * backfilled comments and the totals recounted, then verify finds 0 differences (tree checks
 * included), and a second run writes 0 rows; a mapping whose target a source reads writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillRunTest {
    private static final List<String> NEW_TABLES = List.of("discussions_channel", "discussions_post", "discussions_comment",
            "discussions_postvote", "discussions_commentvote");
    private static final List<String> TREES = List.of("discussions_newcommenttreenode", "discussions_oldcommenttreenode",
            "discussions_bestcommenttreenode");

    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;

    @BeforeAll
    void spark() {
        TestSpark.session();
    }

    private DemoSpec world(String name) {
        DemoSpec spec = DemoSpec.of(Scale.TINY, 11, 0, dir.resolve(name)).withDatabases(name + "_reddit", name + "_app").replacing();
        TemplateWorlds.copy(spec);
        return spec;
    }

    private Map<String, SourceLocation> sources(DemoSpec world) {
        Map<String, SourceLocation> sources = new LinkedHashMap<>();
        sources.put("reddit", new SourceLocation.Database(pg, world.redditDatabase()));
        sources.put("mirror", new SourceLocation.Database(pg, world.appDatabase()));
        sources.put("votes", new SourceLocation.CsvFile(world.outputDir().resolve("votes-export.csv")));
        return sources;
    }

    private BackfillSpec spec(DemoSpec world, Mapping mapping, String text, List<String> entities) {
        return new BackfillSpec(mapping, text, sources(world), new SourceLocation.Database(pg, world.appDatabase()), entities,
                BackfillOptions.DEFAULT);
    }

    private static String shippedText() {
        try (InputStream in = Mapping.class.getResourceAsStream("/io/cutover/mapping/" + Mapping.SHIPPED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empties the entities' new tables as a world before its backfill has them; TRUNCATE keeps keys and sequences. */
    private void empty(DemoSpec world) {
        execute(world, "TRUNCATE " + String.join(", ", NEW_TABLES) + ", " + String.join(", ", TREES));
    }

    @Test
    void emptiedNewTablesBackfilledEntityByEntityVerifyWithoutDifferencesAndASecondRunWritesNothing() {
        DemoSpec world = world("bf_e2e");
        empty(world);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Mapping mapping = Mapping.shipped();
        Map<String, BackfillSummary> done = new LinkedHashMap<>();
        for (String entity : List.of("channel", "post", "comment", "postvote", "commentvote", "trees")) {
            if (entity.equals("comment")) {
                // a stored total gone wrong in the new table (the old data counts this post right): recounted
                // once the comments it counts are loaded; the old data's own drift is left as copied
                execute(world, "UPDATE discussions_post SET num_comments = num_comments + 5 WHERE id = (SELECT min(p.post_id)"
                        + " FROM channels_post p WHERE coalesce(p.num_comments, 0) = (SELECT count(*) FROM channels_comment c"
                        + " WHERE c.post_id = p.id))");
            }
            List<BackfillSummary> s = new BackfillRun(TestSpark.session(), spec(world, mapping, shippedText(), List.of(entity)), out).run();
            assertEquals(entity, s.get(0).entity());
            assertTrue(s.get(0).written() > 0, entity + "\n" + printed);
            for (BackfillSummary x : s) done.put(x.entity(), x);
        }
        assertEquals(List.of("channel", "post", "comment", "post-num-comments", "postvote", "post-score-vs-votes", "commentvote",
                "trees"), List.copyOf(done.keySet()), printed.toString(StandardCharsets.UTF_8));
        assertEquals(1, done.get("post-num-comments").written(), done.get("post-num-comments").line());
        long nodes = Long.parseLong(one(world, "SELECT (SELECT count(*) FROM discussions_newcommenttreenode)"
                + " + (SELECT count(*) FROM discussions_oldcommenttreenode) + (SELECT count(*) FROM discussions_bestcommenttreenode)"));
        assertEquals(nodes, done.get("trees").written(), done.get("trees").line());

        int exit = VerifyCommand.run(new VerifySpec(mapping, sources(world), new SourceLocation.Database(pg, world.appDatabase()),
                List.of(), null, null, io.cutover.storage.Location.local(dir.resolve("bf_e2e-report")), 0, 64, 3, true, true, null,
                null), out);
        assertEquals(ExitCode.OK, exit, printed.toString(StandardCharsets.UTF_8));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("tree bestcommenttreenode: "), "the tree checks ran\n" + printed);

        List<BackfillSummary> again = new BackfillRun(TestSpark.session(), spec(world, mapping, shippedText(), List.of()), out).run();
        assertEquals(List.of("channel", "post", "comment", "postvote", "commentvote", "trees", "post-score-vs-votes",
                "post-num-comments"), again.stream().map(BackfillSummary::entity).toList());
        for (BackfillSummary s : again) assertEquals(0, s.written(), s.line());
    }

    @Test
    void anOldRowTheAppEditsAfterTheBackfillReadItEndsWithTheAppsValue() {
        DemoSpec world = world("bf_race");
        execute(world, "TRUNCATE " + String.join(", ", NEW_TABLES) + ", " + String.join(", ", TREES));
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        Mapping mapping = Mapping.shipped();
        new BackfillRun(TestSpark.session(), spec(world, mapping, shippedText(), List.of("channel")), out).run();
        String post = one(world, "SELECT min(post_id) FROM channels_post");
        // The backfill has read the posts (its snapshot is taken); the app then edits one: Reddit
        // first, then the mirror, and its UPDATE of discussions_post finds no row yet.
        Runnable appEdit = () -> {
            try (Connection r = pg.connect(world.redditDatabase()); Statement st = r.createStatement()) {
                st.execute("UPDATE reddit_data_link SET value = 'the app''s title' WHERE thing_id = " + post + " AND key = 'title'");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            execute(world, "BEGIN; UPDATE channels_post SET title = 'the app''s title', updated_on = now() WHERE post_id = " + post
                    + "; UPDATE discussions_post SET title = 'the app''s title' WHERE id = " + post + "; COMMIT");
        };
        List<BackfillSummary> s = new BackfillRun(TestSpark.session(), spec(world, mapping, shippedText(), List.of("post")), out)
                .afterSnapshot(appEdit).run();
        assertEquals("the app's title", one(world, "SELECT title FROM discussions_post WHERE id = " + post));
        assertEquals(1, s.get(0).reread(), s.get(0).line());
    }

    @Test
    void aCommittedSnapshotDirectoryRebuildsEmptiedNewTables() {
        DemoSpec world = world("bf_snap");
        SnapshotJob.run(TestSpark.session(), pg, SnapshotSpec.of(dir.resolve("bf_snap-backup"), List.of(
                        new SnapshotSpec.DatabaseSelection(world.redditDatabase(), List.of()),
                        new SnapshotSpec.DatabaseSelection(world.appDatabase(), List.of()))).withSnapshotId("s1"),
                new PrintStream(new ByteArrayOutputStream()));
        Path backup = dir.resolve("bf_snap-backup").resolve("s1");
        execute(world, "TRUNCATE " + String.join(", ", NEW_TABLES) + ", " + String.join(", ", TREES));
        Map<String, SourceLocation> fromBackup = new LinkedHashMap<>();
        fromBackup.put("reddit", new SourceLocation.Snapshot(backup.resolve(world.redditDatabase())));
        fromBackup.put("mirror", new SourceLocation.Snapshot(backup.resolve(world.appDatabase())));
        fromBackup.put("votes", new SourceLocation.CsvFile(world.outputDir().resolve("votes-export.csv")));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Mapping mapping = Mapping.shipped();
        List<BackfillSummary> s = new BackfillRun(TestSpark.session(), new BackfillSpec(mapping, shippedText(), fromBackup,
                new SourceLocation.Database(pg, world.appDatabase()), List.of(), BackfillOptions.DEFAULT), out).run();
        assertEquals(List.of("channel", "post", "comment", "postvote", "commentvote", "trees", "post-score-vs-votes",
                "post-num-comments"), s.stream().map(BackfillSummary::entity).toList(), printed.toString(StandardCharsets.UTF_8));
        int exit = VerifyCommand.run(new VerifySpec(mapping, sources(world), new SourceLocation.Database(pg, world.appDatabase()),
                List.of(), null, null, io.cutover.storage.Location.local(dir.resolve("bf_snap-report")), 0, 64, 3, true, true, null,
                null), out);
        assertEquals(ExitCode.OK, exit, printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMappingWhoseTargetASourceReadsIsRefusedAndNothingIsWritten() {
        DemoSpec world = world("bf_bad");
        empty(world);
        String text = shippedText().replace("- {new: banner, old: banner}",
                "- {new: banner, old: banner, sql: \"(SELECT max(x.banner) FROM discussions_channel x WHERE x.name = o.name)\"}");
        Mapping mapping = Mapping.load("bad.yaml", text);
        CutoverException e = assertThrows(CutoverException.class, () -> new BackfillRun(TestSpark.session(),
                spec(world, mapping, text, List.of()), new PrintStream(new ByteArrayOutputStream())).run());
        assertEquals(ExitCode.USAGE, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("discussions_channel"), e.getMessage());
        assertEquals("0", one(world, "SELECT count(*) FROM discussions_channel"));
        assertEquals("f", one(world, "SELECT to_regclass('cutover_backfill') IS NOT NULL"));
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

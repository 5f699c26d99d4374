package io.cutover.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.NewTables;
import io.cutover.demo.Scale;
import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The silo order on a real tiny world: a world whose new tables hold channels and posts only,
 * then the app's traffic dual-writing channels and posts while the posts' backfill is not done.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiloOrderTest {
    private static final List<String> AFTER_POSTS = List.of("discussions_comment", "discussions_postvote",
            "discussions_commentvote", "discussions_newcommenttreenode", "discussions_oldcommenttreenode",
            "discussions_bestcommenttreenode");
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;
    private DemoSpec world;
    private Set<Long> faultedPosts;

    @BeforeAll
    void world() throws Exception {
        world = DemoSpec.of(Scale.TINY, 7, 1, dir.resolve("silo")).withDatabases("silo_reddit", "silo_app").replacing()
                .withNewTables(NewTables.POSTS);
        DemoWorld.generate(pg, world, new PrintStream(new ByteArrayOutputStream()));
        faultedPosts = new HashSet<>();
        for (JsonNode f : new ObjectMapper().readTree(world.groundTruth().toFile()).path("faults")) {
            if (f.path("entity").asText().equals("post")) faultedPosts.add(f.path("key").path("id").asLong());
        }
    }

    @Test
    void aWorldAtThePostsStageHoldsChannelsAndPostsAndTheRestEmptyWithKeysAndIdentities() throws Exception {
        JsonNode made = new ObjectMapper().readTree(world.outputDir().resolve("world.json").toFile());
        assertEquals("posts", made.path("newTables").asText());
        try (Connection app = pg.connect(world.appDatabase())) {
            assertTrue(count(app, "SELECT count(*) FROM discussions_channel") > 0);
            assertTrue(count(app, "SELECT count(*) FROM discussions_post") > 0);
            assertTrue(count(app, "SELECT count(*) FROM channels_comment") > 0, "the old side holds everything");
            for (String table : AFTER_POSTS) {
                assertEquals(0, count(app, "SELECT count(*) FROM " + table), table);
                assertTrue(count(app, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
                        + " WHERE c.relname = '" + table + "' AND i.indisprimary") == 1, table + " primary key");
                try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT pg_get_serial_sequence('" + table + "', 'id')")) {
                    rs.next();
                    assertNotNull(rs.getString(1), table + " identity");
                }
            }
            assertEquals(1, count(app, "SELECT count(*) FROM pg_constraint WHERE conname = 'discussions_bestcommenttreenode_path_key'"));
            assertEquals(1, count(app, "SELECT count(*) FROM pg_indexes WHERE indexname = 'discussions_comment_post_id_idx'"));
        }
        // Faults only where the new tables hold the entity, and no tree rule named while the trees are empty.
        JsonNode truth = new ObjectMapper().readTree(world.groundTruth().toFile());
        assertFalse(truth.path("faults").isEmpty());
        for (JsonNode f : truth.path("faults")) {
            assertTrue(Set.of("post", "channel").contains(f.path("entity").asText()), f.toString());
            for (JsonNode note : f.path("affects")) assertFalse(note.asText().startsWith("tree "), f.toString());
        }
    }

    @Test
    void trafficDualWritingChannelsAndPostsLeavesCommentsAndVotesOldAndAnExactTruth() throws Exception {
        List<Long> notBackfilled;
        long oldComments, newPosts;
        try (Connection app = pg.connect(world.appDatabase()); Statement st = app.createStatement()) {
            // The posts' backfill has not reached every post yet: a third of them are not in the new tables.
            notBackfilled = ids(app, "SELECT id FROM discussions_post WHERE id % 3 = 0 ORDER BY id");
            st.execute("DELETE FROM discussions_post WHERE id % 3 = 0");
            oldComments = count(app, "SELECT count(*) FROM channels_comment");
            assertEquals(Set.of(), differences(app), "the world's posts agree before the traffic");
            newPosts = count(app, "SELECT count(*) FROM discussions_post");
        }
        TrafficSpec spec = TrafficSpec.of(world, 300, 1, 5).withLost(10).withDualWrites(DualWrites.parse("channel,post"));
        TrafficReport report = Traffic.start(pg, spec).awaitDone();

        assertEquals(300, report.done());
        assertEquals("channel,post", report.dualWrite());
        assertTrue(report.counts().getOrDefault("new_comment_top_level", 0L) + report.counts().getOrDefault("new_comment_reply", 0L) > 0);
        assertTrue(report.absentNewRows() > 0, "edits of posts the backfill has not reached: " + report.absentNewRows());
        try (Connection app = pg.connect(world.appDatabase())) {
            for (String table : AFTER_POSTS) assertEquals(0, count(app, "SELECT count(*) FROM " + table), table);
            assertTrue(count(app, "SELECT count(*) FROM channels_comment") > oldComments, "comments reach the old side");
            assertTrue(count(app, "SELECT count(*) FROM discussions_post") > newPosts, "new posts reach the new side");
            // An edit of a post not there yet updated 0 rows: none of them came back.
            assertEquals(0, count(app, "SELECT count(*) FROM discussions_post WHERE id % 3 = 0 AND id <= "
                    + notBackfilled.get(notBackfilled.size() - 1)));

            // The truth: exactly the posts the new side holds wrong or lacks (once the old ones are backfilled).
            Set<String> expected = new TreeSet<>();
            for (TruthEntry e : report.truth()) {
                assertTrue(e.entity().equals("post"), "only the dual-written posts: " + e);
                long id = ((Number) e.key().get("id")).longValue();
                if (e.column() == null) expected.add(id + "|" + e.category());
                else if (COMPARED.contains(e.column())) expected.add(id + "|" + e.column());
            }
            assertFalse(expected.isEmpty(), "lost and damaged post writes: " + report.truth());
            Set<String> found = differences(app);
            Set<Long> traffic = new HashSet<>(notBackfilled);
            for (long id : ids(app, "SELECT o.post_id FROM channels_post o LEFT JOIN discussions_post n ON n.id = o.post_id"
                    + " WHERE n.id IS NULL ORDER BY 1")) {
                if (!traffic.contains(id)) found.add(id + "|missing_in_new");
            }
            assertEquals(expected, found);
        }
    }

    /** Columns the mirror and the new table hold alike (the mirror's score is Reddit's, not the new one's). */
    private static final List<String> COMPARED = List.of("title", "text", "num_comments", "edited", "removed", "deleted");

    /** The posts' columns where the new table disagrees with the mirror, away from the injected faults. */
    private Set<String> differences(Connection app) throws SQLException {
        Set<String> found = new TreeSet<>();
        for (String column : COMPARED) {
            for (long id : ids(app, "SELECT o.post_id FROM channels_post o JOIN discussions_post n ON n.id = o.post_id"
                    + " WHERE NOT (o.post_id = ANY(ARRAY" + faultedPosts + "::bigint[]))"
                    + " AND o." + column + " IS DISTINCT FROM n." + column + " ORDER BY 1")) {
                found.add(id + "|" + column);
            }
        }
        return found;
    }

    @Test
    void everythingDualWrittenBeforeTheCommentsAndVotesAreBackfilledLeavesTruthOnlyOnRowsThere() throws Exception {
        DemoSpec comments = DemoSpec.of(Scale.TINY, 8, 0, dir.resolve("silo-comments"))
                .withDatabases("silo_c_reddit", "silo_c_app").replacing().withNewTables(NewTables.COMMENTS);
        DemoWorld.generate(pg, comments, new PrintStream(new ByteArrayOutputStream()));
        try (Connection app = pg.connect(comments.appDatabase()); Statement st = app.createStatement()) {
            // The comments' backfill has not reached every comment yet.
            st.execute("DELETE FROM discussions_comment c WHERE id % 4 = 0"
                    + " AND NOT EXISTS (SELECT 1 FROM discussions_comment r WHERE r.parent_id = c.id)");
        }

        TrafficReport report = Traffic.start(pg, TrafficSpec.of(comments, 300, 1, 9).withLost(15)).awaitDone();

        assertEquals(300, report.done());
        assertTrue(report.absentNewRows() > 0, "edits of comments not backfilled yet");
        try (Connection app = pg.connect(comments.appDatabase())) {
            // Only the traffic's own votes are there, each a row the app inserted.
            assertTrue(count(app, "SELECT count(*) FROM discussions_postvote") + count(app, "SELECT count(*) FROM discussions_commentvote") > 0);
            assertTrue(count(app, "SELECT count(*) FROM discussions_newcommenttreenode") > 0, "the trees follow the comments written");
            for (TruthEntry e : report.truth()) {
                if (!e.entity().endsWith("vote") || e.category().equals("missing_in_new")) continue;
                // extra or changed: the row must be one the new side holds (a vote the traffic itself cast)
                String table = "discussions_" + e.entity();
                String thing = e.entity().equals("postvote") ? "post_id" : "comment_id";
                assertEquals(1, count(app, "SELECT count(*) FROM " + table + " v JOIN auth_user u ON u.id = v.voter_id WHERE v."
                        + thing + " = " + e.key().get(thing) + " AND u.username = '" + e.key().get("voter_id") + "'"), e.toString());
            }
        }
    }

    @Test
    void anEntityTheNewTablesHoldMustBeDualWritten() {
        CutoverException e = assertThrows(CutoverException.class, () -> Traffic.start(pg,
                TrafficSpec.of(world, 10, 1, 5).withDualWrites(DualWrites.parse("channel"))));
        assertTrue(e.getMessage().contains("--dual-write") && e.getMessage().contains("discussions_post"), e.getMessage());
        CutoverException bad = assertThrows(CutoverException.class, () -> DualWrites.parse("channel,posting"));
        assertTrue(bad.getMessage().contains("posting"), bad.getMessage());
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Long> ids(Connection c, String sql) throws SQLException {
        List<Long> ids = new java.util.ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) ids.add(rs.getLong(1));
        }
        return ids;
    }
}

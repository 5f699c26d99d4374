package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.TreeSpec;
import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree step is checkpointed like an entity: a chunk that cannot take a post's lock (the app
 * holds it past the lock timeout) rolls back and stops the run (exit 3) naming its keys, with the
 * chunks before it committed and counted; run again, it continues after them and the trees end as
 * the demo built them; a finished step writes nothing.
 */
class TreeStepTest {
    private final PostgresServer pg = TestPostgres.server();

    @TempDir
    Path dir;

    @Test
    void aChunkStoppedByTheAppsLockRollsBackAndARestartContinuesAfterTheCommittedChunks() throws SQLException {
        DemoSpec world = DemoSpec.of(Scale.TINY, 5, 0, dir.resolve("w")).withDatabases("ts_reddit", "ts_app").replacing();
        TemplateWorlds.copy(world);
        TreeSpec trees = Mapping.shipped().commentTrees().orElseThrow();
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            for (TreeSpec.Table t : trees.tables()) {
                st.execute("CREATE TABLE kept_" + t.table() + " AS SELECT path, depth, numchild, " + t.sort() + ", post_id, comment_id FROM "
                        + t.table());
                st.execute("TRUNCATE " + t.table());
            }
        }
        BackfillOptions options = BackfillOptions.DEFAULT.withLockTimeout(Duration.ofMillis(300))
                .withChunkSizer(new ChunkSizer(40, 40, 40, Duration.ofMillis(500)));   // 4 to 8 posts a chunk
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        DerivedStep step = new DerivedStep(pg, world.appDatabase(), "digest", "run", options, out);

        String blocked;
        try (Connection app = pg.connect(world.appDatabase()); Statement st = app.createStatement()) {
            blocked = one(app, "SELECT id FROM discussions_post ORDER BY id OFFSET 9 LIMIT 1");
            app.setAutoCommit(false);
            st.executeQuery("SELECT 1 FROM discussions_post WHERE id = " + blocked + " FOR NO KEY UPDATE").close();
            CutoverException e = assertThrows(CutoverException.class, () -> step.run(new TreeStep(trees, out)));
            assertEquals(ExitCode.FAILURE, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("chunk id ") && e.getMessage().contains("lock_timeout"), e.getMessage());
            app.rollback();
        }
        try (Connection c = pg.connect(world.appDatabase())) {
            String last = one(c, "SELECT last_key[1] FROM cutover_backfill WHERE entity = 'trees'");
            assertTrue(last != null && Long.parseLong(last) < Long.parseLong(blocked), last + " before " + blocked);
            assertEquals(one(c, "SELECT count(*) FROM discussions_post WHERE id <= " + last),
                    one(c, "SELECT count(DISTINCT post_id) FROM discussions_newcommenttreenode"),
                    "the chunks before the blocked post are committed, and only they");
        }

        BackfillSummary resumed = step.run(new TreeStep(trees, out));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("backfill trees: resuming after id = "), printed.toString());
        assertTrue(resumed.written() > 0, resumed.line());
        try (Connection c = pg.connect(world.appDatabase())) {
            for (TreeSpec.Table t : trees.tables()) {
                String columns = "path, depth, numchild, " + t.sort() + ", post_id, comment_id";
                assertEquals("0", one(c, "SELECT count(*) FROM ((SELECT " + columns + " FROM " + t.table() + " EXCEPT ALL SELECT * FROM kept_"
                        + t.table() + ") UNION ALL (SELECT * FROM kept_" + t.table() + " EXCEPT ALL SELECT " + columns + " FROM " + t.table()
                        + ")) d"), t.table());
            }
        }
        BackfillSummary again = step.run(new TreeStep(trees, out));
        assertTrue(again.alreadyFinished(), again.line());
        assertEquals(0, again.written());
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

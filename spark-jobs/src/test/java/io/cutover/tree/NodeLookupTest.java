package io.cutover.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.cutover.tree.TreeWorld.keepAndEmpty;
import static io.cutover.tree.TreeWorld.posts;
import static io.cutover.tree.TreeWorld.single;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.TreeSpec;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a chunk finds its nodes in tree tables without an index on post_id (the 2020 DDL): through
 * the indexes they have, never a scan of the table (which made every chunk cost more as the
 * tables filled); a root the app writes for a new post after the run began is found, not doubled;
 * and a table indexed by post, or one whose path index does not sort paths as their steps, is
 * read the way its indexes allow, the latter with the advice of the index to create.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeLookupTest {
    private final PostgresServer pg = TestPostgres.server();
    private final TreeSpec trees = Mapping.shipped().commentTrees().orElseThrow();

    @TempDir
    static Path dir;

    /**
     * On the demo's trees, all right already: each chunk fetches about its own nodes (a read by
     * post_id, without an index on it, reads every node of the three tables for every chunk).
     */
    @Test
    void aChunkReadsItsNodesThroughTheIndexesAndNeverScansATreeTable() throws SQLException {
        DemoSpec world = TreeWorld.copy(dir, "lookup_index");
        String tables = "relname IN ('discussions_newcommenttreenode', 'discussions_oldcommenttreenode', 'discussions_bestcommenttreenode')";
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            List<Long> posts = posts(c);
            CommentTreeSync sync = new CommentTreeSync(trees);
            c.setAutoCommit(false);
            sync.bring(c, posts.subList(0, 5));   // the first call reads the run's catalogue of roots: one scan
            // the session's counts so far are flushed when the transaction ends: the next one counts from 0
            st.execute("SELECT pg_stat_force_next_flush()");
            c.commit();
            for (int i = 5; i < posts.size(); i += 5) {
                // a table this small is cheaper to scan: here the planner scans only where it must, as a
                // read by post_id without an index on it must (the table, or all of an index)
                st.execute("SET LOCAL enable_seqscan = off");
                List<Long> chunk = posts.subList(i, Math.min(posts.size(), i + 5));
                TreeChanges changes = sync.bring(c, chunk);
                assertEquals(0, changes.written(), changes.toString());
                String counts = single(c, "SELECT coalesce(sum(seq_scan), 0) || ' ' || coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0)"
                        + " FROM pg_stat_xact_user_tables WHERE " + tables);
                String in = chunk.toString().replace('[', '(').replace(']', ')');
                long own = Long.parseLong(single(c, "SELECT (SELECT count(*) FROM discussions_newcommenttreenode WHERE post_id IN " + in
                        + ") + (SELECT count(*) FROM discussions_oldcommenttreenode WHERE post_id IN " + in
                        + ") + (SELECT count(*) FROM discussions_bestcommenttreenode WHERE post_id IN " + in + ")"));
                assertEquals("0", counts.split(" ")[0], "scans of the tree tables by the chunk of posts " + chunk);
                long fetched = Long.parseLong(counts.split(" ")[1]);
                assertTrue(fetched <= own + 12, "the chunk of posts " + chunk + " fetched " + fetched + " nodes, its own are " + own);
                st.execute("SELECT pg_stat_force_next_flush()");
                c.commit();
            }
            c.setAutoCommit(true);
            assertTrue(sync.advice().isEmpty(), sync.advice().toString());
        }
    }

    /**
     * The app gives a new post its roots at the step after every step in use, before any of its
     * comments has a node (the silo order: posts dual-written, comments backfilled): written after
     * the run read its catalogue, that root is found by the chunk that holds the post.
     */
    @Test
    void aRootTheAppWritesAfterTheRunBeganIsFoundAndNotDoubled() throws SQLException {
        DemoSpec world = TreeWorld.copy(dir, "lookup_new");
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            keepAndEmpty(st, trees);
            List<Long> posts = posts(c);
            long late = Long.parseLong(single(c, "SELECT max(post_id) FROM discussions_comment"));
            List<Long> others = new ArrayList<>(posts);
            others.remove(late);
            CommentTreeSync sync = new CommentTreeSync(trees);
            c.setAutoCommit(false);
            sync.bring(c, others.subList(0, 10));
            c.commit();
            c.setAutoCommit(true);
            PathSteps steps = MaterializedPaths.of(trees).steps();
            String step = single(c, "SELECT max(left(path, 4) COLLATE \"C\") FROM (SELECT path FROM discussions_newcommenttreenode"
                    + " UNION ALL SELECT path FROM discussions_oldcommenttreenode UNION ALL SELECT path FROM discussions_bestcommenttreenode) p");
            String appRoot = steps.step(steps.number(step) + 1);
            for (TreeSpec.Table t : trees.tables()) {
                st.execute("INSERT INTO " + t.table() + " (path, depth, numchild, post_id) VALUES ('" + appRoot + "', 1, 0, " + late + ")");
            }
            c.setAutoCommit(false);
            for (int i = 10; i < others.size(); i += 7) {
                sync.bring(c, others.subList(i, Math.min(others.size(), i + 7)));
                c.commit();
            }
            sync.bring(c, List.of(late));
            c.commit();
            c.setAutoCommit(true);
            for (TreeSpec.Table t : trees.tables()) {
                assertEquals(appRoot, single(c, "SELECT string_agg(path, ',') FROM " + t.table() + " WHERE depth = 1 AND post_id = " + late),
                        t.table() + ": the app's root, and no second one");
                assertEquals("0", single(c, "SELECT count(*) FROM " + t.table() + " WHERE post_id = " + late + " AND comment_id IS NOT NULL"
                        + " AND left(path, 4) <> '" + appRoot + "'"), t.table() + ": the post's nodes hang under the app's root");
                assertEquals("0", single(c, "SELECT count(*) FROM (SELECT post_id FROM " + t.table() + " WHERE depth = 1"
                        + " GROUP BY post_id HAVING count(*) > 1) d"), t.table() + ": one root a post");
            }
            for (TreeSpec.Table t : trees.tables()) {
                // the demo's tree of the post, under the app's root
                String columns = "substr(path, 5), depth, numchild, " + t.sort() + ", post_id, comment_id";
                String now = "SELECT " + columns + " FROM " + t.table() + " WHERE post_id = " + late;
                String kept = "SELECT " + columns + " FROM kept_" + t.table() + " WHERE post_id = " + late;
                assertEquals("0", single(c, "SELECT count(*) FROM ((" + now + " EXCEPT ALL " + kept + ") UNION ALL (" + kept + " EXCEPT ALL "
                        + now + ")) d"), t.table());
            }
        }
    }

    @Test
    void eachTableIsReadAsItsIndexesAllowAndAScanComesWithTheIndexToCreate() throws SQLException {
        DemoSpec world = TreeWorld.copy(dir, "lookup_modes");
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            st.execute("CREATE INDEX new_by_post ON discussions_newcommenttreenode (post_id)");
            // a linguistic collation: 'a' sorts before 'B', paths do not sort as their steps
            st.execute("ALTER TABLE discussions_bestcommenttreenode ALTER COLUMN path TYPE varchar(255) COLLATE \"und-x-icu\"");
            PathSteps steps = MaterializedPaths.of(trees).steps();
            TreeTable byPost = new TreeTable(trees.tables().get(0)), byPath = new TreeTable(trees.tables().get(1)),
                    scanned = new TreeTable(trees.tables().get(2));
            assertTrue(byPost.indexedByPost(c));
            assertFalse(byPath.indexedByPost(c));
            assertTrue(byPath.pathSortsAsSteps(c, steps));
            assertFalse(scanned.indexedByPost(c));
            assertFalse(scanned.pathSortsAsSteps(c, steps));

            keepAndEmpty(st, trees);
            List<Long> posts = posts(c);
            CommentTreeSync sync = new CommentTreeSync(trees);
            c.setAutoCommit(false);
            for (int i = 0; i < posts.size(); i += 6) {
                sync.bring(c, posts.subList(i, Math.min(posts.size(), i + 6)));
                c.commit();
            }
            c.setAutoCommit(true);
            assertEquals(List.of("discussions_bestcommenttreenode has no index on post_id, and its paths do not sort as their steps in an"
                    + " index: each chunk scans it. An index would let it read the chunk's nodes by post: CREATE INDEX CONCURRENTLY"
                    + " \"discussions_bestcommenttreenode_post_id_idx\" ON \"discussions_bestcommenttreenode\" (post_id);"), sync.advice());
            assertAsKept(c);
        }
    }

    /** Every tree table holds exactly the rows the demo wrote. */
    private void assertAsKept(Connection c) throws SQLException {
        for (TreeSpec.Table t : trees.tables()) {
            String columns = "path::text, depth, numchild, " + t.sort() + ", post_id, comment_id";
            assertEquals("0", single(c, "SELECT count(*) FROM ((SELECT " + columns + " FROM " + t.table() + " EXCEPT ALL SELECT * FROM kept_"
                    + t.table() + ") UNION ALL (SELECT * FROM kept_" + t.table() + " EXCEPT ALL SELECT " + columns + " FROM " + t.table()
                    + ")) d"), t.table() + " rebuilt to the demo's rows");
        }
    }
}

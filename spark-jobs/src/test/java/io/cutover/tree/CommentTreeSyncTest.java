package io.cutover.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.cutover.tree.TreeWorld.keepAndEmpty;
import static io.cutover.tree.TreeWorld.posts;
import static io.cutover.tree.TreeWorld.single;

import io.cutover.demo.CommentTrees;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.mapping.FilePosition;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.TreeSpec;
import io.cutover.postgres.PostgresServer;
import io.cutover.schema.SchemaScript;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree builder and its writer on real worlds: on a demo world it gives exactly the rows of
 * the demo's own builder ({@link CommentTrees}, the reference), rebuilds emptied tree tables to
 * the very rows the demo wrote, writes nothing when they are right and only what changed when a
 * comment moves; and the same code builds the 2025 design's one tree table, described by the
 * mapping (parent by Reddit id, two sort columns), to the rows an independent SQL build gives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommentTreeSyncTest {
    private static final FilePosition AT = new FilePosition("test.yaml", 1, 1);
    private final PostgresServer pg = TestPostgres.server();
    private final TreeSpec trees = Mapping.shipped().commentTrees().orElseThrow();

    @TempDir
    static Path dir;

    @Test
    void theBuilderGivesExactlyTheDemoBuildersRowsForEveryPostOfADemoWorld() throws SQLException {
        DemoSpec world = TreeWorld.copy(dir, "tree_ref");
        MaterializedPaths builder = MaterializedPaths.of(trees);
        int compared = 0;
        try (Connection c = pg.connect(world.appDatabase())) {
            c.setAutoCommit(false);
            Map<Long, PostComments> posts = new PostCommentsQuery(trees).read(c, posts(c));
            for (PostComments post : posts.values()) {
                for (TreeSpec.Table table : trees.tables()) {
                    String root = single(c, "SELECT path FROM " + table.table() + " WHERE post_id = " + post.postId() + " AND depth = 1");
                    List<TreeNode> reference = reference(CommentTrees.Tree.valueOf(tree(table)), root, post);
                    assertEquals(reference, builder.build(table, root, post), table.table() + " of post " + post.postId());
                    assertEquals(stored(c, table, post.postId()), reference, "the demo world holds what its builder gives");
                    compared += reference.size();
                }
            }
            c.rollback();
        }
        assertTrue(compared > 100, "a world with threads: " + compared + " nodes");
    }

    @Test
    void emptiedTreesAreRebuiltToTheDemosRowsThenNothingIsWrittenAndAMovedCommentChangesOnlyItsPlaces() throws SQLException {
        DemoSpec world = TreeWorld.copy(dir, "tree_sync");
        CommentTreeSync sync = new CommentTreeSync(trees);
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            keepAndEmpty(st, trees);
            List<Long> posts = posts(c);
            TreeChanges built = bringInChunks(sync, c, posts, 5);
            assertEquals(posts.size(), built.posts());
            for (TreeSpec.Table t : trees.tables()) {
                assertEquals("0", single(c, "SELECT count(*) FROM ((SELECT path, depth, numchild, " + t.sort() + ", post_id, comment_id FROM "
                        + t.table() + " EXCEPT ALL SELECT * FROM kept_" + t.table() + ") UNION ALL (SELECT * FROM kept_" + t.table()
                        + " EXCEPT ALL SELECT path, depth, numchild, " + t.sort() + ", post_id, comment_id FROM " + t.table() + ")) d"),
                        t.table() + " rebuilt to the demo's rows");
            }
            long nodes = Long.parseLong(single(c, "SELECT (SELECT count(*) FROM discussions_newcommenttreenode)"
                    + " + (SELECT count(*) FROM discussions_oldcommenttreenode) + (SELECT count(*) FROM discussions_bestcommenttreenode)"));
            assertEquals(nodes, built.inserted(), built.toString());

            TreeChanges again = bringInChunks(new CommentTreeSync(trees), c, posts, 50);
            assertEquals(0, again.written(), again.toString());
            assertEquals(nodes, again.unchanged(), again.toString());

            // The lowest-scored top-level comment of a post with several becomes its best: it moves to the
            // first place of the best tree (it and its siblings in between move), nothing else changes.
            String post = single(c, "SELECT post_id FROM discussions_comment WHERE parent_id IS NULL GROUP BY post_id"
                    + " HAVING count(*) >= 3 ORDER BY post_id LIMIT 1");
            String comment = single(c, "SELECT id FROM discussions_comment WHERE post_id = " + post + " AND parent_id IS NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM discussions_comment r WHERE r.parent_id = discussions_comment.id)"
                    + " ORDER BY score, id DESC LIMIT 1");
            if (comment == null) comment = single(c, "SELECT id FROM discussions_comment WHERE post_id = " + post
                    + " AND parent_id IS NULL ORDER BY score, id DESC LIMIT 1");
            st.execute("UPDATE discussions_comment SET score = 1000000 WHERE id = " + comment);
            TreeChanges moved = sync.bringPost(c, Long.parseLong(post), Duration.ofSeconds(2));
            assertTrue(moved.written() > 0 && moved.written() < 200, moved.toString());
            assertEquals(single(c, "SELECT path FROM discussions_bestcommenttreenode WHERE depth = 1 AND post_id = " + post)
                    + "0001", single(c, "SELECT path FROM discussions_bestcommenttreenode WHERE comment_id = " + comment));
            c.setAutoCommit(false);
            PostComments now = new PostCommentsQuery(trees).read(c, List.of(Long.parseLong(post))).get(Long.parseLong(post));
            for (TreeSpec.Table t : trees.tables()) {
                String root = single(c, "SELECT path FROM " + t.table() + " WHERE post_id = " + post + " AND depth = 1");
                assertEquals(reference(CommentTrees.Tree.valueOf(tree(t)), root, now), stored(c, t, Long.parseLong(post)), t.table());
            }
            c.rollback();
        }
    }

    /**
     * Damage of the kinds verify reports (a root lost, a node moved under another post's root, a
     * second root, a wrong numchild, a wrong stored sort value, a node of no comment) is brought
     * back to exactly the demo's rows, and only the damaged posts' nodes are written.
     */
    @Test
    void damagedTreesAreBroughtBackToTheDemosRows() throws SQLException {
        DemoSpec world = TreeWorld.copy(dir, "tree_fix");
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            for (TreeSpec.Table t : trees.tables()) {
                st.execute("CREATE TABLE kept_" + t.table() + " AS SELECT path, depth, numchild, " + t.sort() + ", post_id, comment_id FROM "
                        + t.table());
            }
            long p = Long.parseLong(single(c, "SELECT min(post_id) FROM discussions_comment"));
            long q = Long.parseLong(single(c, "SELECT max(post_id) FROM discussions_comment"));
            String qRoot = single(c, "SELECT path FROM discussions_oldcommenttreenode WHERE depth = 1 AND post_id = " + q);
            st.execute("DELETE FROM discussions_newcommenttreenode WHERE depth = 1 AND post_id = " + p);
            st.execute("UPDATE discussions_oldcommenttreenode SET path = '" + qRoot + "zzzz', depth = 2 WHERE path = (SELECT max(path)"
                    + " FROM discussions_oldcommenttreenode WHERE post_id = " + p + " AND numchild = 0)");
            st.execute("INSERT INTO discussions_bestcommenttreenode (path, depth, numchild, post_id) VALUES ('zzzz', 1, 0, " + p + ")");
            st.execute("UPDATE discussions_bestcommenttreenode SET numchild = numchild + 1, score = score + 7 WHERE comment_id = (SELECT"
                    + " min(id) FROM discussions_comment WHERE post_id = " + q + ")");
            st.execute("INSERT INTO discussions_newcommenttreenode (path, depth, numchild, created, post_id) VALUES ('" + qRoot
                    + "yyyy', 2, 0, now(), " + q + ")");
            CommentTreeSync sync = new CommentTreeSync(trees);
            TreeChanges fixed = sync.bringPost(c, p, Duration.ofSeconds(2)).plus(sync.bringPost(c, q, Duration.ofSeconds(2)));
            assertTrue(fixed.written() >= 6 && fixed.written() < 20, fixed.toString());
            for (TreeSpec.Table t : trees.tables()) {
                String columns = "path, depth, numchild, " + t.sort() + ", post_id, comment_id";
                assertEquals("0", single(c, "SELECT count(*) FROM ((SELECT " + columns + " FROM " + t.table() + " EXCEPT ALL SELECT * FROM kept_"
                        + t.table() + ") UNION ALL (SELECT * FROM kept_" + t.table() + " EXCEPT ALL SELECT " + columns + " FROM " + t.table()
                        + ")) d"), t.table());
            }
        }
    }

    /**
     * The app writes trees as the demo's traffic does: in the transaction of a comment write, the
     * post's nodes deleted and built again with ids of the greatest committed one plus one. While a
     * chunk holds post P (its nodes stale, so it writes), the app comments on another post Q: its
     * tree write waits for the chunk instead of taking an id the chunk's uncommitted nodes hold,
     * and then succeeds; an app comment on P itself waits on P. Both trees end as their comments say.
     */
    @Test
    void anAppCommentWrittenWhileAChunkHoldsItsPostsWaitsForItAndNeverFails() throws Exception {
        DemoSpec world = TreeWorld.copy(dir, "tree_app");
        long p, q;
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            p = Long.parseLong(single(c, "SELECT min(post_id) FROM discussions_comment"));
            q = Long.parseLong(single(c, "SELECT max(post_id) FROM discussions_comment"));
            st.execute("DELETE FROM discussions_bestcommenttreenode WHERE post_id = " + p + " AND depth > 1");
        }
        java.util.concurrent.ExecutorService app = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (Connection chunk = pg.connect(world.appDatabase())) {
            chunk.setAutoCommit(false);
            TreeChanges held = new CommentTreeSync(trees).bring(chunk, List.of(p));
            assertTrue(held.inserted() > 0, held.toString());
            java.util.concurrent.Future<Long> onQ = app.submit(() -> appComment(world, q, 900_000_001L));
            java.util.concurrent.Future<Long> onP = app.submit(() -> appComment(world, p, 900_000_002L));
            awaitWaiting(world, 2);
            assertTrue(!onQ.isDone() && !onP.isDone(), "the app's writes wait for the chunk");
            chunk.commit();
            assertTrue(onQ.get(60, java.util.concurrent.TimeUnit.SECONDS) > 0);
            assertTrue(onP.get(60, java.util.concurrent.TimeUnit.SECONDS) > 0);
        } finally {
            app.shutdownNow();
        }
        try (Connection c = pg.connect(world.appDatabase())) {
            c.setAutoCommit(false);
            Map<Long, PostComments> now = new PostCommentsQuery(trees).read(c, List.of(p, q));
            assertTrue(now.get(q).comments().stream().anyMatch(x -> x.id() == 900_000_001L));
            for (long post : List.of(p, q)) {
                for (TreeSpec.Table t : trees.tables()) {
                    String root = single(c, "SELECT path FROM " + t.table() + " WHERE post_id = " + post + " AND depth = 1");
                    assertEquals(reference(CommentTrees.Tree.valueOf(tree(t)), root, now.get(post)), stored(c, t, post),
                            t.table() + " of post " + post);
                }
            }
            c.rollback();
        }
    }

    /** A top-level comment on the post and the post's trees rebuilt whole, as the demo's traffic writes them; the node count. */
    private long appComment(DemoSpec world, long post, long comment) throws SQLException {
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("INSERT INTO discussions_comment (id, created_on, updated_on, post_id, text, score) VALUES (" + comment
                    + ", now(), now(), " + post + ", 'the app''s comment', 1)");
            PostComments comments = new PostCommentsQuery(trees).read(c, List.of(post)).get(post);
            // the traffic writes from one thread: its id numbering is not safe against itself
            st.execute("SELECT pg_advisory_xact_lock(20261207)");
            long nodes = 0;
            for (TreeSpec.Table t : trees.tables()) {
                String root = single(c, "SELECT path FROM " + t.table() + " WHERE post_id = " + post + " AND depth = 1");
                st.execute("DELETE FROM " + t.table() + " WHERE post_id = " + post);
                long next = Long.parseLong(single(c, "SELECT coalesce(max(id), 0) + 1 FROM " + t.table()));
                for (TreeNode n : MaterializedPaths.of(trees).build(t, root, comments)) {
                    try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.table() + " (id, path, depth, numchild, "
                            + t.sort() + ", post_id, comment_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        ps.setLong(1, next++);
                        ps.setString(2, n.path());
                        ps.setInt(3, n.depth());
                        ps.setInt(4, n.numchild());
                        ps.setObject(5, n.root() ? null : n.sort().get(0));
                        ps.setLong(6, n.postId());
                        ps.setObject(7, n.commentId(), java.sql.Types.BIGINT);
                        nodes += ps.executeUpdate();
                    }
                }
                st.execute("SELECT setval(pg_get_serial_sequence('" + t.table() + "', 'id'), " + (next - 1) + ")");
            }
            c.commit();
            return nodes;
        }
    }

    /** Until {@code sessions} other sessions of the database wait on a lock. */
    private void awaitWaiting(DemoSpec world, int sessions) throws Exception {
        try (Connection c = pg.connect(world.appDatabase())) {
            for (int i = 0; i < 600; i++) {
                String n = single(c, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND wait_event_type = 'Lock'");
                if (Integer.parseInt(n) >= sessions) return;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the app's transactions never waited on the chunk's locks");
    }

    @Test
    void theSameCodeBuildsThe2025DesignsOneTreeDescribedByTheMapping() throws SQLException {
        String db = "tree2025_" + ProcessHandle.current().pid();
        try (Connection admin = pg.connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db);
        }
        TreeSpec spec = new TreeSpec("channels_comment", "channels_post", "id", new TreeSpec.Reference("post_id", null, null, AT),
                new TreeSpec.Reference("parent_reddit_id", "reddit_id", null, AT), 4, trees.alphabet(),
                List.of(new TreeSpec.Table("channels_commenttreenode", List.of(
                        new TreeSpec.SortKey("score", "score", TreeSpec.Order.DESCENDING, AT),
                        new TreeSpec.SortKey("created", "created_on", TreeSpec.Order.ASCENDING, AT)), AT)), AT);
        String columns = "path, depth, numchild, score, created, comment_id, post_id";
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            world2025(st);
            st.execute("CREATE TABLE expected AS SELECT " + columns + " FROM channels_commenttreenode");
            st.execute("TRUNCATE channels_commenttreenode");
            TreeChanges built = new CommentTreeSync(spec).bringPost(c, 1, Duration.ofSeconds(2))
                    .plus(new CommentTreeSync(spec).bringPost(c, 2, Duration.ofSeconds(2)));
            assertEquals(12, built.inserted(), built.toString());
            assertEquals("0", single(c, "SELECT count(*) FROM ((SELECT " + columns + " FROM channels_commenttreenode EXCEPT ALL"
                    + " SELECT * FROM expected) UNION ALL (SELECT * FROM expected EXCEPT ALL SELECT " + columns
                    + " FROM channels_commenttreenode)) d"));
            // created breaks the tie of equal scores: 11 (01:00) before 12 (02:00) before 10 (03:00)
            assertEquals("00010002", single(c, "SELECT path FROM channels_commenttreenode WHERE comment_id = 11"));
            assertEquals(0, new CommentTreeSync(spec).bringPost(c, 1, Duration.ofSeconds(2)).written());
        }
    }

    private static TreeChanges bringInChunks(CommentTreeSync sync, Connection c, List<Long> posts, int size) throws SQLException {
        TreeChanges all = TreeChanges.NONE;
        c.setAutoCommit(false);
        for (int i = 0; i < posts.size(); i += size) {
            all = all.plus(sync.bring(c, posts.subList(i, Math.min(posts.size(), i + size))));
            c.commit();
        }
        c.setAutoCommit(true);
        return all;
    }

    /** The demo builder's nodes for one tree of a post, in the builder's terms. */
    private static List<TreeNode> reference(CommentTrees.Tree tree, String root, PostComments post) {
        int n = post.comments().size();
        long[] ids = new long[n];
        int[] parent = new int[n];
        long[] created = new long[n];
        int[] score = new int[n];
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) index.put(post.comments().get(i).id(), i);
        for (int i = 0; i < n; i++) {
            PostComments.Comment cm = post.comments().get(i);
            ids[i] = cm.id();
            parent[i] = cm.parent() == null ? -1 : index.getOrDefault(cm.parent(), -1);
            Instant at = ((OffsetDateTime) cm.value("created_on")).toInstant();
            created[i] = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
            score[i] = ((Long) cm.value("score")).intValue();
        }
        List<TreeNode> out = new ArrayList<>();
        new CommentTrees((t, path, depth, numchild, c, s, postId, commentId) -> {
            List<Object> sort = commentId == null ? List.of() : List.of(t == CommentTrees.Tree.BEST ? (Object) s.longValue()
                    : Instant.ofEpochSecond(c / 1_000_000L, (c % 1_000_000L) * 1000).atOffset(ZoneOffset.UTC));
            out.add(new TreeNode(path, depth, numchild, postId, commentId, sort));
        }).tree(tree, root, post.postId(), ids, parent, created, score);
        return out;
    }

    private static String tree(TreeSpec.Table t) {
        return t.table().replace("discussions_", "").replace("commenttreenode", "").toUpperCase(java.util.Locale.ROOT);
    }

    /** A post's nodes as a table holds them, in path order (a root's sort value left out, as the builder leaves it). */
    private static List<TreeNode> stored(Connection c, TreeSpec.Table t, long post) throws SQLException {
        List<TreeNode> out = new ArrayList<>();
        for (StoredNode s : new TreeTable(t).lockNodes(c, List.of(post), List.of())) {
            TreeNode n = s.node();
            out.add(n.root() ? new TreeNode(n.path(), n.depth(), n.numchild(), n.postId(), null, List.of()) : n);
        }
        return out;
    }

    /**
     * The 2025 design's world of verify's described-tree test: channels_comment.id does not follow
     * created_on, siblings of equal score are told apart by created, and the tree is built in
     * PostgreSQL by treebeard's rules, independently of the code under test.
     */
    private static void world2025(Statement st) throws SQLException {
        for (String s : SchemaScript.load("app.sql").statements()) st.execute(s);
        st.execute("ALTER TABLE channels_post ADD PRIMARY KEY (id)");
        st.execute("ALTER TABLE channels_comment ADD PRIMARY KEY (id)");
        for (String s : SchemaScript.load("app-2025.sql").statements()) st.execute(s);
        st.execute("INSERT INTO channels_post (id, created_on, updated_on, channel_id, post_id, reddit_id) VALUES"
                + " (1, now(), now(), 1, 500, '" + Long.toString(500, 36) + "'), (2, now(), now(), 1, 501, '" + Long.toString(501, 36) + "')");
        long[][] comments = {   // id, post, parent id (0: top level), score, minutes after midnight
            {10, 1, 0, 1, 180}, {11, 1, 0, 1, 60}, {12, 1, 0, 1, 120}, {13, 1, 0, 5, 240},
            {14, 1, 10, 0, 150}, {15, 1, 10, 0, 130}, {16, 1, 10, 2, 140},
            {20, 2, 0, 0, 60}, {21, 2, 0, 0, 60}, {22, 2, 21, 3, 70}};
        List<String> rows = new ArrayList<>();
        for (long[] c : comments) {
            long redditId = 1000 + c[0], postRedditId = 499 + c[1];
            String parentId = c[2] == 0 ? String.valueOf(postRedditId) : String.valueOf(1000 + c[2]);
            String parentReddit = c[2] == 0 ? "NULL" : "'" + Long.toString(1000 + c[2], 36) + "'";
            rows.add("(" + c[0] + ", timestamptz '2025-01-01 00:00+00' + interval '" + c[4] + " minutes', now(), " + c[1] + ", " + redditId
                    + ", " + parentId + ", 't', " + c[3] + ", '" + Long.toString(redditId, 36) + "', " + parentReddit + ")");
        }
        st.execute("INSERT INTO channels_comment (id, created_on, updated_on, post_id, comment_id, parent_id, text, score, reddit_id,"
                + " parent_reddit_id) VALUES " + String.join(", ", rows));
        String tree = "channels_commenttreenode";
        st.execute("INSERT INTO " + tree + " (path, depth, numchild, score, created, comment_id, post_id)"
                + " SELECT lpad(id::text, 4, '0'), 1, 0, 0, NULL, NULL, id FROM channels_post");
        st.execute("WITH RECURSIVE ranked AS (SELECT c.id, c.post_id, p.id AS parent, row_number() OVER"
                + " (PARTITION BY c.post_id, p.id ORDER BY c.score DESC, c.created_on, c.id) AS k FROM channels_comment c"
                + " LEFT JOIN channels_comment p ON p.reddit_id = c.parent_reddit_id),"
                + " t AS (SELECT r.id, lpad(r.post_id::text, 4, '0') || lpad(r.k::text, 4, '0') AS path FROM ranked r WHERE r.parent IS NULL"
                + " UNION ALL SELECT r.id, t.path || lpad(r.k::text, 4, '0') FROM ranked r JOIN t ON r.parent = t.id)"
                + " INSERT INTO " + tree + " (path, depth, numchild, score, created, comment_id, post_id)"
                + " SELECT t.path, length(t.path) / 4, 0, c.score, c.created_on, c.id, c.post_id FROM t JOIN channels_comment c ON c.id = t.id");
        st.execute("UPDATE " + tree + " n SET numchild = (SELECT count(*) FROM " + tree + " x WHERE x.path LIKE n.path || '____')");
    }
}

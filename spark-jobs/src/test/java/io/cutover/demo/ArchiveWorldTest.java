package io.cutover.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.Base36;
import io.cutover.postgres.PostgresServer;
import io.cutover.schema.SchemaScript;
import io.cutover.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The demo world of the 2025 design (channels_* archived in place), checked in SQL against its rules and against the 2020 world of the same seed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveWorldTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-06-30");
    private static final String TABLES = "'channels_channel', 'channels_post', 'channels_comment', 'channels_commenttreenode'";
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;
    private DemoSpec archive, before, of2020;

    @BeforeAll
    void worlds() {
        of2020 = DemoSpec.of(Scale.TINY, 5, 0, dir.resolve("w2020")).withDatabases("aw20_reddit", "aw20_app").replacing().asOf(AS_OF);
        archive = of2020.withDatabases("aw25_reddit", "aw25_app").withDesign(Design.D2025);
        before = of2020.withDatabases("aw25n_reddit", "aw25n_app").withDesign(Design.D2025).withNewTables(NewTables.NONE);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        for (DemoSpec w : List.of(of2020, archive, before)) DemoWorld.generate(pg, w, quiet);
    }

    @Test
    void theCatalogIsTheOneApp2025SqlDescribes() throws SQLException {
        String scratch = "aw25_ddl";
        try (Connection admin = pg.connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + scratch);
            st.execute("CREATE DATABASE " + scratch);
        }
        try (Connection c = pg.connect(scratch); Statement st = c.createStatement()) {
            for (String script : List.of("app.sql", "app-keys.sql", "app-2025.sql", "app-sequences.sql")) {
                for (String s : SchemaScript.load(script).statements()) st.execute(s);
            }
        }
        assertEquals(catalog(scratch), catalog(archive.appDatabase()));
        assertEquals(catalog(scratch), catalog(before.appDatabase()));
        try (Connection c = pg.connect(archive.appDatabase()); Statement st = c.createStatement()) {
            assertEquals(0, count(st, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'discussions_%'"), "no 2020 new tables");
            assertTrue(count(st, "SELECT nextval(pg_get_serial_sequence('channels_commenttreenode', 'id'))")
                    > count(st, "SELECT max(id) FROM channels_commenttreenode"), "the tree's sequence is above its ids");
        }
    }

    @Test
    void theAddedColumnsHoldWhatTheMigrationDerives() throws SQLException {
        try (Connection c = pg.connect(archive.appDatabase()); Statement st = c.createStatement()) {
            for (String[] t : new String[][] {{"channels_post", "post_id"}, {"channels_comment", "comment_id"}}) {
                try (ResultSet rs = st.executeQuery("SELECT " + t[1] + ", reddit_id FROM " + t[0])) {
                    while (rs.next()) assertEquals(Base36.encode(rs.getLong(1)), rs.getString(2), t[0]);
                }
            }
            // parent_reddit_id: the parent comment's, NULL at top level, where parent_id holds the post's Reddit id (a reply's
            // parent may hold the same number: link and comment ids overlap, which is why the column was added)
            assertEquals(0, count(st, "SELECT count(*) FROM channels_comment c JOIN channels_post p ON p.id = c.post_id"
                    + " LEFT JOIN channels_comment x ON x.reddit_id = c.parent_reddit_id WHERE (c.parent_reddit_id IS NULL AND c.parent_id <> p.post_id)"
                    + " OR (c.parent_reddit_id IS NOT NULL AND x.comment_id IS DISTINCT FROM c.parent_id)"));
            assertTrue(count(st, "SELECT count(*) FROM channels_comment WHERE parent_reddit_id IS NULL") > 0);
            assertTrue(count(st, "SELECT count(*) FROM channels_comment WHERE parent_reddit_id IS NOT NULL") > 0);
            // one archive instant, the end of the timeline; scores frozen at Reddit's ups
            for (String t : List.of("channels_channel", "channels_post", "channels_comment")) {
                assertEquals(1, count(st, "SELECT count(DISTINCT archived_on) FROM " + t + " WHERE archived_on IS NOT NULL"), t);
                assertEquals(0, count(st, "SELECT count(*) FROM " + t + " WHERE archived_on IS DISTINCT FROM timestamptz '"
                        + AS_OF.plusDays(1) + " 00:00+00'"), t);
            }
            assertEquals(0, count(st, "SELECT count(*) FROM channels_post WHERE score IS NULL")
                    + count(st, "SELECT count(*) FROM channels_comment WHERE score IS NULL"));
            assertEquals(0, count(st, "SELECT count(*) FROM channels_channel WHERE reddit_id IS NULL"));
        }
        // The same world as the 2020 design's: the Reddit backend byte for byte, the mirror but for
        // its scores, and the plain text the 2020 design stores as plain_text.
        for (String t : List.of("reddit_thing_link", "reddit_data_link", "reddit_thing_comment", "reddit_data_comment",
                "reddit_data_subreddit", "reddit_rel_srmember")) {
            assertEquals(digest(of2020.redditDatabase(), t, "*"), digest(archive.redditDatabase(), t, "*"), t);
        }
        String post = "id, created_on, updated_on, channel_id, author_id, post_id, post_type, title, text, preview_text, url, num_comments";
        assertEquals(digest(of2020.appDatabase(), "channels_post", post), digest(archive.appDatabase(), "channels_post", post));
        assertEquals(digest(of2020.appDatabase(), "channels_comment", "id, created_on, post_id, comment_id, parent_id, text, removed"),
                digest(archive.appDatabase(), "channels_comment", "id, created_on, post_id, comment_id, parent_id, text, removed"));
        assertEquals(digest(of2020.appDatabase(), "discussions_post", "id, plain_text"),
                digest(archive.appDatabase(), "channels_post", "post_id, cached_plain_text"));
    }

    @Test
    void theTreeIsTreebeardsForMinusScoreThenCreated() throws SQLException {
        try (Connection c = pg.connect(archive.appDatabase()); Statement st = c.createStatement()) {
            assertEquals(count(st, "SELECT count(*) FROM channels_post") + count(st, "SELECT count(*) FROM channels_comment"),
                    count(st, "SELECT count(*) FROM channels_commenttreenode"));
            // Built again in SQL, independently of the generator: one root per post at its k-th step, siblings by
            // score descending, then created, then id; depth = steps, numchild = direct children.
            String rebuilt = "WITH RECURSIVE ranked AS (SELECT c.id, c.post_id, x.id AS parent, c.score, c.created_on,"
                    + " row_number() OVER (PARTITION BY c.post_id, x.id ORDER BY c.score DESC, c.created_on, c.id) AS k"
                    + " FROM channels_comment c LEFT JOIN channels_comment x ON x.reddit_id = c.parent_reddit_id),"
                    + " root AS (SELECT id AS post_id, " + steps("row_number() OVER (ORDER BY id)") + " AS path FROM channels_post),"
                    + " t AS (SELECT r.id, r.post_id, root.path || " + steps("r.k") + " AS path FROM ranked r JOIN root USING (post_id)"
                    + " WHERE r.parent IS NULL UNION ALL SELECT r.id, r.post_id, t.path || " + steps("r.k") + " FROM ranked r JOIN t ON r.parent = t.id),"
                    + " nodes AS (SELECT path, post_id, NULL::int AS comment_id, 0 AS score, NULL::timestamptz AS created FROM root"
                    + " UNION ALL SELECT t.path, t.post_id, t.id, c.score::int, c.created_on FROM t JOIN channels_comment c ON c.id = t.id)"
                    + " SELECT n.path, length(n.path) / 4, (SELECT count(*) FROM nodes m WHERE m.path LIKE n.path || '____'),"
                    + " n.score, n.created, n.comment_id, n.post_id FROM nodes n";
            assertEquals(0, count(st, "SELECT count(*) FROM ((" + rebuilt + ") EXCEPT ALL (SELECT path, depth, numchild, score, created,"
                    + " comment_id, post_id FROM channels_commenttreenode)) d"));
        }
    }

    @Test
    void beforeTheMigrationTheAddedColumnsAreNullAndTheTreeEmpty() throws SQLException {
        try (Connection c = pg.connect(before.appDatabase()); Statement st = c.createStatement()) {
            assertEquals(0, count(st, "SELECT count(*) FROM channels_commenttreenode"));
            assertEquals(0, count(st, "SELECT count(*) FROM channels_channel WHERE reddit_id IS NOT NULL OR archived_on IS NOT NULL"));
            assertEquals(0, count(st, "SELECT count(*) FROM channels_post WHERE reddit_id IS NOT NULL OR archived_on IS NOT NULL"
                    + " OR cached_plain_text IS NOT NULL"));
            assertEquals(0, count(st, "SELECT count(*) FROM channels_comment WHERE reddit_id IS NOT NULL OR parent_reddit_id IS NOT NULL"
                    + " OR archived_on IS NOT NULL"));
            assertTrue(count(st, "SELECT count(*) FROM channels_comment") > 100);
        }
        assertEquals(digest(archive.appDatabase(), "channels_post", "id, post_id, title, score"),
                digest(before.appDatabase(), "channels_post", "id, post_id, title, score"), "the same rows, columns aside");
    }

    @Test
    void anUnknownDesignIsAUsageErrorNamingTheChoices() {
        io.cutover.outcome.CutoverException e = org.junit.jupiter.api.Assertions.assertThrows(io.cutover.outcome.CutoverException.class,
                () -> Design.parse("2021"));
        assertEquals("--design must be 2020 or 2025, got '2021'", e.getMessage());
        assertEquals(Design.D2025, Design.parse("2025"));
    }

    /** A four-character step over 0-9A-Za-z of an integer expression, in SQL. */
    private static String steps(String n) {
        String a = "'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'";
        List<String> chars = new ArrayList<>();
        for (int p = 3; p >= 0; p--) chars.add("substr(" + a + ", ((" + n + ")::int / " + (long) Math.pow(62, p) + ") % 62 + 1, 1)");
        return "(" + String.join(" || ", chars) + ")";
    }

    private List<String> catalog(String db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length,"
                    + " is_nullable, column_default FROM information_schema.columns WHERE table_name IN (" + TABLES + ") ORDER BY 1, 3")) {
                while (rs.next()) rows.add(rs.getString(1) + "." + rs.getString(2) + " " + rs.getInt(3) + " " + rs.getString(4) + " "
                        + rs.getString(5) + " " + rs.getString(6) + " " + rs.getString(7));
            }
            try (ResultSet rs = st.executeQuery("SELECT conrelid::regclass::text, contype, pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE conrelid::regclass::text IN (" + TABLES + ") ORDER BY 1, 2, 3")) {
                while (rs.next()) rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return rows;
    }

    private String digest(String db, String table, String columns) throws SQLException {
        try (Connection c = pg.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) || ':' || md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), ''))"
                     + " FROM (SELECT " + columns + " FROM " + table + ") r")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

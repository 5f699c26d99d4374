package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.schema.SchemaScript;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo world's two databases (the whole Reddit backend; the Django app's auth tables, which
 * reference each other) in one snapshot through the command line, restored under new names:
 * every table identical, keys and foreign keys back.
 */
class SnapshotDemoSchemaTest {
    @TempDir
    Path out;

    @Test
    void redditAndAppDatabasesRoundTripThroughTheCommandLine() throws Exception {
        ScratchDatabase reddit = new ScratchDatabase("reddit");
        ScratchDatabase app = new ScratchDatabase("app");
        reddit.execute(SchemaScript.load("reddit.sql").statements().toArray(new String[0]));
        reddit.execute(SchemaScript.load("reddit-keys.sql").statements().toArray(new String[0]));
        app.execute(SchemaScript.load("app.sql").statements().toArray(new String[0]));
        app.execute(SchemaScript.load("app-keys.sql").statements().toArray(new String[0]));
        reddit.execute("INSERT INTO reddit_thing_link (thing_id, ups, date) SELECT g, g % 7, timestamptz '2019-01-01' + g * interval '1 hour' "
                        + "FROM generate_series(1, 500) g",
                "INSERT INTO reddit_data_link SELECT g, 'title', 'Post ' || g, 'str' FROM generate_series(1, 500) g");
        app.execute("INSERT INTO auth_user VALUES (1, 'x', NULL, false, 'alice', '', '', 'a@example.org', false, true, now()), "
                + "(2, 'y', now(), true, 'bob', 'Bob', 'B', 'b@example.org', true, true, '2001-01-01 00:00:00.000001+00')");
        // A post with a two-comment thread and its three comment trees (comment_id unique, with its foreign key).
        app.execute("INSERT INTO auth_group VALUES (1, 'c_moderators')",
                "INSERT INTO discussions_channel (id, created_on, updated_on, name, title, channel_type, allowed_post_types,"
                        + " membership_is_managed, public_description, moderator_group_id) VALUES (1, now(), now(), 'c', 'C', 'public', 3, false, '', 1)",
                "INSERT INTO discussions_post (id, created_on, updated_on, channel_id, author_id, post_type, title)"
                        + " VALUES (23, now(), now(), 1, 1, 'text', 'Hello')",
                "INSERT INTO discussions_comment (id, created_on, updated_on, post_id, parent_id, author_id, text, score) VALUES"
                        + " (11, '2019-01-01 10:00:00.000001+00', now(), 23, NULL, 1, 'first', 2), (12, '2019-01-01 11:00:00+00', now(), 23, 11, 2, 'reply', 1)");
        for (String[] tree : new String[][] {{"new", "created"}, {"old", "created"}, {"best", "score"}}) {
            boolean score = tree[1].equals("score");
            app.execute("INSERT INTO discussions_" + tree[0] + "commenttreenode VALUES (1, '0001', 1, 1, NULL, 23, NULL),"
                    + " (2, '00010001', 2, 1, " + (score ? "2" : "'2019-01-01 10:00:00.000001+00'") + ", 23, 11),"
                    + " (3, '000100010001', 3, 0, " + (score ? "1" : "'2019-01-01 11:00:00+00'") + ", 23, 12)");
        }

        // The demo's id sequences, set above the rows as `cutover demo` sets them.
        reddit.execute(SchemaScript.load("reddit-sequences.sql").statements().toArray(new String[0]));
        app.execute(SchemaScript.load("app-sequences.sql").statements().toArray(new String[0]));

        CliRun snapshot = CliRun.withServer(reddit.server, "snapshot", "-o", out.toString(), "--id", "demo", "-d", reddit.name,
                "-d", app.name + ":auth_user,public.auth_group,auth_user_groups,discussions_channel,discussions_post,"
                        + "discussions_comment,discussions_newcommenttreenode,discussions_oldcommenttreenode,discussions_bestcommenttreenode");
        assertEquals(0, snapshot.exitCode(), snapshot.out() + snapshot.err());
        assertTrue(snapshot.out().contains("snapshot demo committed: 1,016 rows"), snapshot.out());

        CliRun restore = CliRun.withServer(reddit.server, "restore", out.resolve("demo").toString(),
                "--into", reddit.name + "=" + reddit.name + "_r", "--into", app.name + "=" + app.name + "_r");
        assertEquals(0, restore.exitCode(), restore.out() + restore.err());
        assertTrue(restore.out().contains("all identical to the backup"), restore.out());
        for (ScratchDatabase db : new ScratchDatabase[] {reddit, app}) {
            String keys = "SELECT conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                    + "WHERE connamespace = 'public'::regnamespace AND (conrelid::regclass::text LIKE 'reddit%' "
                    + "OR conrelid::regclass::text LIKE 'auth%' OR conrelid::regclass::text SIMILAR TO 'discussions_(channel|post|comment|[a-z]+commenttreenode)') ORDER BY 1";
            assertEquals(db.texts(db.name, keys), db.texts(db.name + "_r", keys), "keys and foreign keys of " + db.name);
        }
        // Every sequence of the schema back at its value (those of the app tables left out of the
        // snapshot too, without OWNED BY), none behind its restored table's ids.
        for (ScratchDatabase db : new ScratchDatabase[] {reddit, app}) {
            assertEquals(io.cutover.testing.IdSequences.states(db.server, db.name),
                    io.cutover.testing.IdSequences.states(db.server, db.name + "_r"), "sequences of " + db.name);
            assertEquals(java.util.List.of(), io.cutover.testing.IdSequences.behindTheirTable(db.server, db.name + "_r"));
        }
        assertEquals("501", reddit.texts(reddit.name + "_r", "SELECT nextval('reddit_thing_link_thing_id_seq')").get(0));
        assertEquals("24", app.texts(app.name + "_r", "INSERT INTO discussions_post (created_on, updated_on, channel_id, post_type, title)"
                + " VALUES (now(), now(), 1, 'text', 'after the fallback') RETURNING id").get(0), "the identity continues above post 23");
        String trees = "SELECT t::text FROM discussions_newcommenttreenode t UNION ALL SELECT t::text FROM discussions_oldcommenttreenode t"
                + " UNION ALL SELECT t::text FROM discussions_bestcommenttreenode t ORDER BY 1";
        assertEquals(9, app.texts(app.name, trees).size());
        assertEquals(app.texts(app.name, trees), app.texts(app.name + "_r", trees), "the comment trees");
        assertTrue(app.texts(app.name + "_r", keysOf("discussions_bestcommenttreenode")).stream().anyMatch(k -> k.contains("UNIQUE (comment_id)")),
                "comment_id unique, as the app's schema declares it");
        assertEquals(reddit.texts(reddit.name, "SELECT t::text FROM reddit_thing_link t ORDER BY thing_id"),
                reddit.texts(reddit.name + "_r", "SELECT t::text FROM reddit_thing_link t ORDER BY thing_id"));
    }

    private static String keysOf(String table) {
        return "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '" + table + "'::regclass ORDER BY 1";
    }
}

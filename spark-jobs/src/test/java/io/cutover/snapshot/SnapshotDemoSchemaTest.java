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
    void redditAndAppDatabasesRoundTripThroughTheCommandLine() {
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

        CliRun snapshot = CliRun.withServer(reddit.server, "snapshot", "-o", out.toString(), "--id", "demo", "-d", reddit.name,
                "-d", app.name + ":auth_user,public.auth_group,auth_user_groups");
        assertEquals(0, snapshot.exitCode(), snapshot.out() + snapshot.err());
        assertTrue(snapshot.out().contains("snapshot demo committed: 1,002 rows"), snapshot.out());

        CliRun restore = CliRun.withServer(reddit.server, "restore", out.resolve("demo").toString(),
                "--into", reddit.name + "=" + reddit.name + "_r", "--into", app.name + "=" + app.name + "_r");
        assertEquals(0, restore.exitCode(), restore.out() + restore.err());
        assertTrue(restore.out().contains("all identical to the backup"), restore.out());
        for (ScratchDatabase db : new ScratchDatabase[] {reddit, app}) {
            String keys = "SELECT conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                    + "WHERE connamespace = 'public'::regnamespace AND (conrelid::regclass::text LIKE 'reddit%' "
                    + "OR conrelid::regclass::text LIKE 'auth%') ORDER BY 1";
            assertEquals(db.texts(db.name, keys), db.texts(db.name + "_r", keys), "keys and foreign keys of " + db.name);
        }
        assertEquals(reddit.texts(reddit.name, "SELECT t::text FROM reddit_thing_link t ORDER BY thing_id"),
                reddit.texts(reddit.name + "_r", "SELECT t::text FROM reddit_thing_link t ORDER BY thing_id"));
    }
}

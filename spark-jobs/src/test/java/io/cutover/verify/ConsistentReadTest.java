package io.cutover.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.cli.VerifyCommand;
import io.cutover.demo.DemoSpec;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TemplateWorlds;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reads at one instant: a write that lands after verify took its snapshots, but before
 * it read the table, is not seen; read without a common snapshot, the same write is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsistentReadTest {
    private final PostgresServer pg = TestPostgres.server();
    @TempDir
    static Path dir;
    private DemoSpec world;

    @BeforeAll
    void world() {
        TestSpark.session();
        world = DemoSpec.of(Scale.TINY, 21, 0, dir.resolve("world")).withDatabases("vl_reddit", "vl_app").replacing();
        TemplateWorlds.copy(world);
    }

    @Test
    void aWriteAfterTheSnapshotIsNotSeenAndTheSnapshotsAreReleased() throws Exception {
        // The trigger is the line saying the app database's snapshot was taken: nothing has been read yet.
        Outcome run = verifyWhileWriting("database vl_app: read at one instant", true, 9_000_001);
        assertEquals(ExitCode.OK, run.exit(), run.console());
        assertTrue(run.console().matches("(?s).*database vl_app: snapshot held \\d+\\.\\d s.*"), run.console());
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname IN ('vl_app', 'vl_reddit')"
                     + " AND application_name = 'cutover' AND state LIKE 'idle in transaction%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "a snapshot transaction was left open");
        }
    }

    @Test
    void withoutAConsistentReadTheSameWriteIsADifference() throws Exception {
        // The first comparison starts long before the comments are read.
        Outcome run = verifyWhileWriting("verifying user vs reddit", false, 9_000_101);
        assertEquals(ExitCode.DIFFERENCES, run.exit(), run.console());
        assertTrue(run.console().matches("(?s).*comment +mirror +[\\d,]+ +[\\d,]+ +0 +5 .*"), run.console());
    }

    private record Outcome(int exit, String console) {}

    /** Runs verify; when its console prints {@code trigger}, five comments appear in the new table only. */
    private Outcome verifyWhileWriting(String trigger, boolean consistent, long firstId) throws Exception {
        CompletableFuture<Void> written = new CompletableFuture<>();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public synchronized void write(int b) {
                seen.write(b);
                if (b != '\n') {
                    line.append((char) b);
                    return;
                }
                if (!written.isDone() && line.toString().contains(trigger)) {
                    try {
                        insertComments(firstId);
                        written.complete(null);
                    } catch (SQLException e) {
                        written.completeExceptionally(e);
                    }
                }
                line.setLength(0);
            }
        }, true, StandardCharsets.UTF_8);
        Map<String, SourceLocation> sources = Map.of("reddit", new SourceLocation.Database(pg, world.redditDatabase()),
                "mirror", new SourceLocation.Database(pg, world.appDatabase()));
        Path out = dir.resolve("report-" + firstId);
        VerifySpec spec = new VerifySpec(Mapping.shipped(), sources, new SourceLocation.Database(pg, world.appDatabase()),
                List.of("user", "comment"), null, null, io.cutover.storage.Location.local(out), 0, 64, 3, true, consistent, null);
        int exit;
        try {
            exit = VerifyCommand.run(spec, console);
        } finally {
            deleteComments(firstId);
        }
        written.get(1, TimeUnit.SECONDS);
        return new Outcome(exit, seen.toString(StandardCharsets.UTF_8));
    }

    /** The app's write, done to the new table only (as a dual write that has not reached the mirror yet). */
    private void insertComments(long firstId) throws SQLException {
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO discussions_comment (id, post_id, parent_id, author_id, text, score, edited, removed,"
                    + " deleted, reports_ignored, created_on, updated_on)"
                    + " SELECT " + firstId + " + g, p.id, NULL, p.author_id, 'written mid-run', 1, false, false, false, false, now(), now()"
                    + " FROM generate_series(0, 4) g, (SELECT id, author_id FROM discussions_post ORDER BY id LIMIT 1) p");
        }
    }

    private void deleteComments(long firstId) throws SQLException {
        try (Connection c = pg.connect(world.appDatabase()); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM discussions_comment WHERE id BETWEEN " + firstId + " AND " + (firstId + 4));
        }
    }
}

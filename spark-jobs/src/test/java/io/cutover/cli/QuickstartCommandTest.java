package io.cutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.outcome.ExitCode;
import io.cutover.postgres.PostgresServer;
import io.cutover.testing.TestPostgres;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * quickstart end to end on a tiny world against the test server: every step holds, the backfill
 * step among them (a world with empty new tables, backfilled entity by entity, verified with no
 * difference).
 */
class QuickstartCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyStepHoldsOnATinyWorldAndTheBackfilledWorldVerifiesWithoutADifference() throws Exception {
        PostgresServer pg = TestPostgres.server();
        TestSpark.session();
        Path properties = dir.resolve("pg.properties");
        Files.writeString(properties, "url=jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/\nuser=" + pg.credentials().user() + "\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream was = System.out;
        int exit;
        long t0 = System.nanoTime();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            exit = Cutover.execute("quickstart", "--scale", "tiny", "--faults", "1", "--out", dir.resolve("qs").toString(),
                    "--bi-queries", dir.resolve("no-corpus").toString(), "--pg-properties", properties.toString());
        } finally {
            System.setOut(was);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        System.out.printf("quickstart --scale tiny: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(ExitCode.OK, exit, out);
        assertTrue(out.contains("== 5. Backfill"), out);
        assertTrue(out.contains("backfilled world: verify finds no difference"), out);
        for (String entity : new String[] {"channel", "post", "comment", "postvote", "commentvote"}) {
            assertTrue(out.contains(entity + " -> discussions_" + entity + ": "), entity + "\n" + out);
        }
        try (Connection app = pg.connect("backfill_app"); Statement st = app.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM discussions_comment), (SELECT count(*) FROM channels_comment),"
                     + " (SELECT count(*) FROM cutover_backfill WHERE finished_at IS NOT NULL),"
                     + " (SELECT count(*) FROM cutover_backfill WHERE finished_at IS NULL)")) {
            rs.next();
            assertTrue(rs.getLong(1) > 0, out);
            assertEquals(rs.getLong(2), rs.getLong(1), "every comment backfilled");
            assertTrue(rs.getLong(3) >= io.cutover.backfill.BackfillRun.backfillable(io.cutover.mapping.Mapping.shipped()).size(),
                    "every entity's and step's checkpoint finished: " + rs.getLong(3));
            assertEquals(0, rs.getLong(4), "no checkpoint left unfinished");
        }
    }
}

package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.cli.VerifyCommand;
import io.cutover.demo.NewTables;
import io.cutover.outcome.ExitCode;
import io.cutover.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cutover backfill} in a child JVM killed with SIGKILL in the middle of the comments (no
 * shutdown hook, no finally), then run again with the same arguments: it continues after the last
 * committed chunk, every comment is there once, counted once, its comment trees are rebuilt (the
 * step {@code trees} after it), and verify finds no difference, the tree checks included.
 */
class BackfillKilledTest {
    private static final List<String> TREES = List.of("discussions_newcommenttreenode", "discussions_oldcommenttreenode",
            "discussions_bestcommenttreenode");

    @TempDir
    Path dir;
    /** The killed child's scratch (Spark's), which no shutdown hook removes. */
    @TempDir
    Path scratch;

    @Test
    void aBackfillKilledMidEntityAndRestartedWithTheSameArgumentsEndsWithEveryCommentOnceAndItsTrees() throws Exception {
        SiloWorld world = SiloWorld.generate(dir, "bfkill", 23, NewTables.ALL);
        // The comments' history and their trees are not in the new tables yet.
        world.execute("TRUNCATE discussions_comment, " + String.join(", ", TREES));
        long comments = Long.parseLong(world.one("SELECT count(*) FROM channels_comment"));
        String app = world.spec().appDatabase();
        // 40 rows/s: chunks of at most 20 rows, several seconds for the entity, so the kill lands inside it.
        List<String> args = List.of("backfill", "--pg-properties", ChildCutover.serverProperties(world.pg(), dir).toString(),
                "--target", "db:" + app, "--source", "reddit=db:" + world.spec().redditDatabase(), "--source", "mirror=db:" + app,
                "--source", "votes=csv:" + world.spec().voteExport(), "--entity", "comment,trees", "--max-rows-per-s", "40");

        long writtenBeforeKill;
        try (ChildCutover child = ChildCutover.start(scratch, world.pg().credentials().user(), args)) {
            writtenBeforeKill = awaitSomeChunks(world, child, 40);
            child.kill();
            String checkpoint = world.one("SELECT rows_written, finished_at IS NULL FROM cutover_backfill WHERE entity = 'comment'");
            writtenBeforeKill = Long.parseLong(checkpoint.substring(0, checkpoint.indexOf('|')));
            assertTrue(checkpoint.endsWith("|t"), "the entity finished before the kill: " + checkpoint + "\n" + child.output());
            assertTrue(writtenBeforeKill < comments, checkpoint + " of " + comments + "\n" + child.output());
            // Nothing half-committed: the table holds exactly the chunks the checkpoint counts.
            assertEquals(String.valueOf(writtenBeforeKill), world.one("SELECT count(*) FROM discussions_comment"), child.output());
        }

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(printed, true, StandardCharsets.UTF_8);
        int exit = inProcess(console, args);
        String restart = printed.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCode.OK, exit, restart);
        assertTrue(restart.contains("backfill comment: resuming after "), restart);

        assertEquals(comments + "|" + comments, world.one("SELECT count(*), count(DISTINCT id) FROM discussions_comment"), restart);
        assertEquals(comments + "|f", world.one("SELECT rows_written, finished_at IS NULL FROM cutover_backfill WHERE entity = 'comment'"),
                "every row counted once\n" + restart);
        assertEquals("0", world.one("SELECT count(*) FROM channels_comment o LEFT JOIN discussions_comment n ON n.id = o.comment_id"
                + " WHERE n.id IS NULL"));

        for (String t : TREES) {
            assertEquals("0", world.one("SELECT count(*) FROM " + t + " n LEFT JOIN discussions_comment c ON c.id = n.comment_id"
                    + " WHERE n.comment_id IS NOT NULL AND c.id IS NULL"), t + ": a node of no comment");
        }
        int verified = VerifyCommand.run(world.verify(dir.resolve("report"), List.of("comment"), null), console);
        assertEquals(ExitCode.OK, verified, printed.toString(StandardCharsets.UTF_8));
    }

    /** Polls the checkpoint until at least {@code rows} are committed; the rows committed then. */
    private static long awaitSomeChunks(SiloWorld world, ChildCutover child, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!child.alive()) throw new AssertionError("the child ended before the kill:\n" + child.output());
            List<String> done = world.one("SELECT to_regclass('cutover_backfill') IS NOT NULL").equals("t")
                    ? world.rows("SELECT rows_written FROM cutover_backfill WHERE entity = 'comment'") : List.of();
            if (!done.isEmpty() && Long.parseLong(done.get(0)) >= rows) return Long.parseLong(done.get(0));
            Thread.sleep(50);
        }
        throw new AssertionError("no chunk committed in 240 s:\n" + child.output());
    }

    /** The command line in this JVM, its standard output caught. */
    private static int inProcess(PrintStream console, List<String> args) {
        PrintStream was = System.out;
        System.setOut(console);
        try {
            TestSpark.session();
            return io.cutover.cli.Cutover.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(was);
        }
    }
}

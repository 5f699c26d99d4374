package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.cli.Cutover;
import io.cutover.demo.NewTables;
import io.cutover.outcome.ExitCode;
import io.cutover.testing.TestSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code cutover backfill} refuses: before it connects to anything, and bad input on a real world, with nothing written. */
class BackfillCommandTest {
    private static final List<String> NEW_TABLES = List.of("discussions_channel", "discussions_post", "discussions_comment",
            "discussions_postvote", "discussions_commentvote", "discussions_newcommenttreenode", "discussions_oldcommenttreenode",
            "discussions_bestcommenttreenode");

    @TempDir
    static Path dir;
    private static SiloWorld world;

    @Test
    void aNamedServerWithoutATargetDatabaseIsRefused() {
        assertEquals(ExitCode.USAGE, Cutover.execute("backfill", "--pg-url", "jdbc:postgresql://127.0.0.1:1/"));
    }

    @Test
    void aTargetThatIsNotALiveDatabaseIsRefused() {
        assertEquals(ExitCode.USAGE, Cutover.execute("backfill", "--pg-url", "jdbc:postgresql://127.0.0.1:1/",
                "--target", "csv:votes.csv"));
    }

    @Test
    void anUnknownSourceIsRefused() {
        assertEquals(ExitCode.USAGE, Cutover.execute("backfill", "--pg-url", "jdbc:postgresql://127.0.0.1:1/",
                "--target", "db:app", "--source", "nosuch=db:app"));
    }

    @Test
    void aCheckpointWrittenUnderAnotherMappingIsRefusedAndNothingIsWritten() {
        SiloWorld w = world();
        w.execute(BackfillCheckpoint.CREATE, "DELETE FROM " + BackfillCheckpoint.TABLE,
                "INSERT INTO " + BackfillCheckpoint.TABLE + " (entity, target_table, last_key, mapping_digest, run_id, rows_written)"
                        + " VALUES ('channel', 'discussions_channel', '{a}', 'sha256:another', 'an earlier run', 1)");
        try {
            Run r = backfill(w, List.of("--entity", "channel"));
            assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
            assertTrue(r.err().contains("another mapping") && r.err().contains("sha256:another"), r.err());
            assertNothingWritten(w);
            assertEquals("sha256:another|{a}|1", w.one("SELECT mapping_digest, last_key, rows_written FROM " + BackfillCheckpoint.TABLE));
        } finally {
            w.execute("DROP TABLE " + BackfillCheckpoint.TABLE);
        }
    }

    @Test
    void aMappingWhoseTargetASourceReadsIsRefusedAndNothingIsWritten() throws IOException {
        SiloWorld w = world();
        Path mapping = dir.resolve("reads-its-target.yaml");
        Files.writeString(mapping, SiloWorld.shippedText().replace("- {new: banner, old: banner}",
                "- {new: banner, old: banner, sql: \"(SELECT max(x.banner) FROM discussions_channel x WHERE x.name = o.name)\"}"));
        Run r = backfill(w, List.of("--mapping", mapping.toString(), "--entity", "channel,post"));
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("discussions_channel"), r.err());
        assertNothingWritten(w);
        assertEquals("f", w.one("SELECT to_regclass('" + BackfillCheckpoint.TABLE + "') IS NOT NULL"));
    }

    @Test
    void aSnapshotDirectoryThatIsNotCommittedIsRefusedAndNothingIsWritten() throws IOException {
        SiloWorld w = world();
        // What a killed snapshot leaves: a database's files, no manifest.
        Path killed = dir.resolve("backups").resolve("s1").resolve(w.spec().redditDatabase());
        Files.createDirectories(killed.resolve("public.reddit_thing_link"));
        Files.writeString(killed.resolve("public.reddit_thing_link").resolve("part-0.parquet"), "partial");
        Run r = backfill(w, List.of("--source", "reddit=snapshot:" + killed));
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("not a complete snapshot"), r.err());
        assertNothingWritten(w);
        assertEquals("f", w.one("SELECT to_regclass('" + BackfillCheckpoint.TABLE + "') IS NOT NULL"));
    }

    /** A world whose new tables are empty (demo --new-tables none), shared by the tests that need one. */
    private static synchronized SiloWorld world() {
        if (world == null) {
            TestSpark.session();
            world = SiloWorld.generate(dir, "bfcmd", 5, NewTables.NONE);
        }
        return world;
    }

    private static void assertNothingWritten(SiloWorld w) {
        for (String t : NEW_TABLES) assertEquals("0", w.one("SELECT count(*) FROM " + t), t);
    }

    private record Run(int exitCode, String err) {}

    /** {@code cutover backfill} on the world, its sources given, the server named by a properties file, plus {@code more}. */
    private static Run backfill(SiloWorld w, List<String> more) {
        List<String> args = new ArrayList<>(List.of("backfill", "--pg-properties", ChildCutover.serverProperties(w.pg(), dir).toString(),
                "--target", "db:" + w.spec().appDatabase(), "--source", "mirror=db:" + w.spec().appDatabase(),
                "--source", "votes=csv:" + w.spec().voteExport()));
        if (more.stream().noneMatch(a -> a.startsWith("reddit="))) args.addAll(List.of("--source", "reddit=db:" + w.spec().redditDatabase()));
        args.addAll(more);
        CommandLine cmd = Cutover.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        return new Run(cmd.execute(args.toArray(String[]::new)), err.toString());
    }
}

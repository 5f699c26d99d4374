package io.cutover.cli;

import io.cutover.outcome.ExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewriteCommandTest {

    @Test
    void rewritesADirectoryAndSaysWhenAHumanIsNeeded(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("old"));
        Files.writeString(in.resolve("a.sql"), "SELECT p.post_id FROM channels_post p -- keep me\n");
        Path out = dir.resolve("new");
        assertEquals(ExitCode.OK, Cutover.execute("rewrite", in.toString(), "--out", out.toString()));
        assertEquals("SELECT p.id AS post_id FROM discussions_post p -- keep me\n", Files.readString(out.resolve("a.sql")));
        assertTrue(Files.readString(out.resolve("review/a.diff")).contains("+SELECT p.id AS post_id"));
        assertTrue(Files.readString(out.resolve("REVIEW.md")).contains("| a | rewritten clean |"));

        Files.writeString(in.resolve("b.sql"), "SELECT count(*) FROM channels_post WHERE channel_id = 3\n");
        assertEquals(ExitCode.DIFFERENCES, Cutover.execute("rewrite", in.toString(), "--out", out.toString()));
        assertTrue(Files.readString(out.resolve("review/b.findings.txt")).startsWith("1:55 ERROR [surrogate-literal]"));
    }

    @Test
    void badInputIsAConfigurationError(@TempDir Path dir) throws Exception {
        assertEquals(ExitCode.USAGE, Cutover.execute("rewrite", dir.resolve("missing").toString(), "--out", dir.toString()));
        assertEquals(ExitCode.USAGE, Cutover.execute("rewrite", dir.toString(), "--out", dir.resolve("o").toString()));
        Files.writeString(dir.resolve("q.sql"), "SELECT 1");
        Path mapping = dir.resolve("m.yaml");
        Files.writeString(mapping, "mapping: x\n");
        assertEquals(ExitCode.USAGE, Cutover.execute("rewrite", dir.toString(), "--out", dir.resolve("o").toString(), "--mapping", mapping.toString()));
    }
}

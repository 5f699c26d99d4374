package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backfill writes only the mapping's targets, and never one a source reads, on the shipped mapping and a variant. */
class WriteTargetGuardTest {
    private static final Mapping SHIPPED = Mapping.shipped();

    private static String shippedText() throws IOException {
        try (InputStream in = Mapping.class.getResourceAsStream("/io/cutover/mapping/" + Mapping.SHIPPED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void usersAreNotBackfilledBecauseTheMirrorReadsAuthUser() {
        CutoverException e = assertThrows(CutoverException.class, () -> WriteTargetGuard.check(SHIPPED, "auth_user"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("backfill: refusing to write auth_user: it is also read as old data by "
                + "source 'mirror' (entity user: table)"), e.getMessage());
        CutoverException job = assertThrows(CutoverException.class, () -> BackfillJob.of(SHIPPED, TargetDatabase.CATALOG, "user",
                List.of("id", "username"), "sha256:m", "run", 0));
        assertEquals(ExitCode.USAGE, job.exitCode());
    }

    @Test
    void everyOtherTargetOfTheShippedMappingMayBeWrittenAndNothingElse() {
        for (String table : List.of("discussions_channel", "discussions_post", "discussions_comment", "discussions_postvote",
                "discussions_commentvote", "discussions_newcommenttreenode", "discussions_oldcommenttreenode",
                "discussions_bestcommenttreenode")) {
            WriteTargetGuard.check(SHIPPED, table);
        }
        CutoverException e = assertThrows(CutoverException.class, () -> WriteTargetGuard.check(SHIPPED, "channels_post"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("channels_post is not a target table of mapping 'open-discussions'"), e.getMessage());
    }

    @Test
    void aTargetReadInsideASourcesSqlExpressionIsRefusedNamingTheColumn() throws IOException {
        String text = shippedText();
        String article = "FROM channels_article a WHERE a.post_id = o.id";
        assertTrue(text.contains(article));
        Mapping reading = Mapping.load("reads-its-target.yaml", text.replace(article, "FROM discussions_comment a WHERE a.post_id = o.id"));
        CutoverException e = assertThrows(CutoverException.class, () -> WriteTargetGuard.check(reading, "discussions_comment"));
        assertTrue(e.getMessage().contains("refusing to write discussions_comment: it is also read as old data by source 'mirror' "
                + "(entity post: sql of column plain_text)"), e.getMessage());
    }

    @Test
    void theSourcesOfTheShippedMappingReadTheOldTablesOnly() {
        var readers = WriteTargetGuard.readers(SHIPPED);
        assertTrue(readers.keySet().containsAll(List.of("auth_user", "channels_channel", "channels_channelgrouprole", "channels_post",
                "channels_comment", "channels_article", "reddit_thing_link", "reddit_data_link", "reddit_data_comment")),
                readers.keySet().toString());
        assertTrue(readers.get("channels_article").contains("source 'mirror' (entity post: sql of column plain_text)"), readers.toString());
        assertTrue(readers.get("reddit_data_comment").contains("source 'reddit' (check post-num-comments)"), readers.toString());
    }

    @Test
    void aRenumberedSurrogateIsNotARowsToCarry() {
        List<String> withId = List.of("id", "name", "created_on", "updated_on", "title", "channel_type", "allowed_post_types",
                "membership_is_managed", "public_description");
        CutoverException e = assertThrows(CutoverException.class,
                () -> BackfillJob.of(SHIPPED, TargetDatabase.CATALOG, "channel", withId, "sha256:m", "run", 0));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("discussions_channel.id is a renumbered surrogate"), e.getMessage());
        BackfillJob job = BackfillJob.of(SHIPPED, TargetDatabase.CATALOG, "channel", withId.subList(1, withId.size()), "sha256:m", "run", 0);
        assertEquals(List.of("name"), job.target().key());
        assertEquals("discussions_channel", job.target().table());
    }

    @Test
    void aMappingsDigestIsItsTextsSha256() {
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb924", MappingDigest.of(""));
        assertTrue(!MappingDigest.of("a").equals(MappingDigest.of("b")));
    }
}

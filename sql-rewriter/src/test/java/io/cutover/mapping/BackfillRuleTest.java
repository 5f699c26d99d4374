package io.cutover.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A column rule's {@code backfill:} option, which says which source gives a column when the
 * backfill builds rows: read from the shipped mapping, and refused at its file:line:column when it
 * names an unknown source, a source without a rule for the column, or a column the table lacks.
 */
class BackfillRuleTest {
    private static final String PLAIN_TEXT = "backfill: {from: mirror}";
    private static final String CREATED_ON = "backfill: {also: [created_on]}";

    @Test
    void theShippedMappingSaysWhereThePostsPlainTextAndAVotesCreatedOnComeFrom() {
        Mapping m = Mapping.shipped();
        ColumnRule plain = m.entity("post").orElseThrow().from().get("mirror").ruleForNew("plain_text").orElseThrow();
        assertEquals("mirror", plain.backfill().from());
        for (String vote : List.of("postvote", "commentvote")) {
            ColumnRule updated = m.entity(vote).orElseThrow().from().get("votes").ruleForNew("updated_on").orElseThrow();
            assertEquals(List.of("created_on"), updated.backfill().also(), vote);
        }
        assertEquals(null, m.entity("post").orElseThrow().from().get("mirror").ruleForNew("title").orElseThrow().backfill());
    }

    @Test
    void anUnknownSourceIsRefusedAtItsPosition() {
        String text = shipped().replace(PLAIN_TEXT, "backfill: {from: archive}");
        assertEquals(List.of(at(text, "backfill: {from: archive}") + "unknown source 'archive' (declared: [reddit, mirror, votes])"),
                messages(text));
    }

    @Test
    void aSourceWithoutARuleGivingTheColumnIsRefused() {
        String text = shipped().replace(PLAIN_TEXT, "backfill: {from: reddit}");
        assertEquals(List.of(at(text, "backfill: {from: reddit}") + "source 'reddit' has no rule giving column 'plain_text' of"
                + " discussions_post (a dropped, renumbered or new_sql rule gives no value)"), messages(text));
        // Reddit's post_type is a new_sql projection (an article is a self post to Reddit): not the column's value
        String projection = shipped().replace("- {new: post_type, old: post_type, transform: {enum: {self: text}}}",
                "- {new: post_type, old: post_type, transform: {enum: {self: text}}, backfill: {from: reddit}}");
        List<String> found = messages(projection);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).endsWith("source 'reddit' has no rule giving column 'post_type' of discussions_post"
                + " (a dropped, renumbered or new_sql rule gives no value)"), found.toString());
    }

    @Test
    void alsoNamesAColumnOfTheTableThatNoSourceGives() {
        String unknown = shipped().replaceFirst(java.util.regex.Pattern.quote(CREATED_ON), "backfill: {also: [created_at]}");
        assertEquals(List.of(at(unknown, "backfill: {also: [created_at]}") + "unknown column 'created_at' in table discussions_postvote"),
                messages(unknown));
        String given = shipped().replaceFirst(java.util.regex.Pattern.quote(CREATED_ON), "backfill: {also: [direction]}");
        assertEquals(List.of(at(given, "backfill: {also: [direction]}") + "column 'direction' is given by source 'votes' already"),
                messages(given));
        String empty = shipped().replace(PLAIN_TEXT, "backfill: {frm: mirror}");
        List<String> found = messages(empty);
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.contains("frm")), found.toString());
    }

    /** The position and key every problem of the option starts with: file:line:column of the option's map. */
    private static String at(String text, String option) {
        int offset = text.indexOf(option);
        int line = (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
        int column = offset - text.lastIndexOf('\n', offset - 1) + "backfill: ".length();
        String problem = messages(text).get(0);
        String prefix = "bad.yaml:" + line + ":" + column + ": ";
        assertTrue(problem.startsWith(prefix), problem + " does not start with " + prefix);
        return problem.substring(0, problem.indexOf(": ", prefix.length()) + 2);
    }

    private static List<String> messages(String text) {
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("bad.yaml", text));
        return e.problems().stream().map(MappingProblem::toString).toList();
    }

    private static String shipped() {
        try (InputStream in = Mapping.class.getResourceAsStream("/io/cutover/mapping/" + Mapping.SHIPPED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.cutover.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import org.junit.jupiter.api.Test;

/** How values and keys of a report become SQL: quoted, and references translated back to ids. */
class TargetValuesTest {
    private final Mapping mapping = Mapping.shipped();
    private final TargetValues values = new TargetValues(mapping);

    private EntitySpec entity(String name) {
        return mapping.entity(name).orElseThrow();
    }

    @Test
    void literalsAreQuotedAndCommentsStayOnOneLine() {
        assertEquals("'it''s'", SqlText.literal("it's"));
        assertEquals("NULL", SqlText.literal(null));
        assertEquals("'x\\y'", SqlText.literal("x\\y"));
        assertEquals("\"a\"\"b\"", SqlText.identifier("a\"b"));
        assertThrows(IllegalArgumentException.class, () -> SqlText.literal("a\0b"));
        String comment = SqlText.comment("key {\"id\":1}\nDROP TABLE x");
        assertFalse(comment.contains("\n"));
        assertTrue(comment.startsWith("-- "));
    }

    @Test
    void aReferenceByNaturalKeyIsLookedUpInTheReferencedTable() {
        TargetValues.Translated channel = values.expression(entity("post"), "reddit", "channel_id", "physics");
        assertEquals("(SELECT \"id\" FROM \"discussions_channel\" WHERE \"name\" = 'physics')", channel.sql());
        assertEquals("EXISTS (SELECT 1 FROM \"discussions_channel\" WHERE \"name\" = 'physics')", channel.requires());
        TargetValues.Translated voter = values.expression(entity("postvote"), "votes", "voter_id", "o'neil");
        assertEquals("(SELECT \"id\" FROM \"auth_user\" WHERE \"username\" = 'o''neil')", voter.sql());
    }

    @Test
    void aReferenceByIdAndAPlainColumnAreWrittenAsTheyAre() {
        assertEquals("'12'", values.expression(entity("comment"), "mirror", "post_id", "12").sql());
        assertEquals("'A title'", values.expression(entity("post"), "reddit", "title", "A title").sql());
        assertEquals("NULL", values.expression(entity("post"), "reddit", "channel_id", null).sql());
    }

    @Test
    void aKeyBecomesItsRowsCondition() {
        assertEquals("t.\"id\" = '7'", RowKey.condition(values, entity("post"), "reddit", "{\"id\":7}").sql());
        TargetValues.Translated vote = RowKey.condition(values, entity("postvote"), "votes", "{\"post_id\":3,\"voter_id\":\"ann\"}");
        assertEquals("t.\"post_id\" = '3' AND t.\"voter_id\" = (SELECT \"id\" FROM \"auth_user\" WHERE \"username\" = 'ann')", vote.sql());
        assertFalse(RowKey.condition(values, entity("post"), "reddit", "{\"id\":null}").ok());
        assertFalse(RowKey.condition(values, entity("post"), "reddit", "not json").ok());
    }
}

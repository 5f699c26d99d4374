package io.cutover.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each value key of a column rule becomes one kind of {@link ColumnSource}; the old accessors read it back. */
class ColumnSourceTest {
    private static final Mapping SHIPPED = Mapping.shipped();

    private static ColumnRule rule(String entity, String source, String newColumn) {
        return SHIPPED.entity(entity).orElseThrow().from().get(source).ruleForNew(newColumn).orElseThrow();
    }

    @Test
    void anOldColumn() {
        ColumnRule r = rule("post", "mirror", "title");
        assertEquals(new ColumnSource.OldColumn("title"), r.source());
        assertEquals("title", r.old());
        assertNull(r.dataKey());
        assertNull(r.sql());
        assertFalse(r.dropped());
    }

    @Test
    void aDataKeyWithItsDecoderAndDefault() {
        ColumnRule r = rule("post", "reddit", "edited");
        assertEquals(new ColumnSource.DataKey("editted", "edited", "false"), r.source());
        assertEquals("editted", r.dataKey());
        assertEquals("edited", r.decode());
        assertEquals("false", r.defaultValue());
        assertNull(r.old());
    }

    @Test
    void anExpressionAndTheColumnOrKeyItStandsFor() {
        ColumnRule plain = rule("post", "mirror", "plain_text");
        ColumnSource.SqlExpression e = (ColumnSource.SqlExpression) plain.source();
        assertEquals(new ColumnSource.OldColumn("preview_text"), e.standsFor());
        assertEquals("preview_text", plain.old());
        assertEquals(e.sql(), plain.sql());

        ColumnRule text = rule("post", "reddit", "text");
        assertEquals(new ColumnSource.DataKey("selftext", null, null), ((ColumnSource.SqlExpression) text.source()).standsFor());
        assertEquals("selftext", text.dataKey());
        assertTrue(text.newSql().startsWith("CASE WHEN n.post_type"));

        ColumnRule types = rule("channel", "reddit", "allowed_post_types");
        assertNull(((ColumnSource.SqlExpression) types.source()).standsFor());
        assertNull(types.old());
        assertNull(types.dataKey());
    }

    @Test
    void anExpectedValueAPivotAndADroppedColumn() {
        ColumnRule ignored = rule("post", "mirror", "reports_ignored");
        assertEquals(new ColumnSource.Expected("false"), ignored.source());
        assertTrue(ignored.hasExpect());
        assertEquals("false", ignored.expect());

        ColumnRule moderators = rule("channel", "mirror", "moderator_group_id");
        assertEquals(new ColumnSource.Pivoted("moderators"), moderators.source());
        assertEquals("moderators", moderators.pivot());
        assertFalse(moderators.hasExpect());

        ColumnRule dropped = SHIPPED.entity("post").orElseThrow().from().get("mirror").ruleForOld("exclude_from_frontpage_emails").orElseThrow();
        assertEquals(new ColumnSource.Dropped("exclude_from_frontpage_emails"), dropped.source());
        assertTrue(dropped.dropped());
        assertEquals("exclude_from_frontpage_emails", dropped.old());
        assertNull(dropped.newColumn());
        assertEquals("exclude_from_frontpage_emails", dropped.name());
    }

    @Test
    void theOptionsStandBesideTheSource() {
        ColumnRule parent = rule("comment", "mirror", "parent_id");
        assertEquals("-1", parent.options().marker());
        assertEquals(parent.options().marker(), parent.marker());
        assertEquals(NullSemantics.OLD_NULL_UNKNOWN, parent.nulls());
        assertEquals(java.util.List.of("t1", "t3"), parent.literals());
        assertTrue(parent.identifies());
        assertEquals(ColumnRule.Values.RENUMBERED,
                SHIPPED.entity("post").orElseThrow().from().get("mirror").ruleForOld("id").orElseThrow().values());
    }

    @Test
    void anExpectedNullIsStillAnExpectation() {
        Mapping m = Mapping.load("e.yaml", MappingReaderTest.minimal("""
                          - {new: name, old: name}
                          - {new: title, expect: ~}
                """));
        ColumnRule title = m.entity("channel").orElseThrow().from().get("mirror").ruleForNew("title").orElseThrow();
        assertEquals(new ColumnSource.Expected(null), title.source());
        assertTrue(title.hasExpect());
        assertNull(title.expect());
    }
}

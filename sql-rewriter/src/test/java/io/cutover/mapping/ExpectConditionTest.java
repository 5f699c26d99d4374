package io.cutover.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cutover.schema.Catalog;
import io.cutover.side.PostgresDialect;
import io.cutover.side.SideCompiler;
import io.cutover.side.SideQuery;
import io.cutover.side.SparkDialect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code expect:} with a condition, and {@code nulls: new-null-unknown}: read, validated at their line, compiled for both engines. */
class ExpectConditionTest {
    private static String mapping(String postColumns) {
        return """
                mapping: t
                schemas:
                  app: [app.sql]
                  app2025: [app.sql, app-2025.sql]
                sources:
                  mirror: {kind: database, schema: app, role: mirror}
                target: {schema: app2025}
                entities:
                  - name: post
                    target: {table: channels_post, key: [id]}
                    from:
                      mirror:
                        table: channels_post
                        columns:
                %s
                """.formatted(postColumns.indent(10).stripTrailing());
    }

    @Test
    void aConditionIsReadAndEachEngineChecksItOnTheNewRow() {
        Mapping m = Mapping.load("c.yaml", mapping("""
                - {new: id, old: id}
                - {new: archived_on, expect: {same_for_all: true}}
                - {new: created_on, expect: {between: [updated_on, now]}}
                - {new: title, expect: {not_null: true}}
                - {new: cached_plain_text, old: text, nulls: new-null-unknown}
                - {new: score, expect: 0}"""));
        SideSpec mirror = m.entity("post").orElseThrow().from().get("mirror");
        ColumnRule archived = mirror.ruleForNew("archived_on").orElseThrow();
        assertEquals(ExpectCondition.Kind.SAME_FOR_ALL, archived.expectCondition().kind());
        assertEquals(List.of("updated_on", "now"), mirror.ruleForNew("created_on").orElseThrow().expectCondition().bounds());
        assertEquals(NullSemantics.NEW_NULL_UNKNOWN, mirror.ruleForNew("cached_plain_text").orElseThrow().nulls());
        assertEquals("0", mirror.ruleForNew("score").orElseThrow().expect(), "a literal stays a literal");
        assertNull(mirror.ruleForNew("score").orElseThrow().expectCondition());

        SideCompiler compiler = new SideCompiler(m, s -> Catalog.of(m.schemas().get(s).toArray(String[]::new)));
        SideQuery old = compiler.old(m.entity("post").orElseThrow(), "mirror");
        assertEquals("CAST('expected: between updated_on and now' AS STRING)", SparkDialect.SPARK.print(old.column("created_on").value(), "o").text());
        assertEquals("STRING", old.column("created_on").sparkType());
        SideQuery fresh = compiler.newSide(m.entity("post").orElseThrow(), "mirror", List.of("archived_on", "created_on", "title"));
        PostgresDialect pg = new PostgresDialect(Map.of("n", "channels_post"), (t, c) -> null);
        assertEquals("(CASE WHEN CAST(n.`created_on` AS TIMESTAMP) >= CAST(n.`updated_on` AS TIMESTAMP) AND CAST(n.`created_on` AS TIMESTAMP)"
                + " <= current_timestamp() THEN 'expected: between updated_on and now' ELSE CAST(CAST(n.`created_on` AS TIMESTAMP) AS STRING) END)",
                SparkDialect.SPARK.print(fresh.column("created_on").value(), "n").text());
        assertEquals("(CASE WHEN CAST(n.\"title\" AS text) IS NOT NULL THEN 'expected: not null' ELSE CAST(CAST(n.\"title\" AS text) AS text) END)",
                pg.print(fresh.column("title").value(), "n").text());
        assertEquals("(CASE WHEN CAST(n.\"archived_on\" AS timestamptz) = (SELECT cutover_all.\"archived_on\" FROM channels_post cutover_all"
                + " WHERE cutover_all.\"archived_on\" IS NOT NULL GROUP BY cutover_all.\"archived_on\" ORDER BY count(*) DESC,"
                + " cutover_all.\"archived_on\" LIMIT 1) THEN 'expected: the same value in every row'"
                + " ELSE CAST(CAST(n.\"archived_on\" AS timestamptz) AS text) END)", pg.print(fresh.column("archived_on").value(), "n").text());
    }

    @Test
    void aConditionThatCannotHoldIsAnErrorAtItsLine() {
        String yaml = mapping("""
                - {new: id, old: id, expect: {not_null: true}}
                - {new: archived_on, expect: {between: [created_on, ghost]}}
                - {new: title, expect: {between: [created_on, now]}}
                - {new: score, expect: {between: [0]}}
                - {new: text, expect: {not_null: false}}
                - {new: url, expect: {unique: true}}
                - {new: created_on, expect: {between: [yesterday, now]}}
                - {new: cached_plain_text, old: text, nulls: new-null}""");
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("c.yaml", yaml));
        List<String> problems = e.problems().stream().map(MappingProblem::toString).toList();
        String at = "c.yaml:%d:%d: entities.post.from.mirror.columns.";
        assertEquals(List.of(
                at.formatted(15, 13) + "id: give only one of old, key, sql, expect, pivot (old or key may go with sql)",
                at.formatted(18, 44) + "score.expect.between: between takes two bounds, [low, high]: a column of the new row, now, or a timestamp",
                at.formatted(19, 44) + "text.expect.not_null: not_null is a condition: write not_null: true, or leave it out",
                at.formatted(20, 33) + "url.expect.unique: unknown key (allowed: not_null, between, same_for_all)",
                at.formatted(22, 56) + "cached_plain_text.nulls: 'new-null' is not one of [equal, old-null-unknown, new-null-unknown, empty-is-null]",
                at.formatted(15, 40) + "id.expect: a key column is matched, not expected: id",
                at.formatted(16, 40) + "archived_on.expect.between: unknown column 'channels_post.ghost'",
                at.formatted(17, 34) + "title.expect.between: between compares times or numbers, title is varchar (300)",
                at.formatted(17, 34) + "title.expect.between: now bounds a time, title is varchar (300)",
                at.formatted(21, 39) + "created_on.expect.between: unknown column 'channels_post.yesterday'"), problems);
    }
}

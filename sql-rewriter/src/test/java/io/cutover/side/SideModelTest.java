package io.cutover.side;

import static io.cutover.side.SparkDialect.SPARK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.ValueComparator;
import io.cutover.schema.Catalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SideModelTest {
    private static final PostgresDialect POSTGRES = new PostgresDialect(Map.of("o", "channels_post"),
            (table, column) -> table.equals("channels_article") && column.equals("content") ? "jsonb" : null);

    @Test
    void oneColumnIsPrintedForSparkAndForPostgresql() {
        SideExpr postType = new SideExpr.Cast(new SideExpr.EnumRemap(SideExpr.Column.ofRow("post_type"), Map.of("self", "text")),
                "STRING");
        assertEquals("CAST((CASE o.`post_type` WHEN 'self' THEN 'text' ELSE o.`post_type` END) AS STRING)",
                SPARK.print(postType, "o").text());
        assertEquals("CAST((CASE o.\"post_type\" WHEN 'self' THEN 'text' ELSE o.\"post_type\" END) AS text)",
                POSTGRES.print(postType, "o").text());
        // A mapping literal: bare when a number, a string otherwise, each engine's escaping.
        SideExpr title = new SideExpr.Coalesce(List.of(SideExpr.Column.ofRow("title"), new SideExpr.Literal("it's", false),
                new SideExpr.Literal("3", false)));
        assertEquals("coalesce(o.`title`, 'it\\'s', 3)", SPARK.print(title, "o").text());
        assertEquals("coalesce(o.\"title\", 'it''s', 3)", POSTGRES.print(title, "o").text());
    }

    @Test
    void aNodeWithNoPostgresqlFormSaysWhy() {
        SideExpr id = new SideExpr.Cast(new SideExpr.Call("cutover_base36", List.of(SideExpr.Column.ofRow("id36")),
                "base36 is decoded in Spark"), "BIGINT");
        assertEquals("CAST(cutover_base36(o.`id36`) AS BIGINT)", SPARK.print(id, "o").text());
        Printed pg = POSTGRES.print(id, "o");
        assertInstanceOf(Printed.NotPortable.class, pg);
        assertEquals("base36 is decoded in Spark", ((Printed.NotPortable) pg).reason());

        ParsedSql markdown = ParsedSql.parse("plain_text_from_markdown(o.text)", "o", "cutover_sq_plain_text");
        Printed notPortable = POSTGRES.print(new SideExpr.Expression(markdown), "o");
        assertFalse(notPortable.portable());
        assertTrue(((Printed.NotPortable) notPortable).reason().contains("plain_text_from_markdown"), notPortable.toString());
        assertEquals(List.of("text"), markdown.rowColumns());
    }

    @Test
    void anExpressionIsParsedOnceIntoItsColumnsAndSubqueries() {
        ParsedSql sql = ParsedSql.parse("CASE o.post_type WHEN 'self' THEN plain_text_from_markdown(o.text) ELSE "
                + "plain_text_from_article((SELECT max(a.content) FROM channels_article a WHERE a.post_id = o.id)) END", "o",
                "cutover_sq_plain_text");
        assertEquals(List.of("post_type", "text", "id"), sql.rowColumns());
        assertEquals(1, sql.subqueries().size());
        assertEquals("cutover_sq_plain_text_1", sql.subqueries().get(0).name());
        assertTrue(sql.tables().contains("channels_article"), sql.tables().toString());
        ParsedSql shipped = sql.shipped();
        assertTrue(shipped.text().contains("plain_text_from_article(o.cutover_sq_plain_text_1)"), shipped.text());
        assertEquals(List.of("post_type", "text"), shipped.rowColumns());
        assertTrue(new SideExpr.Expression(sql).hasSubquery());
        assertFalse(new SideExpr.Expression(sql).local());
    }

    @Test
    void aRestrictionIsPrintedFromTheQuerysBoundsNotSplicedIntoText() {
        BoundedQuery q = new BoundedQuery.Builder().append("SELECT o.\"id\" FROM post o WHERE ").bound("o.\"id\"")
                .build("o.\"post_id\"", false);
        assertEquals("SELECT o.\"id\" FROM post o WHERE TRUE", q.print(Restriction.all()));
        assertEquals("SELECT o.\"id\" FROM post o WHERE (o.\"id\" >= 10 AND o.\"id\" < 20)", q.print(Restriction.range(10L, 20L)));
        assertEquals("SELECT o.\"id\" FROM post o WHERE (o.\"id\" < 20)", q.print(Restriction.range(null, 20L)));
        assertEquals("SELECT o.\"id\" FROM post o WHERE (o.\"id\" >= 10)", q.print(Restriction.range(10L, null)));
        // Keys are one array parameter, however many: a placeholder, bound (or written) as one array value.
        assertEquals("SELECT o.\"id\" FROM post o WHERE TRUE AND (o.\"post_id\" = ANY(?))",
                q.print(Restriction.keys(List.of(1, "a'b"))));
        assertEquals(1, q.placeholders(Restriction.keys(List.of(1, "a'b"))));
        assertEquals("SELECT o.\"id\" FROM post o WHERE TRUE AND (o.\"post_id\" = ANY('{\"1\",\"a''b\"}'::text[]))",
                q.printBinding(Restriction.keys(List.of(1, "a'b"))));
        assertEquals("'{\"a\\\\b\\\"c\"}'::text[]", ((Restriction.Keys) Restriction.keys(List.of("a\\b\"c"))).arrayLiteral());
        assertEquals("SELECT o.\"id\" FROM post o WHERE TRUE AND FALSE", q.print(Restriction.keys(List.of())));
        assertEquals(0, q.placeholders(Restriction.keys(List.of())));
        // A Reddit thing id: the keys go where the bounds go, on the thing and its key-value rows alike.
        BoundedQuery thing = new BoundedQuery.Builder().append("SELECT * FROM (SELECT d.* FROM data d WHERE ").bound("d.\"thing_id\"")
                .append(") o WHERE ").bound("o.\"thing_id\"").build("o.\"thing_id\"", true);
        assertEquals("SELECT * FROM (SELECT d.* FROM data d WHERE (d.\"thing_id\" = ANY(?))) o WHERE (o.\"thing_id\" = ANY(?))",
                thing.print(Restriction.keys(List.of(7L))));
        assertEquals(2, thing.placeholders(Restriction.keys(List.of(7L))));
        List<Object> many = new java.util.ArrayList<>();
        for (long k = 0; k < 30_000; k++) many.add(k);
        String bound = thing.printBinding(Restriction.keys(many));
        assertTrue(bound.contains("(o.\"thing_id\" = ANY('{0,1,2,") && bound.contains(",29999}'::bigint[]))"), bound.substring(0, 200));
        assertFalse(bound.contains("ARRAY["), "one literal, not one per key");
        assertNull(BoundedQuery.of("SELECT 1 WHERE ", new BoundedQuery.Bound("x")).print(Restriction.keys(List.of(1))));
    }

    @Test
    void theShippedMappingCompilesToOneModelPerSide() {
        Mapping mapping = Mapping.shipped();
        SideCompiler compiler = new SideCompiler(mapping, s -> Catalog.of(mapping.schemas().get(s).toArray(String[]::new)));
        EntitySpec post = mapping.entity("post").orElseThrow();
        SideQuery reddit = compiler.old(post, "reddit");
        SideQuery.KeyValuePivot pivot = assertInstanceOf(SideQuery.KeyValuePivot.class, reddit.base());
        assertEquals("reddit_thing_link", pivot.thing());
        assertTrue(pivot.keys().contains("sr_id") && pivot.keys().contains("title"), pivot.keys().toString());
        // A reference: the channel's natural key looked up by the thing id the key-value row holds.
        SideExpr channel = reddit.column("channel_id").value();
        assertTrue(channel.readsJoined());
        Join.Reference ref = (Join.Reference) reddit.joins().get(0);
        assertEquals(new SideExpr.Column(new SideExpr.Joined(ref.alias()), "ref_key"), channel);
        assertEquals(List.of("sr_id"), ref.value().rowColumns());
        assertTrue(SPARK.join(ref, "o").text().contains("FROM cutover_pivot_channel_reddit"));
        PostgresDialect pg = new PostgresDialect(Map.of("o", "reddit_thing_link"), (t, c) -> null);
        assertTrue(pg.join(ref, "o").text().contains("FROM reddit_thing_subreddit t JOIN"), pg.join(ref, "o").text());

        SideQuery newSide = compiler.newSide(post, "reddit", reddit.columns().stream().map(SideQuery.Output::name).toList());
        assertEquals("n", newSide.alias());
        assertEquals(reddit.columns().size(), newSide.columns().size());
        assertEquals("CAST(n.`title` AS STRING)", SPARK.print(newSide.column("title").value(), "n").text());
        assertEquals("CAST(n.\"title\" AS text)", pg.print(newSide.column("title").value(), "n").text());
    }

    @Test
    void anEncodedIdIsPrintedForSparkAndForPostgresql() {
        Mapping mapping = Mapping.load("encode.yaml", """
                mapping: t
                schemas:
                  app: [app.sql]
                  app2025: [app.sql, app-2025.sql]
                sources:
                  mirror: {kind: database, schema: app, role: mirror}
                target: {schema: app2025}
                entities:
                  - name: post
                    target: {table: channels_post, key: [reddit_id]}
                    from:
                      mirror:
                        table: channels_post
                        columns:
                          - {new: reddit_id, old: post_id, transform: base36_encode}
                          - {new: title, old: title}
                """);
        SideCompiler compiler = new SideCompiler(mapping, s -> Catalog.of(mapping.schemas().get(s).toArray(String[]::new)));
        SideQuery mirror = compiler.old(mapping.entity("post").orElseThrow(), "mirror");
        SideExpr key = mirror.keys().get(0).value();
        assertTrue(SPARK.print(key, "o").text().contains("cutover_base36_encode(CAST(o.`post_id` AS BIGINT))"),
                SPARK.print(key, "o").text());
        Printed pg = new PostgresDialect(Map.of("o", "channels_post"), (t, c) -> null).print(key, "o");
        // It used to have no PostgreSQL form ("base36 is encoded in Spark"): now plain SQL, over the same column.
        assertTrue(pg.portable(), pg.toString());
        assertTrue(pg.text().contains("(SELECT (CAST(o.\"post_id\" AS bigint))::bigint AS n) cutover_n36"), pg.text());
    }

    @Test
    void eachComparatorKnowsItsNormalisationInEachEngine() {
        ColumnComparator trim = ColumnComparator.of(ValueComparator.simple(ValueComparator.Kind.TRIM));
        assertEquals("trim(x)", trim.inSpark("x"));
        assertEquals("trim(x)", trim.inPostgres("x").text());
        ColumnComparator lower = ColumnComparator.of(ValueComparator.simple(ValueComparator.Kind.CASE_INSENSITIVE));
        assertEquals("lower(x)", lower.inSpark("x"));
        assertEquals("lower follows the database's locale", ((Printed.NotPortable) lower.inPostgres("x")).reason());
        ColumnComparator grid = ColumnComparator.of(new ValueComparator(ValueComparator.Kind.NUMERIC, 0.5, null, null));
        assertEquals("floor(x / 0.5)", grid.hashed("x"));
        assertEquals("BIGINT", grid.hashedType("DOUBLE"));
        assertFalse(grid.inPostgres("x").portable());
        assertFalse(new PostgresDialect(Map.of(), (t, c) -> null).canonicalText("x", "DOUBLE").portable());
    }
}

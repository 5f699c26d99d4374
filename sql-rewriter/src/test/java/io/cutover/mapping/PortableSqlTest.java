package io.cutover.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortableSqlTest {
    private static final PortableSql.ColumnTypes TYPES = (table, column) -> switch (table + "." + column) {
        case "channels_article.content" -> "jsonb";
        case "channels_post.post_id", "channels_comment.comment_id" -> "bigint";
        case "channels_post.title" -> "varchar(300)";
        default -> null;
    };

    private static Optional<String> pg(String spark) {
        return PortableSql.toPostgres(spark, Map.of("o", "channels_post", "n", "discussions_post"), TYPES);
    }

    @Test
    void theShippedMappingsPlainExpressionsArePortable() {
        assertEquals(Optional.of("CASE o.link_type WHEN 'any' THEN 3 WHEN 'link' THEN 1 ELSE 2 END"),
                pg("CASE o.link_type WHEN 'any' THEN 3 WHEN 'link' THEN 1 ELSE 2 END"));
        assertEquals(Optional.of("n.allowed_post_types & 3"), pg("n.allowed_post_types & 3"));
        assertEquals(Optional.of("coalesce(n.parent_id, -1)"), pg("coalesce(n.parent_id, -1)"));
        assertEquals(Optional.of("CASE WHEN o.is_self = 'f' THEN NULL ELSE coalesce(o.selftext, '') END"),
                pg("CASE WHEN o.is_self = 'f' THEN NULL ELSE coalesce(o.selftext, '') END"));
        String parent = "CASE WHEN o.parent_id = (SELECT max(p.post_id) FROM channels_post p WHERE p.id = o.post_id) THEN"
                + " CASE WHEN EXISTS (SELECT 1 FROM channels_comment x WHERE x.post_id = o.post_id AND x.comment_id = o.parent_id)"
                + " THEN NULL ELSE -1 END ELSE o.parent_id END";
        assertEquals(Optional.of(parent), pg(parent), "max of a bigint needs no collation");
    }

    @Test
    void registeredFunctionsAndSparkOnlySpellingsAreNot() {
        assertEquals(Optional.empty(), pg("plain_text_from_markdown(o.text)"));
        assertEquals(Optional.empty(), pg("CASE o.post_type WHEN 'self' THEN plain_text_from_markdown(o.text) END"));
        assertEquals(Optional.empty(), pg("o.score / 2"), "Spark divides in doubles, PostgreSQL integers in integers");
        assertEquals(Optional.empty(), pg("o.kind = \"pickle\""), "a double-quoted string in Spark is a name in PostgreSQL");
        assertEquals(Optional.empty(), pg("o.title = 'it\\'s'"), "backslash escapes");
        assertEquals(Optional.empty(), pg("lower(o.title)"), "lower depends on the database's locale");
        assertEquals(Optional.empty(), pg("o.a <=> o.b"));
        assertEquals(Optional.empty(), pg("(o.score / 2) IS NULL"));
    }

    @Test
    void textIsOrderedByBytesAndJsonReadAsText() {
        Optional<String> article = pg("(SELECT max(a.content) FROM channels_article a WHERE a.post_id = o.id)");
        assertEquals(Optional.of("(SELECT max(a.content::text COLLATE \"C\") FROM channels_article a WHERE a.post_id = o.id)"), article);
        assertTrue(pg("(SELECT max(p.title) FROM channels_post p WHERE p.id = o.id)").orElseThrow().contains("COLLATE \"C\""));
        assertEquals(Optional.of("CAST(o.`x` AS text)").map(s -> s.replace("`", "")), pg("CAST(o.`x` AS STRING)"));
    }
}

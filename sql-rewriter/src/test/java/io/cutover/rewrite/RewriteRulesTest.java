package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.Mapping;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One test per rewrite rule and per finding; findings are checked with their line:col. */
class RewriteRulesTest {
    private static SqlRewriter rewriter;

    @BeforeAll
    static void start() {
        rewriter = new SqlRewriter(Mapping.shipped());
    }

    @AfterAll
    static void stop() {
        rewriter.close();
    }

    private static RewriteResult rw(String sql) {
        return rewriter.rewrite(sql);
    }

    private static List<String> findings(RewriteResult r) {
        return r.findings().stream().map(f -> f.line() + ":" + f.column() + " " + f.severity() + " " + f.rule()).toList();
    }

    // ---- renames --------------------------------------------------------------------------

    @Test
    void renamesTablesAndKeepsAliasesCommentsAndLayout() {
        RewriteResult r = rw("SELECT p.title -- the title\n  FROM   channels_post   p /* posts */\n");
        assertEquals("SELECT p.title -- the title\n  FROM   discussions_post   p /* posts */\n", r.rewritten());
        assertEquals(Status.CLEAN, r.status());
    }

    @Test
    void renamesQualifiersOfUnaliasedTables() {
        RewriteResult r = rw("SELECT channels_post.title FROM channels_post WHERE channels_post.deleted");
        assertEquals("SELECT discussions_post.title FROM discussions_post WHERE discussions_post.deleted", r.rewritten());
    }

    @Test
    void postIdTrapRenamesByResolvedTable() {
        // channels_post.post_id is the new id; channels_comment.post_id keeps its name (and now holds the Reddit id)
        RewriteResult r = rw("SELECT p.post_id, c.post_id AS pid FROM channels_comment c JOIN channels_post p ON p.id = c.post_id");
        assertEquals("SELECT p.id AS post_id, c.post_id AS pid FROM discussions_comment c JOIN discussions_post p ON p.id = c.post_id", r.rewritten());
        // c.post_id now shows the Reddit id of the post, not its Django id
        assertEquals(List.of("1:19 WARNING surrogate-output"), findings(r));
    }

    @Test
    void unqualifiedColumnsResolveThroughTheOnlyTableThatHasThem() {
        RewriteResult r = rw("SELECT post_id, comment_id FROM channels_comment c JOIN channels_post p ON p.id = c.post_id");
        assertEquals(List.of("1:8 ERROR ambiguous-column"), findings(r));
        RewriteResult r2 = rw("SELECT comment_id, title FROM channels_comment c JOIN channels_post p ON p.id = c.post_id");
        assertEquals("SELECT c.id AS comment_id, title FROM discussions_comment c JOIN discussions_post p ON p.id = c.post_id", r2.rewritten());
    }

    @Test
    void previewTextBecomesPlainTextWithAWarning() {
        RewriteResult r = rw("SELECT p.preview_text FROM channels_post p");
        assertEquals("SELECT p.plain_text AS preview_text FROM discussions_post p", r.rewritten());
        assertEquals(List.of("1:8 WARNING meaning"), findings(r));
    }

    @Test
    void resultNamesStayStableThroughCtes() {
        RewriteResult r = rw("WITH x AS (SELECT p.post_id FROM channels_post p)\nSELECT x.post_id FROM x ORDER BY x.post_id");
        assertEquals("WITH x AS (SELECT p.id AS post_id FROM discussions_post p)\nSELECT x.post_id FROM x ORDER BY x.post_id", r.rewritten());
        assertEquals(Status.CLEAN, r.status());
    }

    @Test
    void starOverAChangedTableIsExpandedWithOldNames() {
        RewriteResult r = rw("SELECT * FROM channels_comment");
        assertTrue(r.rewritten().contains("discussions_comment.id AS comment_id"), r.rewritten());
        assertTrue(r.findings().stream().anyMatch(f -> f.rule().equals("star-expanded") && f.line() == 1 && f.column() == 8));
        assertEquals("SELECT * FROM auth_user", rw("SELECT * FROM auth_user").rewritten());
    }

    @Test
    void subSelectOutputsResolve() {
        RewriteResult r = rw("SELECT s.n FROM (SELECT count(*) AS n FROM channels_post) s WHERE s.n > 1");
        assertEquals(Status.CLEAN, r.status());
        assertEquals(List.of("1:8 ERROR unknown-column"), findings(rw("SELECT s.m FROM (SELECT count(*) AS n FROM channels_post) s")));
    }

    // ---- joins and keys --------------------------------------------------------------------

    @Test
    void surrogateJoinsStayAndAreSafe() {
        RewriteResult r = rw("SELECT ch.name FROM channels_post p JOIN channels_channel ch ON ch.id = p.channel_id");
        assertEquals("SELECT ch.name FROM discussions_post p JOIN discussions_channel ch ON ch.id = p.channel_id", r.rewritten());
        assertEquals(Status.CLEAN, r.status());
    }

    @Test
    void comparingDjangoIdWithRedditIdIsAnError() {
        RewriteResult r = rw("SELECT 1\nFROM channels_comment c JOIN channels_post p\n  ON c.post_id = p.post_id");
        assertEquals(List.of("3:6 ERROR id-kinds"), findings(r));
    }

    @Test
    void keptTableForeignKeyReachesNewRowsThroughTheNaturalKey() {
        RewriteResult r = rw("SELECT count(*) FROM channels_channelsubscription s JOIN channels_channel ch ON ch.id = s.channel_id");
        assertTrue(r.rewritten().contains("LEFT JOIN discussions_channel n1 ON n1.name = o1.name) s JOIN discussions_channel ch"), r.rewritten());
        assertEquals(List.of("1:22 INFO derived-table"), findings(r));
    }

    @Test
    void groupRolesAreUnpivotedFromTheChannelsGroupColumns() {
        RewriteResult r = rw("SELECT r.group_id FROM channels_channelgrouprole r WHERE r.role = 'moderators'");
        assertTrue(r.rewritten().contains("x.moderator_group_id AS group_id"), r.rewritten());
        assertTrue(r.rewritten().endsWith(") r WHERE r.role = 'moderators'"), r.rewritten());
        assertEquals(List.of("1:24 INFO derived-table", "1:61 ERROR dropped-column"),
                findings(rw("SELECT r.group_id FROM channels_channelgrouprole r ORDER BY r.id")));
    }

    // ---- literals ------------------------------------------------------------------------------

    @Test
    void selfBecomesTextInEqualsInAndNotEquals() {
        RewriteResult r = rw("SELECT 1 FROM channels_post p WHERE p.post_type = 'self' OR p.post_type IN ('link', 'self') OR p.post_type <> 'self'");
        assertEquals("SELECT 1 FROM discussions_post p WHERE p.post_type = 'text' OR p.post_type IN ('link', 'text') OR p.post_type <> 'text'", r.rewritten());
        assertEquals(List.of("1:51 INFO enum-literal", "1:85 INFO enum-literal", "1:111 INFO enum-literal"), findings(r));
        assertEquals("SELECT CASE p.post_type WHEN 'text' THEN 1 END FROM discussions_post p",
                rw("SELECT CASE p.post_type WHEN 'self' THEN 1 END FROM channels_post p").rewritten());
    }

    @Test
    void base36AndFullnameLiteralsAreDecoded() {
        RewriteResult r = rw("SELECT 1 FROM channels_post p WHERE p.post_id = 'abc' OR p.post_id IN ('t3_abc', '1') OR p.post_id <> 't3_1'");
        assertEquals("SELECT 1 FROM discussions_post p WHERE p.id = 13368 OR p.id IN (13368, 1) OR p.id <> 1", r.rewritten());
        RewriteResult c = rw("SELECT 1 FROM channels_comment c WHERE c.comment_id = 't1_a'");
        assertEquals("SELECT 1 FROM discussions_comment c WHERE c.id = 10", c.rewritten());
    }

    @Test
    void fullnameOfTheWrongTypeIsAnError() {
        assertEquals(List.of("1:55 ERROR fullname-type"), findings(rw("SELECT 1 FROM channels_comment c WHERE c.comment_id = 't3_a'")));
    }

    @Test
    void rangesLikeAndStringFunctionsOnIdsAreReported() {
        assertEquals(List.of("1:49 ERROR id-range"), findings(rw("SELECT 1 FROM channels_post p WHERE p.post_id > 'abc'")));
        assertEquals(List.of("1:37 ERROR id-like", "1:37 WARNING id-as-text"), findings(rw("SELECT 1 FROM channels_post p WHERE p.post_id::text LIKE '12%'")));
        assertEquals(List.of("1:15 WARNING id-as-text"), findings(rw("SELECT substr(p.post_id::text, 1, 2) FROM channels_post p")).subList(0, 1));
        assertEquals(List.of("1:37 ERROR id-range"), findings(rw("SELECT 1 FROM channels_post p WHERE p.post_id BETWEEN 'a' AND 'b'")));
    }

    @Test
    void surrogateIdLiteralsAreErrors() {
        assertEquals(List.of("1:55 ERROR surrogate-literal"), findings(rw("SELECT count(*) FROM channels_post WHERE channel_id = 3")));
        assertEquals(List.of("2:16 ERROR surrogate-literal"), findings(rw("SELECT 1 FROM channels_channel ch\nWHERE  ch.id = 7")));
    }

    // ---- meaning changes -----------------------------------------------------------------------

    @Test
    void surrogateIdsInOutputAndOrderAreReported() {
        assertEquals(List.of("1:8 WARNING surrogate-output", "1:43 WARNING surrogate-order"),
                findings(rw("SELECT p.id FROM channels_post p ORDER BY p.id")));
    }

    @Test
    void topLevelCommentTestBecomesIsNull() {
        RewriteResult r = rw("SELECT count(*) FROM channels_comment c JOIN channels_post p ON p.id = c.post_id\nWHERE c.parent_id = p.post_id");
        assertTrue(r.rewritten().endsWith("WHERE c.parent_id IS NULL"), r.rewritten());
        assertEquals(List.of("2:7 WARNING parent-id"), findings(r));
        RewriteResult flipped = rw("SELECT count(*) FROM channels_comment c JOIN channels_post p ON p.id = c.post_id WHERE p.post_id <> c.parent_id");
        assertTrue(flipped.rewritten().endsWith("WHERE c.parent_id IS NOT NULL"), flipped.rewritten());
    }

    @Test
    void parentIdJoinedToCommentIdsWarnsOfOverlappingIds() {
        RewriteResult r = rw("SELECT count(*) FROM channels_comment c1\nJOIN channels_comment c2 ON c2.parent_id = c1.comment_id");
        assertTrue(r.rewritten().endsWith("ON c2.parent_id = c1.id"), r.rewritten());
        assertEquals(List.of("2:29 WARNING parent-id-overlap"), findings(r));
    }

    @Test
    void parentIdUsedOtherwiseIsAWarning() {
        assertEquals(List.of("1:8 WARNING meaning"), findings(rw("SELECT c.parent_id FROM channels_comment c")));
    }

    @Test
    void projectedEnumValuesAreAWarning() {
        assertEquals(List.of("1:8 WARNING enum-values"), findings(rw("SELECT post_type, count(*) FROM channels_post GROUP BY post_type")));
    }

    @Test
    void coalescedColumnsWarnOncePerQuery() {
        RewriteResult r = rw("SELECT count(*) FROM channels_post p\nWHERE NOT p.deleted AND p.deleted IS NOT NULL");
        assertEquals(List.of("2:11 WARNING null-default"), findings(r));
        assertTrue(r.findings().get(0).message().contains("false"));
    }

    @Test
    void droppedColumnsAreErrors() {
        assertEquals(List.of("1:8 ERROR dropped-column"), findings(rw("SELECT ch.moderator_notifications FROM channels_channel ch")));
    }

    @Test
    void limitWithoutTotalOrderIsAWarning() {
        assertEquals(List.of("1:33 WARNING limit-order"), findings(rw("SELECT title FROM channels_post LIMIT 5")));
        assertEquals(List.of("1:48 WARNING limit-order"), findings(rw("SELECT title FROM channels_post ORDER BY title LIMIT 5")));
        assertEquals(Status.CLEAN, rw("SELECT title FROM channels_post ORDER BY title, post_id LIMIT 5").status());
    }

    @Test
    void naturalJoinsAndPositionalParametersOnChangedColumnsAreReported() {
        assertEquals(List.of("1:50 ERROR natural-join"), findings(rw("SELECT p.title FROM channels_post p NATURAL JOIN channels_channel ch")));
        assertEquals(List.of("1:44 WARNING template-value"), findings(rw("SELECT 1 FROM channels_post p WHERE p.id = ?")));
    }

    @Test
    void unknownNamesAreFindingsNotGuesses() {
        assertEquals(List.of("1:15 ERROR unknown-table"), findings(rw("SELECT 1 FROM channels_posts")));
        assertEquals(List.of("1:8 ERROR unknown-column"), findings(rw("SELECT titel FROM channels_post")));
        assertEquals(List.of("1:8 ERROR unknown-table"), findings(rw("SELECT q.title FROM channels_post p")));
    }

    @Test
    void redditBackendTablesNeedAHuman() {
        RewriteResult r = rw("SELECT count(*) FROM reddit_thing_link");
        assertEquals(List.of("1:22 ERROR no-rewrite"), findings(r));
        assertEquals(Status.NEEDS_HUMAN, r.status());
    }

    @Test
    void unparsableQueriesReportTheParserPosition() {
        RewriteResult r = rw("SELECT title\nFROM channels_post WHERE (");
        assertEquals(Status.NEEDS_HUMAN, r.status());
        assertEquals("parse", r.findings().get(0).rule());
        assertEquals(2, r.findings().get(0).line());
        assertEquals(r.original(), r.rewritten());
    }

    @Test
    void aSecondStatementIsNotDroppedSilently() {
        RewriteResult r = rw("SELECT title FROM channels_post;\nSELECT 1");
        assertEquals(List.of("2:1 ERROR parse"), findings(r));
        assertEquals(Status.CLEAN, rw("SELECT title FROM channels_post;\n-- the end\n").status());
    }

    // ---- templates ---------------------------------------------------------------------------

    @Test
    void templatesSurviveAndTemplateValuesOnChangedColumnsAreReported() {
        String sql = "SELECT p.post_id FROM channels_post p WHERE p.title = {{ title }} [[AND p.post_type = {{type}}]]";
        RewriteResult r = rw(sql);
        assertEquals("SELECT p.id AS post_id FROM discussions_post p WHERE p.title = {{ title }} [[AND p.post_type = {{type}}]]", r.rewritten());
        assertEquals(List.of("1:87 WARNING template-value"), findings(r));
    }

    @Test
    void syntaxOfBiQueriesIsCovered() {
        String sql = """
                WITH RECURSIVE t AS (SELECT c.comment_id, 1 AS d FROM channels_comment c WHERE c.parent_id IS NULL
                  UNION ALL SELECT c.comment_id, t.d + 1 FROM channels_comment c JOIN t ON c.parent_id = t.comment_id)
                SELECT DISTINCT ON (ch.name) ch.name, ch.about ->> 'x' AS x,
                       count(*) FILTER (WHERE p.title ILIKE '%a%') OVER (PARTITION BY ch.name) AS n,
                       g.i, p.created_on::date AS day
                FROM channels_channel ch
                JOIN channels_post p ON p.channel_id = ch.id
                CROSS JOIN LATERAL (SELECT max(c.created_on) AS last FROM channels_comment c WHERE c.post_id = p.id) l
                CROSS JOIN generate_series(1, 3) AS g(i)
                WHERE p.created_on > now() - interval '7 days' AND EXISTS (SELECT 1 FROM t)
                ORDER BY ch.name, p.created_on DESC
                """;
        RewriteResult r = rw(sql);
        assertEquals(List.of("1:80 WARNING meaning", "2:76 WARNING parent-id-overlap"), findings(r));
        assertTrue(r.rewritten().contains("JOIN t ON c.parent_id = t.comment_id"));
    }
}

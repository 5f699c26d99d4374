package io.cutover.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code trees:} as the mapping describes it: the reference a node is judged on, the sort, and what is refused. */
class TreeMappingTest {
    /** The line of {@code trees:} in {@link #mapping}. */
    private static final int TREES = 13;

    @Test
    void the2025TreeIsDescribedByItsNaturalKeysAndTreebeardsOrder() {
        TreeSpec trees = Mapping.load("t.yaml", mapping("app.sql, app-2025.sql", "", """
                  comments: channels_comment
                  posts: channels_post
                  parent: {column: parent_reddit_id, key: reddit_id}
                  steplen: 4
                  alphabet: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                  tables:
                    - table: channels_commenttreenode
                      sort: [{column: score, by: score, order: descending}, {column: created, by: created_on, order: ascending}]
                """)).commentTrees().orElseThrow();
        assertEquals("id", trees.comment());
        assertEquals("post_id", trees.post().column());
        assertEquals(List.of("parent_reddit_id", "reddit_id"), List.of(trees.parent().column(), trees.parent().key()));
        assertEquals(null, trees.parent().topLevelPost());
        TreeSpec.Table t = trees.tables().get(0);
        assertEquals(List.of("score score DESCENDING", "created created_on ASCENDING"),
                t.keys().stream().map(k -> k.column() + " " + k.by() + " " + k.order()).toList());
        assertEquals("commenttreenode".length() + "channels_".length(), t.entity().length());

        TreeSpec byId = Mapping.load("t.yaml", mapping("app.sql, app-2025.sql", "", """
                  comments: channels_comment
                  posts: channels_post
                  parent: {column: parent_id, key: comment_id, top_level: {post: post_id}}
                  steplen: 4
                  alphabet: "01"
                  tables:
                    - {table: channels_commenttreenode, sort: score, by: score, order: descending}
                """)).commentTrees().orElseThrow();
        assertEquals("post_id", byId.parent().topLevelPost());
        assertEquals("score", byId.tables().get(0).sort());
    }

    @Test
    void aParentColumnThatHoldsAnotherIdIsRefusedAtItsLine() {
        List<String> problems = problems(mapping("app.sql, app-2025.sql", "", """
                  comments: channels_comment
                  posts: channels_post
                  steplen: 4
                  alphabet: "01"
                  tables:
                    - table: channels_commenttreenode
                      sort: [{column: score, by: score, order: descending}, {column: creatd, by: created_on, order: ascending}]
                """));
        // parent_id (the 2020 default) holds Reddit ids: bigint, against channels_comment.id, an integer
        assertTrue(problems.stream().anyMatch(p -> p.matches("t\\.yaml:" + (TREES + 1) + ":\\d+: trees\\.parent: .*channels_comment\\.parent_id is bigint"
                + " but the channels_comment\\.id it is read as is integer.*")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (TREES + 7) + ":61: trees.tables.channels_commenttreenode.sort")
                && p.contains("unknown column 'channels_commenttreenode.creatd'")), problems.toString());
        assertEquals(2, problems.size(), problems.toString());

        problems = problems(mapping("app.sql, app-2025.sql", "", """
                  comments: channels_comment
                  posts: channels_post
                  parent: {column: parent_reddit_id}
                  post: {column: post_id, key: title}
                  steplen: 4
                  alphabet: "01"
                  tables:
                    - table: channels_commenttreenode
                      sort: [{column: score, by: score, order: descending}]
                      order: descending
                """));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (TREES + 3) + ":11: trees.parent:")
                && p.contains("channels_comment.parent_reddit_id is varchar (20) but the channels_comment.id it is read as is integer")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (TREES + 4) + ":9: trees.post:")
                && p.contains("channels_comment.post_id is integer but the channels_post.title it is read as is varchar (300)")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (TREES + 4) + ":9: trees.post.key")
                && p.contains("channels_post.title is not a key of channels_post")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (TREES + 10) + ":")
                && p.contains("give order per sort column")), problems.toString());
        assertEquals(4, problems.size(), problems.toString());

        problems = problems(mapping("app.sql, app-2025.sql", "", """
                  comments: channels_comment
                  posts: channels_post
                  comment: reddit_idd
                  steplen: 4
                  alphabet: "01"
                  tables: []
                """));
        assertEquals(List.of("t.yaml:" + (TREES + 1) + ":3: trees.comment: unknown column 'channels_comment.reddit_idd'"), problems);
    }

    @Test
    void aParentOfTheRightTypeIsRefusedWhenTheMappingSaysItHoldsAnotherKindOfId() {
        String entity = """
                  - name: comment
                    target: {table: discussions_comment, key: [id]}
                    from:
                      mirror:
                        table: channels_comment
                        key: [comment_id]
                        columns:
                          - {new: id, old: comment_id, literals: [t1]}
                          - {new: parent_id, old: parent_id, literals: [t3]}
                """;
        List<String> problems = problems(mapping("app.sql", entity, """
                  comments: discussions_comment
                  posts: discussions_post
                  parent: {column: parent_id}
                  steplen: 4
                  alphabet: "01"
                  tables:
                    - {table: discussions_newcommenttreenode, sort: created, by: created_on, order: descending}
                """));
        int trees = TREES + entity.split("\n").length;
        assertEquals(List.of("t.yaml:" + (trees + 3) + ":11: trees.parent: a comment's parent (NULL at top level):"
                + " discussions_comment.parent_id holds Reddit ids [t3] but discussions_comment.id holds [t1], another kind of thing"), problems);
    }

    private static List<String> problems(String yaml) {
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("t.yaml", yaml));
        return e.problems().stream().map(MappingProblem::toString).toList();
    }

    private static String mapping(String scripts, String entities, String trees) {
        return """
                mapping: t
                schemas: {app: [%s]}
                sources:
                  mirror: {kind: database, schema: app, role: mirror}
                target: {schema: app}
                entities:
                  - name: user
                    target: {table: auth_user, key: [username]}
                    from:
                      mirror:
                        table: auth_user
                        columns: [{new: username, old: username}]
                """.formatted(scripts) + entities + "trees:\n" + trees;
    }
}

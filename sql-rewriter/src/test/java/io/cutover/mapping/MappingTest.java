package io.cutover.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingTest {

    @Test
    void shippedMappingLoadsAndDescribesTheMigration() {
        Mapping m = Mapping.shipped();
        assertEquals("open-discussions", m.name());
        EntitySpec post = m.entity("post").orElseThrow();
        assertEquals("discussions_post", post.table());
        SideSpec mirror = post.from().get("mirror");
        assertEquals("channels_post", mirror.table());
        // the trap: channels_post.post_id is the new id, channels_post.id only renumbered
        assertEquals("id", mirror.ruleForOld("post_id").orElseThrow().newColumn());
        assertTrue(mirror.ruleForOld("id").orElseThrow().isRenumbered());
        var postType = mirror.ruleForOld("post_type").orElseThrow();
        assertEquals("text", ((Transform.EnumRemap) postType.transform()).apply("self"));
        assertTrue(mirror.ruleForOld("preview_text").orElseThrow().warn() != null);
        SideSpec reddit = post.from().get("reddit");
        assertTrue(reddit.isKeyValue());
        assertEquals("editted", reddit.ruleForNew("edited").orElseThrow().dataKey());
        var flags = (Transform.Flags) m.entity("channel").orElseThrow().from().get("mirror")
                .ruleForOld("allowed_post_types").orElseThrow().transform();
        assertTrue(flags.sameBits());
        var pivot = m.entity("channel").orElseThrow().from().get("mirror").pivots().get(0);
        assertEquals("moderator_group_id", pivot.values().get("moderators"));
        var vote = m.entity("postvote").orElseThrow().from().get("votes");
        assertInstanceOf(Transform.FullnameDecode.class, vote.ruleForNew("post_id").orElseThrow().transform());
        assertEquals("username", vote.ruleForNew("voter_id").orElseThrow().ref().by());
        assertEquals(NullSemantics.OLD_NULL_UNKNOWN, mirror.ruleForNew("score").orElseThrow().nulls());
        // The backfill copies instants exactly; only the vote export keeps milliseconds (Cassandra).
        assertEquals(ValueComparator.Kind.EXACT, mirror.ruleForNew("created_on").orElseThrow().compare().kind());
        assertEquals(ValueComparator.Kind.TIMESTAMP, vote.ruleForNew("updated_on").orElseThrow().compare().kind());
        assertEquals(List.of("channel_id"), m.keptTable("channels_channelsubscription").orElseThrow().refs().stream().map(KeptTable.KeptRef::column).toList());
        assertEquals(2, m.checks().size());
    }

    @Test
    void publicDescriptionIsComparedOnlyWhereItIsKnown() {
        Mapping m = Mapping.shipped();
        assertTrue(m.entity("channel").orElseThrow().from().get("mirror").ruleForNew("public_description").isEmpty(),
                "only the Reddit side knows public_description");
        assertEquals("", m.entity("channel").orElseThrow().from().get("reddit").ruleForNew("public_description")
                .orElseThrow().defaultValue());
    }

    @Test
    void checksAndRefsAreValidatedToo() {
        String yaml = """
                mapping: t
                schemas: {app: [app.sql]}
                sources:
                  mirror: {kind: database, schema: app, role: mirror}
                target: {schema: app}
                entities:
                  - name: post
                    target: {table: discussions_post, key: [id]}
                    from:
                      mirror:
                        table: channels_post
                        columns:
                          - {new: channel_id, old: channel_id, ref: {entity: channel}}
                          - {new: plain_text, pivot: nowhere}
                kept:
                  - {table: channels_article, refs: [{column: post_ref, entity: post}]}
                checks:
                  - {name: c, table: discussions_post, value: scroe, aggregate: {table: discussions_postvote, join: {post_id: id}, expr: "count(*)"}}
                """;
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("c.yaml", yaml));
        List<String> problems = e.problems().stream().map(MappingProblem::toString).toList();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("c.yaml:13:") && p.contains("unknown entity 'channel'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("c.yaml:14:") && p.contains("no pivot yields 'nowhere'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("c.yaml:16:") && p.contains("channels_article.post_ref")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("c.yaml:18:") && p.contains("discussions_post.scroe")), problems.toString());
        assertEquals(4, problems.size(), problems.toString());
    }

    @Test
    void theVoteExportIsAChangeLogWhoseClearedVotesAreNoRows() {
        Mapping m = Mapping.shipped();
        SourceSpec.Latest latest = m.sources().get("votes").latest();
        assertEquals(List.of("voter", "thing"), latest.key());
        assertEquals("date", latest.by());
        for (String entity : List.of("postvote", "commentvote")) {
            assertEquals(java.util.Map.of("direction", "0"), m.entity(entity).orElseThrow().from().get("votes").absent().values());
        }
        assertEquals(null, m.entity("post").orElseThrow().from().get("reddit").absent());
    }

    @Test
    void changeLogsAndAbsentRowsAreValidatedWithTheirPlace() {
        String yaml = """
                mapping: t
                schemas: {app: [app.sql]}
                sources:
                  mirror: {kind: database, schema: app, role: mirror, latest: {key: [id], by: updated_on}}
                  votes:
                    kind: csv
                    columns: {voter: text, thing: text, direction: smallint, date: timestamptz}
                    latest: {key: [voter, thng], by: when}
                target: {schema: app}
                entities:
                  - name: postvote
                    target: {table: discussions_postvote, key: [post_id, voter_id]}
                    from:
                      votes:
                        absent: {direction: zero, colour: 0}
                        columns:
                          - {new: direction, old: direction}
                      mirror:
                        table: channels_post
                        absent: {deleted: maybe, ghost: 1}
                        columns:
                          - {new: post_id, old: post_id}
                """;
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("v.yaml", yaml));
        List<String> problems = e.problems().stream().map(MappingProblem::toString).toList();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("v.yaml:4:") && p.contains("sources.mirror.latest")
                && p.contains("only a CSV export")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("v.yaml:8:") && p.contains("latest.key") && p.contains("'thng'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("v.yaml:8:") && p.contains("latest.by") && p.contains("'when'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("v.yaml:15:") && p.contains("absent.direction")
                && p.contains("'zero' is not an integer")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("v.yaml:15:") && p.contains("absent.colour")
                && p.contains("unknown column 'colour' of CSV source votes")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("v.yaml:20:") && p.contains("absent.deleted")
                && p.contains("not true or false")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("v.yaml:20:") && p.contains("channels_post.ghost")), problems.toString());
        assertEquals(7, problems.size(), problems.toString());
    }

    @Test
    void aCheckOnTheOldSideNamesADatabaseSourceAndItsTables() {
        String yaml = """
                mapping: t
                schemas: {app: [app.sql]}
                sources:
                  mirror: {kind: database, schema: app, role: mirror}
                  votes: {kind: csv, role: truth, columns: {voter: text}}
                target: {schema: app}
                entities: []
                checks:
                  - name: c
                    table: discussions_post
                    value: num_comments
                    aggregate: {table: discussions_comment, join: {post_id: id}, expr: "count(*)"}
                    old:
                      mirror: {sql: "SELECT p.post_id AS id, p.num_comments AS value, 0 AS aggregate FROM channels_psot p"}
                      votes: {sql: "SELECT 1"}
                      reddit: {sql: "SELECT 1"}
                """;
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("o.yaml", yaml));
        List<String> problems = e.problems().stream().map(MappingProblem::toString).toList();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("o.yaml:14:") && p.contains("unknown table 'channels_psot'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("o.yaml:15:") && p.contains("'votes' is a file")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("o.yaml:16:") && p.contains("unknown source 'reddit'")), problems.toString());
        assertEquals(3, problems.size(), problems.toString());
        assertEquals(java.util.Set.of("reddit", "mirror"), Mapping.shipped().checks().stream()
                .filter(c -> c.name().equals("post-num-comments")).findFirst().orElseThrow().old().keySet());
    }

    @Test
    void theCommentTreesAreDescribedWithTheirOrder() {
        TreeSpec trees = Mapping.shipped().commentTrees().orElseThrow();
        assertEquals("discussions_comment", trees.comments());
        assertEquals(4, trees.steplen());
        assertEquals(62, trees.alphabet().length());
        assertEquals(List.of("newcommenttreenode created_on DESCENDING", "oldcommenttreenode created_on ASCENDING",
                        "bestcommenttreenode score DESCENDING"),
                trees.tables().stream().map(t -> t.entity() + " " + t.by() + " " + t.order()).toList());
        assertEquals("score", trees.tables().get(2).sort());
    }

    @Test
    void theTreesAreValidatedWithFileLineAndColumn() {
        String yaml = minimal("          - {new: name, old: name}\n") + """
                trees:
                  comments: discussions_comment
                  posts: discussions_pots
                  steplen: four
                  alphabet: "00"
                  tables:
                    - {table: discussions_newcommenttreenode, sort: creatd, by: created_on, order: descending}
                    - {table: discussions_oldcommenttreenode, sort: created, by: made_on, order: sideways}
                    - {table: discussions_newcommenttreenode, sort: created, by: created_on}
                    - {table: discussions_gonecommenttreenode, sort: score, by: score, order: ascending, colour: red}
                """;
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("t.yaml", yaml));
        List<String> problems = e.problems().stream().map(MappingProblem::toString).toList();
        int first = 14;   // the line of `trees:`
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (first + 3) + ":12: trees.steplen") && p.contains("'four'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (first + 4) + ":13: trees.alphabet")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (first + 8) + ":") && p.contains("order: missing")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (first + 7) + ":") && p.contains("'sideways'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (first + 9) + ":") && p.contains("colour")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (first + 1) + ":") && p.contains("unknown table 'discussions_pots'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (first + 6) + ":") && p.contains("discussions_newcommenttreenode.creatd")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (first + 7) + ":") && p.contains("discussions_comment.made_on")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (first + 8) + ":") && p.contains("duplicate tree table")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("t.yaml:" + (first + 9) + ":") && p.contains("unknown table 'discussions_gonecommenttreenode'")), problems.toString());
        assertEquals(10, problems.size(), problems.toString());
    }

    @Test
    void loadsFromAPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, minimal("          - {new: name, old: name}\n"));
        assertEquals("t", Mapping.load(file).name());
    }

    @Test
    void reportsEveryProblemWithFileLineAndKey() {
        String yaml = minimal("""
                          - {new: name, old: nmae}
                          - {new: titel, old: title}
                          - {new: channel_type, old: channel_type, transform: {enum: {self: text}}, nulls: sometimes}
                          - {new: allowed_post_types, old: allowed_post_types, transform: {enum: {self: text}}}
                          - {new: about, old: about, compare: fuzzy, colour: red}
                """);
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("bad.yaml", yaml));
        List<String> problems = e.problems().stream().map(MappingProblem::toString).toList();
        // reading and catalog problems in one report
        assertTrue(problems.contains("bad.yaml:13:13: entities.channel.from.mirror.columns.name.old: unknown column 'channels_channel.nmae'"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("bad.yaml:14:13:") && p.contains("discussions_channel.titel")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("bad.yaml:16:13:") && p.contains("enum remap needs a text column")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("bad.yaml:15:") && p.contains("nulls") && p.contains("sometimes")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("bad.yaml:17:") && p.contains("colour") && p.contains("unknown key")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("bad.yaml:17:") && p.contains("fuzzy")), problems.toString());
        assertEquals(6, problems.size(), problems.toString());
    }

    @Test
    void aMarkerForNullNeedsAnExpressionThatProducesItAndIsAnInteger() {
        String yaml = minimal("""
                          - {new: name, old: name, marker: -1}
                          - {new: title, old: title, sql: "coalesce(o.title, 'x')", new_sql: "coalesce(n.title, 'x')", marker: x}
                """);
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("bad.yaml", yaml));
        List<String> problems = e.problems().stream().map(MappingProblem::toString).toList();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("bad.yaml:13:") && p.contains("marker") && p.contains("neither")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("bad.yaml:14:") && p.contains("'x' is not an integer")), problems.toString());
        assertEquals(2, problems.size(), problems.toString());
        ColumnRule parent = Mapping.shipped().entity("comment").orElseThrow().from().get("mirror").ruleForNew("parent_id").orElseThrow();
        assertEquals("-1", parent.marker(), "the shipped mapping says what its -1 stands for");
        assertTrue(parent.identifies(), "parent_id is a reference");
    }

    @Test
    void reportsUnknownTablesColumnsAndTransformsOnTheWrongType() {
        String yaml = minimal("""
                          - {new: name, old: nmae}
                          - {new: titel, old: title}
                          - {new: allowed_post_types, old: allowed_post_types, transform: {enum: {self: text}}}
                """).replace("table: channels_channel", "table: channels_channel") + """
                  - name: ghost
                    target: {table: discussions_ghost, key: [id]}
                    from: {mirror: {table: channels_post, columns: [{new: id, old: id}]}}
                  - name: ghost
                    target: {table: discussions_post, key: [id]}
                    from: {mirror: {table: channels_gone, columns: [{new: id, old: id}]}}
                """;
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("bad.yaml", yaml));
        List<String> problems = e.problems().stream().map(MappingProblem::toString).toList();
        assertTrue(problems.contains("bad.yaml:13:13: entities.channel.from.mirror.columns.name.old: unknown column 'channels_channel.nmae'"), problems.toString());
        assertTrue(problems.contains("bad.yaml:14:13: entities.channel.from.mirror.columns.titel.new: unknown column 'discussions_channel.titel'"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("bad.yaml:15:13:") && p.contains("enum remap needs a text column")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("bad.yaml:16:") && p.contains("unknown table 'discussions_ghost'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("bad.yaml:19:") && p.contains("duplicate entity")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("unknown table 'channels_gone'")), problems.toString());
        assertEquals(6, problems.size(), problems.toString());
    }

    @Test
    void reportsBrokenYamlWithItsPosition() {
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("x.yaml", "mapping: t\nsources: [a\n"));
        assertTrue(e.problems().get(0).location().line() >= 2, e.getMessage());
    }

    /** A one-entity mapping; the column lines start at line 13. */
    private static String minimal(String columns) {
        return """
                mapping: t
                schemas: {app: [app.sql]}
                sources:
                  mirror: {kind: database, schema: app, role: mirror}
                target: {schema: app}
                entities:
                  - name: channel
                    target: {table: discussions_channel, key: [name]}
                    from:
                      mirror:
                        table: channels_channel
                        columns:
                """ + columns;
    }
}

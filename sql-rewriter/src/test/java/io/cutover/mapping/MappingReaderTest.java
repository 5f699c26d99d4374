package io.cutover.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Problems found in reading, each at its file:line:column and spelled by one path convention. */
class MappingReaderTest {

    private static List<String> problems(String file, String yaml) {
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load(file, yaml));
        return e.problems().stream().map(MappingProblem::toString).toList();
    }

    @Test
    void listItemsAreNamedByTheirNameOrElseTheirIndex() {
        List<String> problems = problems("p.yaml", minimal("""
                          - {new: name, old: name, nulls: sometimes}
                          - {old: about, dropped: maybe}
                          - [not, a, rule]
                        pivots:
                          - {table: channels_channelgrouprole, parent: channel_id, on: role, value: group_id, values: {moderators: moderator_group_id}, colour: red}
                """) + """
                kept:
                  - {table: channels_article, refs: [{column: post_id, entity: post, colour: red}]}
                checks:
                  - {name: c, table: discussions_post, value: score, aggregate: {table: discussions_postvote, join: {post_id: id}, expr: "count(*)"}, colour: red}
                colour: red
                """);
        assertTrue(problems.contains("p.yaml:13:43: entities.channel.from.mirror.columns.name.nulls: 'sometimes' is not one of [equal, old-null-unknown, new-null-unknown, empty-is-null]"), problems.toString());
        assertTrue(problems.contains("p.yaml:14:35: entities.channel.from.mirror.columns.about.dropped: expected true or false"), problems.toString());
        assertTrue(problems.contains("p.yaml:15:13: entities.channel.from.mirror.columns[2]: expected a map"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("p.yaml:17:")
                && p.contains(": entities.channel.from.mirror.pivots.channels_channelgrouprole.colour: unknown key")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("p.yaml:19:")
                && p.contains(": kept.channels_article.refs.post_id.colour: unknown key")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("p.yaml:21:") && p.contains(": checks.c.colour: unknown key")), problems.toString());
        // a key of the document itself has no prefix
        assertTrue(problems.contains("p.yaml:22:1: colour: unknown key (allowed: mapping, schemas, sources, target, entities, kept, checks, trees)"), problems.toString());
    }

    @Test
    void aDecoderOrDefaultNeedsADataKey() {
        List<String> problems = problems("d.yaml", minimal("""
                          - {new: name, old: name, default: x}
                          - {new: title, sql: "o.title", decode: bool}
                """));
        assertTrue(problems.contains("d.yaml:13:45: entities.channel.from.mirror.columns.name.default: `default` reads a Reddit data key; this rule has no `key`"), problems.toString());
        assertTrue(problems.contains("d.yaml:14:50: entities.channel.from.mirror.columns.title.decode: `decode` reads a Reddit data key; this rule has no `key`"), problems.toString());
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void aValueKeyLeftEmptyGivesNoValue() {
        List<String> problems = problems("n.yaml", minimal("""
                          - {new: name, old: ~}
                          - {new: title, dropped: false}
                """));
        assertTrue(problems.contains("n.yaml:13:13: entities.channel.from.mirror.columns.name: needs one of old, key, sql, expect, pivot, dropped"), problems.toString());
        assertTrue(problems.contains("n.yaml:14:13: entities.channel.from.mirror.columns.title: needs one of old, key, sql, expect, pivot, dropped"), problems.toString());
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void aComparatorHasOneKind() {
        List<String> problems = problems("c.yaml", minimal("""
                          - {new: name, old: name, compare: {numeric: {tolerance: 1}, timestamp: {truncate: seconds}}}
                """));
        assertEquals(List.of("c.yaml:13:45: entities.channel.from.mirror.columns.name.compare: a comparator has exactly one kind (numeric or timestamp)"), problems);
    }

    @Test
    void missingFlagsPointAtTheirTransform() {
        List<String> problems = problems("f.yaml", minimal("""
                          - {new: allowed_post_types, old: allowed_post_types, transform: {flags: {new: {link: 1}}}}
                """));
        assertEquals(List.of("f.yaml:13:83: entities.channel.from.mirror.columns.allowed_post_types.transform.flags.old: missing",
                "f.yaml:13:13: entities.channel.from.mirror.columns.allowed_post_types.transform: old and new flags differ in number"), problems);
    }

    /** A one-entity mapping; the column lines start at line 13. */
    static String minimal(String columns) {
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

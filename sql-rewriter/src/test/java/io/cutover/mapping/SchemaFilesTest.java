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

/** {@code schemas:} names DDL files beside the mapping, and what is wrong in them points into both files. */
class SchemaFilesTest {
    @TempDir
    Path dir;

    /** A 2025-style post: the new columns come from a DDL file beside the mapping. */
    private static String mapping(String schemaEntries, String postColumns) {
        return """
                mapping: t
                schemas:
                  app: [app.sql]
                  app2025: %s
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
                %s
                """.formatted(schemaEntries, postColumns.indent(10).stripTrailing());
    }

    @Test
    void aDdlFileBesideTheMappingAddsColumnsTheMappingMayName() throws Exception {
        Files.createDirectories(dir.resolve("ddl"));
        Files.writeString(dir.resolve("ddl/reddit-ids.sql"), """
                ALTER TABLE channels_post ADD COLUMN IF NOT EXISTS reddit_id varchar(20) UNIQUE,
                    ADD COLUMN fullname text;
                """);
        Path file = Files.writeString(dir.resolve("m.yaml"), mapping("[app.sql, ./ddl/reddit-ids.sql]", """
                - {new: reddit_id, old: post_id, transform: base36_encode}
                - {new: fullname, old: post_id, transform: {fullname_encode: link}}
                - {new: title, old: title}"""));
        Mapping m = Mapping.load(file);
        assertEquals(List.of("app.sql", dir.resolve("ddl/reddit-ids.sql").toString()), m.schemas().get("app2025"));
        var columns = m.entity("post").orElseThrow().from().get("mirror");
        assertInstanceOf(Transform.Base36Encode.class, columns.ruleForNew("reddit_id").orElseThrow().transform());
        assertEquals(new Transform.FullnameEncode(3), columns.ruleForNew("fullname").orElseThrow().transform());
    }

    @Test
    void theShipped2025ScriptNeedsNoPath() {
        Mapping.load("s.yaml", mapping("[app.sql, app-2025.sql]", "- {new: reddit_id, old: post_id, transform: base36_encode}"));
    }

    @Test
    void aMissingFileIsAnErrorAtItsEntry() throws Exception {
        Path file = Files.writeString(dir.resolve("m.yaml"), mapping("[app.sql, ./absent.sql]", "- {new: title, old: title}"));
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load(file));
        List<String> problems = e.problems().stream().map(MappingProblem::toString).toList();
        assertTrue(problems.get(0).startsWith(file + ":4:22: schemas.app2025[1]: cannot load schema 'app2025': "
                + dir.resolve("absent.sql") + ": no such file"), problems.toString());
        assertEquals(1, problems.size(), "the schema is declared: no 'unknown schema' besides " + problems);
    }

    @Test
    void aDdlStatementThatDoesNotFitIsAnErrorAtItsEntryNamingItsLine() throws Exception {
        Files.writeString(dir.resolve("bad.sql"), """
                ALTER TABLE channels_post ADD COLUMN reddit_id varchar(20);
                -- the next one names a column the post never had
                ALTER TABLE channels_post
                    DROP COLUMN IF EXISTS ghost,
                    DROP COLUMN phantom;
                """);
        Path file = Files.writeString(dir.resolve("m.yaml"), mapping("\n    - app.sql\n    - ./bad.sql", "- {new: title, old: title}"));
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load(file));
        List<String> problems = e.problems().stream().map(MappingProblem::toString).toList();
        assertTrue(problems.get(0).startsWith(file + ":6:7: schemas.app2025[1]: cannot load schema 'app2025': "
                + dir.resolve("bad.sql") + ":3: no column channels_post.phantom"), problems.toString());
        assertEquals(1, problems.size(), problems.toString());
    }

    @Test
    void anEncodeTransformOnColumnsOfTheWrongTypeIsAnErrorAtItsRule() {
        String yaml = mapping("[app.sql, app-2025.sql]", """
                - {new: reddit_id, old: post_id, transform: base36_encode}
                - {new: score, old: post_id, transform: base36_encode}
                - {new: cached_plain_text, old: title, transform: {fullname_encode: t3}}""");
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("e.yaml", yaml));
        List<String> problems = e.problems().stream().map(MappingProblem::toString).toList();
        assertEquals(List.of(
                "e.yaml:16:13: entities.post.from.mirror.columns.score.transform: encoding an id as base36 gives text, score is bigint",
                "e.yaml:17:13: entities.post.from.mirror.columns.cached_plain_text.transform: encoding as a fullname reads an integer id,"
                        + " title is varchar (300)"), problems);
    }

    @Test
    void aFullnameTypeIsAPrefixOrAThingsName() {
        String yaml = mapping("[app.sql, app-2025.sql]", "- {new: reddit_id, old: post_id, transform: {fullname_encode: t9}}");
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load("f.yaml", yaml));
        assertTrue(e.problems().get(0).toString().startsWith("f.yaml:15:"), e.problems().toString());
        assertTrue(e.problems().get(0).message().contains("got 't9'"), e.problems().toString());
    }
}

package io.cutover.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.schema.Catalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which source gives each column follows the mapping's {@code backfill:} option where it is
 * given: a vote's created_on, which no source holds, takes its updated_on because the mapping
 * says so (not by a rule of the code), and {@code from} moves a column to the source named.
 */
class ColumnProvidersTest {
    private static final Set<String> ALL = Set.of("reddit", "mirror", "votes");

    @Test
    void aVotesCreatedOnTakesItsUpdatedOnBecauseTheMappingSaysSo() {
        Mapping shipped = Mapping.shipped();
        ColumnProviders votes = providers(shipped, "postvote", ALL);
        assertEquals(Map.of("created_on", "updated_on"), votes.copied());
        assertTrue(votes.columnNames().contains("created_on"), votes.columnNames().toString());
        assertTrue(votes.describe().contains("created_on <- updated_on"), votes.describe());

        // without the option, nothing fills created_on: it is left to the table
        String text = shipped().replace(", backfill: {also: [created_on]}}", "}");
        ColumnProviders plain = providers(Mapping.load("no-also.yaml", text), "postvote", ALL);
        assertEquals(Map.of(), plain.copied());
        assertTrue(plain.leftOut().contains("created_on"), plain.leftOut().toString());
    }

    @Test
    void fromGivesAColumnToTheSourceNamedAndASourceNotGivenStopsTheRun() {
        assertEquals("reddit", providers(Mapping.shipped(), "post", ALL).columns().get("title"));
        String text = shipped().replace("          - {new: title, old: title}\n          - {new: text, old: text}",
                "          - {new: title, old: title, backfill: {from: mirror}}\n          - {new: text, old: text}");
        Mapping fromMirror = Mapping.load("from-mirror.yaml", text);
        ColumnProviders p = providers(fromMirror, "post", ALL);
        assertEquals("mirror", p.columns().get("title"));
        assertEquals("mirror", p.columns().get("plain_text"));
        assertEquals("reddit", p.columns().get("score"));

        CutoverException e = assertThrows(CutoverException.class, () -> providers(fromMirror, "post", Set.of("reddit")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("from-mirror.yaml:") && e.getMessage().contains("--source mirror"), e.getMessage());
    }

    private static ColumnProviders providers(Mapping m, String entity, Set<String> given) {
        List<String> scripts = m.schemas().get(m.targetSchema());
        return ColumnProviders.of(m, Catalog.of(scripts.toArray(String[]::new)), m.entity(entity).orElseThrow(), given);
    }

    private static String shipped() {
        try (InputStream in = Mapping.class.getResourceAsStream("/io/cutover/mapping/" + Mapping.SHIPPED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

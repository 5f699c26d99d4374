package io.cutover.bicheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.demo.DemoSpec;
import io.cutover.demo.DemoWorld;
import io.cutover.demo.Design;
import io.cutover.demo.Scale;
import io.cutover.mapping.Mapping;
import io.cutover.postgres.PostgresServer;
import io.cutover.rewrite.BatchRewrite;
import io.cutover.rewrite.RewriteResult;
import io.cutover.rewrite.Status;
import io.cutover.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped BI corpus through the 2025 mapping, on a tiny zero-fault world of that design. The
 * old tables are the new ones there (the archive keeps channels_* in place), so a query needs no
 * port: the rewriter must leave the corpus as it is, and every query must return what it did.
 */
class ArchiveDesignBiCheckTest {
    static final Path MAPPING = Path.of("../sql-rewriter/src/main/resources/io/cutover/mapping/open-discussions-2025.yaml");

    @TempDir
    Path dir;

    @Test
    void theCorpusRunsUnchangedOnTheArchive() throws Exception {
        PostgresServer server = TestPostgres.server();
        DemoWorld.generate(server, DemoSpec.of(Scale.TINY, 42, 0, dir.resolve("world")).withDatabases("bi25_reddit", "bi25_app")
                .replacing().withDesign(Design.D2025), new PrintStream(new ByteArrayOutputStream()));
        Mapping mapping = Mapping.load(MAPPING);
        Path corpus = Path.of("..", "bi-queries", "old");
        BatchRewrite.Summary summary = BatchRewrite.run(mapping, corpus, dir.resolve("rewritten"));
        // The rewriter's only edits: Reddit id literals decoded (19); the Reddit backend is for a human (39).
        Map<String, String> edited = new TreeMap<>();
        for (BatchRewrite.Entry e : summary.entries()) {
            RewriteResult r = e.result();
            if (!r.rewritten().equals(r.original()) || r.status() == Status.NEEDS_HUMAN) edited.put(e.name(), r.status() + " " + r.rewritten());
        }
        assertEquals(List.of("19-post-by-id", "39-reddit-backend-links"), List.copyOf(edited.keySet()), edited.toString());
        assertTrue(edited.get("19-post-by-id").contains("p.post_id IN (59699, 155677) OR p.post_id = 46629"), edited.toString());
        assertTrue(edited.get("39-reddit-backend-links").startsWith("NEEDS_HUMAN"), edited.toString());
        List<QueryCheck> checks;
        try (Connection app = server.connect("bi25_app")) {
            checks = new BiCheck(mapping, 15).run(app, app, corpus);
        }
        System.out.println(BiCheck.report(checks));
        assertEquals(List.of(), checks.stream().filter(QueryCheck::silentDifference).map(c -> c.name() + ": " + c.detail()).toList());
        Map<QueryCheck.Verdict, Long> verdicts = new TreeMap<>();
        for (QueryCheck c : checks) verdicts.merge(c.verdict(), 1L, Long::sum);
        assertEquals(0, verdicts.getOrDefault(QueryCheck.Verdict.DIFFERS, 0L), verdicts.toString());
        assertTrue(verdicts.get(QueryCheck.Verdict.EQUAL) >= 42, verdicts.toString());
        assertTrue(summary.entries().size() >= 48);
    }
}

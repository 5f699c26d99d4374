package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.mapping.Mapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed rewrites of bi-queries/ must be what the tool produces now. */
class CorpusTest {
    private static final Path CORPUS = Path.of("..", "bi-queries");

    @Test
    void committedRewritesAndReviewIndexAreUpToDate(@TempDir Path out) throws Exception {
        BatchRewrite.Summary summary = BatchRewrite.run(Mapping.shipped(), CORPUS.resolve("old"), out);
        assertTrue(summary.entries().size() >= 40, "the corpus has at least 40 queries");
        List<Path> generated;
        try (Stream<Path> files = Files.walk(out)) {
            generated = files.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path g : generated) {
            Path committed = CORPUS.resolve("new").resolve(out.relativize(g).toString());
            assertTrue(Files.exists(committed), "missing " + committed + ": run `cutover rewrite bi-queries/old --out bi-queries/new`");
            assertEquals(Files.readString(g), Files.readString(committed),
                    committed + " is stale: run `cutover rewrite bi-queries/old --out bi-queries/new` and commit");
        }
        try (Stream<Path> files = Files.walk(CORPUS.resolve("new"))) {
            assertEquals(generated.size(), files.filter(Files::isRegularFile).count(), "bi-queries/new holds files the tool no longer writes");
        }
    }

    @Test
    void everyRewriteParsesAndNothingChangesSilently() throws Exception {
        try (SqlRewriter rewriter = new SqlRewriter(Mapping.shipped())) {
            for (Path q : BatchRewrite.queries(CORPUS.resolve("old"))) {
                RewriteResult r = rewriter.rewrite(Files.readString(q));
                assertTrue(r.findings().stream().noneMatch(f -> f.rule().equals("parse") || f.rule().equals("internal")), q + ": " + r.findings());
            }
        }
    }
}

package io.cutover.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.mapping.Mapping;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every rewrite and finding (with its line:col and message) of a set of queries that reach the
 * corners of name resolution and of each rule: a change to either shows up here as a diff.
 * The queries are in {@code golden-queries.sql}, separated by {@code -- ====} lines; the
 * expected output is {@code golden-rewrites.txt}. After an intended change, regenerate it with
 * {@code -Dgolden.update=src/test/resources/io/cutover/rewrite/golden-rewrites.txt} and review
 * the diff.
 */
class RewriterGoldenTest {
    private static final String SEPARATOR = "-- ====";

    @Test
    void rewritesAndFindingsAreUnchanged() throws IOException {
        String actual;
        try (SqlRewriter rewriter = new SqlRewriter(Mapping.shipped())) {
            actual = dump(rewriter, queries(resource("golden-queries.sql")));
        }
        String update = System.getProperty("golden.update");
        if (update != null) Files.writeString(Path.of(update), actual);
        assertEquals(resource("golden-rewrites.txt"), actual);
    }

    static List<String> queries(String file) {
        List<String> out = new ArrayList<>();
        StringBuilder q = new StringBuilder();
        for (String line : file.split("\n", -1)) {
            if (line.equals(SEPARATOR)) {
                out.add(q.toString());
                q.setLength(0);
            } else {
                if (!q.isEmpty()) q.append('\n');
                q.append(line);
            }
        }
        return out;
    }

    static String dump(SqlRewriter rewriter, List<String> queries) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (String q : queries) {
            RewriteResult r = rewriter.rewrite(q);
            out.append("==== query ").append(++n).append(" (").append(r.status()).append(")\n")
                    .append(q).append("\n---- rewritten\n").append(r.rewritten()).append("\n---- findings\n");
            for (Finding f : r.findings()) out.append(f).append('\n');
        }
        return out.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RewriterGoldenTest.class.getResourceAsStream(name)) {
            if (in == null) return "";
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

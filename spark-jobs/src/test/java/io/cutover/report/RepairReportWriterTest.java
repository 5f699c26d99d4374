package io.cutover.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.report.RepairOutcome.KeyOutcome;
import io.cutover.report.RepairOutcome.Outcome;
import io.cutover.storage.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * repair.html at the sizes a real repair reaches: 10,000 keys stay one page that loads (the
 * first of each list shown, the rest counted and pointed to), every key in repair-keys.jsonl,
 * and a value the application wrote is text, never markup.
 */
class RepairReportWriterTest {
    @TempDir
    Path dir;

    @Test
    void tenThousandKeysMakeAPageThatShowsTheFirstAndPointsToTheRest() throws Exception {
        List<KeyOutcome> keys = new ArrayList<>();
        for (int i = 0; i < 9_000; i++) keys.add(new KeyOutcome("comment", "changed", "{\"id\":" + i + "}", "text", Outcome.FIXED, "updated"));
        for (int i = 0; i < 990; i++) {
            keys.add(new KeyOutcome("post", "aggregate", "{\"id\":" + i + "}", "post-num-comments", Outcome.LEFT, "inherited"));
        }
        String hostile = "<img src=x onerror=alert(1)> & \"quoted\"";
        for (int i = 0; i < 10; i++) {
            keys.add(new KeyOutcome("post", "changed", "{\"id\":" + (5_000 + i) + "}", "title", Outcome.SKIPPED,
                    "the application wrote the row since the report (it now holds '" + hostile + "')"));
        }
        RepairOutcome outcome = new RepairOutcome(new RepairOutcome.Origin("/reports/verify-report", "2026-12-07 17:00:00 UTC",
                "open-discussions", "sha256:ab", "database app"), "the report was settled", true, keys,
                new RepairOutcome.Trees(0, 0, 0), new RepairOutcome.Recheck("/reports/repair/recheck", 1_000, 0), Map.of("reread", 1.5));

        RepairReportWriter.write(outcome, Location.local(dir));
        String page = Files.readString(dir.resolve(RepairReportWriter.PAGE));
        assertTrue(page.length() < 400_000, "a page that loads: " + page.length() + " characters");
        assertTrue(page.contains("… and 8,900 more: every key in <a href=\"repair-keys.jsonl\">repair-keys.jsonl</a> (outcome \"fixed\")"),
                "the fixed keys past the first 100, counted");
        assertTrue(page.contains("<summary>comment · changed: 9,000</summary>"), "each list collapsible, with its size");
        assertTrue(page.contains("<summary>post · aggregate (recount): 990</summary>"), "recounts as their own list");
        assertTrue(page.contains("<details open><summary>post · changed: 10</summary>"), "a short list to act on is open");
        assertTrue(page.contains("1,000 differences remain</b>, none on a key a fix was applied to"), "the recheck's verdict");
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;") && !page.contains("<img"),
                "the app's value is text");

        List<String> lines = Files.readAllLines(dir.resolve(RepairReportWriter.KEYS));
        assertEquals(10_000, lines.size(), "every key, not only those shown");
        JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals("skipped", last.path("outcome").asText());
        assertTrue(last.path("why").asText().contains(hostile), "the file keeps the value as it is");
        assertEquals(Map.of("changed", Map.of("fixed", 9_000L)), outcome.counts().get("comment"));
        assertFalse(page.contains("id=\"failed\""), "no section for an outcome no key has");
    }
}

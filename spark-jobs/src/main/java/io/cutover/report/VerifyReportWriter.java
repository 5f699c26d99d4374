package io.cutover.report;

import static io.cutover.report.HtmlPage.esc;
import static io.cutover.report.HtmlPage.num;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cutover.backfill.MappingDigest;
import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.storage.Location;
import io.cutover.verify.Category;
import io.cutover.verify.ComparisonSummary;
import io.cutover.verify.VerifyHistory;
import io.cutover.verify.VerifyHistoryEntry;
import io.cutover.verify.VerifyReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A verify report for people and for CI: {@code summary.json} (read by notebooks and CI),
 * a self-contained {@code report.html}, and a one-screen console summary. The differences
 * themselves are Parquet under {@code differences/entity=…/source=…/}.
 */
public final class VerifyReportWriter {
    // Unknown fields are skipped so that a report keeps reading as fields are added (the mapping digest).
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** The summary.json field naming the mapping a report was made with ({@link MappingDigest}); absent in older reports. */
    public static final String MAPPING_DIGEST = "mappingDigest";

    private VerifyReportWriter() {}

    /** A local report directory, as tests and local callers name it. */
    public static VerifyReport read(Path dir) {
        return read(Location.local(dir));
    }

    public static VerifyReport read(Location dir) {
        try (java.io.InputStream in = dir.resolve("summary.json").open()) {
            return JSON.readValue(in, VerifyReport.class);
        } catch (IOException e) {
            throw CutoverException.configuration("cannot read the report " + dir.resolve("summary.json") + ": " + e.getMessage());
        }
    }

    /** The mapping digest a report records, or null for a report written before reports recorded it. */
    public static String mappingDigest(Location dir) {
        try (java.io.InputStream in = dir.resolve("summary.json").open()) {
            JsonNode digest = JSON.readTree(in).get(MAPPING_DIGEST);
            return digest == null || digest.isNull() ? null : digest.asText();
        } catch (IOException e) {
            throw CutoverException.configuration("cannot read the report " + dir.resolve("summary.json") + ": " + e.getMessage());
        }
    }

    /** The digest of the mapping's file text (its YAML as loaded), or of its parsed form when the file is gone. */
    public static String mappingDigest(Mapping mapping) {
        String text;
        try (java.io.InputStream shipped = Mapping.SHIPPED.equals(mapping.origin())
                ? Mapping.class.getResourceAsStream("/io/cutover/mapping/" + Mapping.SHIPPED) : null) {
            text = shipped != null ? new String(shipped.readAllBytes(), StandardCharsets.UTF_8)
                    : java.nio.file.Files.readString(Path.of(mapping.origin()));
        } catch (IOException | RuntimeException e) {
            text = mapping.toString();
        }
        return MappingDigest.of(text);
    }

    public static void write(VerifyReport report, Location dir) {
        write(report, null, dir, null);
    }

    /** With the runs of a verify history ({@code history} null: none), drawn over time in the page. */
    public static void write(VerifyReport report, Location dir, VerifyHistory.Read history) {
        write(report, null, dir, history);
    }

    /** Writes the report; {@code mappingDigest} (null when unknown) lets a later repair refuse a report of another mapping. */
    public static void write(VerifyReport report, String mappingDigest, Location dir) {
        write(report, mappingDigest, dir, null);
    }

    /** The report with its mapping digest (null: unknown) and the runs of a verify history (null: none). */
    public static void write(VerifyReport report, String mappingDigest, Location dir, VerifyHistory.Read history) {
        try {
            dir.mkdirs();
            ObjectNode summary = JSON.valueToTree(report);
            if (mappingDigest != null) summary.put(MAPPING_DIGEST, mappingDigest);
            dir.resolve("summary.json").write(JSON.writeValueAsBytes(summary));
            dir.resolve("report.html").write(html(report, history, current(history, report, dir)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw CutoverException.failure("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    public static void printConsole(VerifyReport r, Location dir, PrintStream out) {
        out.println();
        out.printf("Verify (%s mapping)%s%s%n", r.mapping(), r.since() == null ? "" : ", rows since " + r.since(),
                r.recheckOf() == null ? "" : ", recheck of " + r.recheckOf());
        out.printf("  %-12s %-8s %10s %10s %8s %8s %8s %8s %8s  %s%n", "entity", "source", "old rows", "new rows",
                "missing", "extra", "changed", "dup key", "null key", "worst columns");
        for (ComparisonSummary s : r.comparisons()) {
            out.printf("  %-12s %-8s %,10d %,10d %8d %8d %8d %8d %8d  %s%s%n", s.entity(), s.source(), s.oldRows(), s.newRows(),
                    s.count(Category.MISSING_IN_NEW), s.count(Category.EXTRA_IN_NEW),
                    s.changedRows(), s.count(Category.DUPLICATE_KEY), s.count(Category.NULL_KEY),
                    worst(s), (s.recheck() == null ? "" : String.format("  [recheck: %d resolved, %d persisting]",
                            s.recheck().resolved(), s.recheck().persisting()))
                            + (s.settle() == null || s.differences() == 0 ? "" : String.format("  [settle: %d persistent, %d transient]",
                            s.settle().persistent(), s.settle().transients())));
        }
        for (ComparisonSummary c : r.checks()) {
            out.printf("  %-5s %-34s %,d rows, %d disagree%s%n", TreeChecksSection.isTree(c) ? "tree" : "check", c.entity(),
                    c.newRows(), c.differences(),
                    c.inherited() == 0 ? "" : String.format(" (and %d inherited: the old data disagrees the same way)", c.inherited()));
        }
        if (!r.consistentRead()) out.println("  (live databases read without a common snapshot: --no-consistent-read)");
        if (r.pushdown() != null) out.println("  pushdown " + r.pushdown());
        if (r.persistentDifferences() != null) {
            out.printf("  settled after %s: %,d persistent, %,d transient (writes in flight)%n",
                    io.cutover.progress.Progress.formatDuration(r.settleSeconds()), r.persistentDifferences(),
                    r.totalDifferences() - r.persistentDifferences());
        }
        long counted = r.persistentDifferences() == null ? r.totalDifferences() : r.persistentDifferences();
        out.printf("  %s: %,d %sdifferences%s in %.1f s; report: %s%n",
                counted == 0 ? "OK" : "DIFFERENCES", counted, r.persistentDifferences() == null ? "" : "persistent ",
                r.maxDifferences() > 0 ? " (accepted up to " + r.maxDifferences() + ")" : "", r.seconds(),
                dir.resolve("report.html"));
    }

    /** This run's line in the history: the newest written for this report directory with this run's time and outcome. */
    static VerifyHistoryEntry current(VerifyHistory.Read history, VerifyReport report, Location dir) {
        if (history == null) return null;
        VerifyHistoryEntry found = null;
        for (VerifyHistoryEntry run : history.runs()) {
            if (dir.toString().equals(run.report()) && run.seconds() == report.seconds() && run.exitCode() == report.exitCode()) found = run;
        }
        return found;
    }

    private static String worst(ComparisonSummary s) {
        List<String> names = new ArrayList<>();
        for (ComparisonSummary.ColumnSummary c : s.columns()) {
            if (c.mismatches() > 0 && names.size() < 3) names.add(c.column() + " " + c.mismatches());
        }
        return names.isEmpty() ? "-" : String.join(", ", names);
    }

    // ---- HTML -------------------------------------------------------------------------------

    static String html(VerifyReport r) {
        return html(r, null, null);
    }

    static String html(VerifyReport r, VerifyHistory.Read history, VerifyHistoryEntry current) {
        StringBuilder b = new StringBuilder();
        b.append(HtmlPage.head("cutover verify: " + r.mapping(), history == null ? "" : ConvergenceChart.css()));
        boolean settled = r.persistentDifferences() != null;
        long counted = settled ? r.persistentDifferences() : r.totalDifferences();
        b.append("<h1>cutover verify: <span class=\"").append(counted == 0 ? "ok\">no " + (settled ? "persistent " : "") + "differences"
                : "bad\">" + String.format("%,d %sdifferences", counted, settled ? "persistent " : "")).append("</span></h1>\n");
        b.append("<p>Mapping <b>").append(esc(r.mapping())).append("</b>; new tables: ").append(esc(r.target()));
        r.sources().forEach((k, v) -> b.append("; ").append(esc(k)).append(": ").append(esc(v)));
        if (r.since() != null) b.append("; rows created or updated since ").append(esc(r.since()));
        if (r.recheckOf() != null) b.append("; recheck of ").append(esc(r.recheckOf()));
        b.append(String.format("; %.1f s.</p>%n", r.seconds()));
        if (r.pushdown() != null) b.append("<p>Pushdown ").append(esc(r.pushdown())).append(".</p>\n");
        b.append(r.consistentRead() ? "<p>Each live database was read at one instant (one exported snapshot for the whole run).</p>\n"
                : "<p class=\"bad\">Live databases were read without a common snapshot (--no-consistent-read): a write made "
                        + "during the run can show as a difference.</p>\n");
        if (settled) {
            b.append(String.format("<p>Settle: the differing keys were read again after %s, in new snapshots: <b>%,d persistent</b>, "
                    + "%,d transient (gone on the second read: writes that were in flight). Only persistent differences count for the "
                    + "exit code.</p>%n", io.cutover.progress.Progress.formatDuration(r.settleSeconds()), r.persistentDifferences(),
                    r.totalDifferences() - r.persistentDifferences()));
        }

        b.append("<h2>Summary</h2>\n<table><tr><th>entity</th><th>against</th><th>old rows</th><th>new rows</th>")
         .append("<th>missing in new</th><th>extra in new</th><th>changed rows</th><th>duplicate keys</th><th>NULL keys</th>")
         .append(settled ? "<th>persistent</th><th>transient</th>" : "").append("</tr>\n");
        for (ComparisonSummary s : r.comparisons()) {
            b.append("<tr><td><a href=\"#").append(anchor(s)).append("\">").append(esc(s.entity())).append("</a></td><td>")
             .append(esc(s.source())).append("</td>").append(num(s.oldRows())).append(num(s.newRows()))
             .append(num(s.count(Category.MISSING_IN_NEW))).append(num(s.count(Category.EXTRA_IN_NEW)))
             .append(num(s.changedRows())).append(num(s.count(Category.DUPLICATE_KEY)))
             .append(num(s.count(Category.NULL_KEY)));
            if (settled) {
                b.append(num(s.settle() == null ? 0 : s.settle().persistent())).append(num(s.settle() == null ? 0 : s.settle().transients()));
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        if (history != null) ConvergenceChart.append(b, history, current);
        if (r.checks().stream().anyMatch(c -> !TreeChecksSection.isTree(c))) {
            b.append("<h2>Aggregate checks</h2>\n<table><tr><th>check</th><th>rows</th><th>disagree (introduced)</th>")
             .append("<th>inherited</th></tr>\n");
            for (ComparisonSummary c : r.checks()) {
                if (TreeChecksSection.isTree(c)) continue;
                b.append("<tr><td><a href=\"#").append(anchor(c)).append("\">").append(esc(c.entity())).append("</a></td>")
                 .append(num(c.newRows())).append(num(c.differences())).append(num(c.inherited())).append("</tr>\n");
            }
            b.append("</table>\n<p><i>inherited</i>: the old sources disagree the same way (same stored value, same recount), ")
             .append("so the backfill copied it faithfully; shown, not counted as a difference.</p>\n");
        }
        TreeChecksSection.append(b, r.checks());
        List<ComparisonSummary> all = new ArrayList<>(r.comparisons());
        all.addAll(r.checks());
        for (ComparisonSummary s : all) {
            b.append("<h2 id=\"").append(anchor(s)).append("\">").append(esc(s.entity())).append(" against ")
             .append(esc(s.source())).append("</h2>\n");
            if (TreeChecksSection.isTree(s)) {
                b.append(String.format("<p>%,d nodes checked against %,d comments and posts.</p>%n", s.newRows(), s.oldRows()));
            } else {
                b.append(String.format("<p>%,d old rows, %,d new rows, %,d compared key by key after the hash pass; %,d of %,d buckets differed.</p>%n",
                        s.oldRows(), s.newRows(), s.rowsCompared(), s.bucketsDiffering(), s.bucketsCompared()));
            }
            if (s.recheck() != null) {
                b.append(String.format("<p>Recheck: %,d keys of the earlier report, %,d resolved, %,d persisting.</p>%n",
                        s.recheck().earlierKeys(), s.recheck().resolved(), s.recheck().persisting()));
            }
            if (!s.columns().isEmpty()) {
                long worst = Math.max(1, s.columns().get(0).mismatches());
                b.append("<table><tr><th>column</th><th>mismatches</th><th></th><th>match rate</th><th>max difference</th></tr>\n");
                for (ComparisonSummary.ColumnSummary c : s.columns()) {
                    b.append("<tr><td>").append(esc(c.column())).append("</td>").append(num(c.mismatches()))
                     .append("<td><span class=\"bar\" style=\"width:").append(c.mismatches() * 200 / worst).append("px\"></span></td>")
                     .append(String.format("<td class=\"n\">%.4f%%</td>", 100 * c.matchRate()))
                     .append("<td class=\"n\">").append(maxDifference(c))
                     .append("</td></tr>\n");
                }
                b.append("</table>\n");
            }
            if (!s.samples().isEmpty()) {
                b.append("<table><tr><th>category</th><th>key</th><th>column</th><th>old value</th><th>new value</th></tr>\n");
                for (ComparisonSummary.Sample x : s.samples()) {
                    b.append("<tr><td>").append(esc(x.category())).append("</td><td><code>").append(esc(x.key()))
                     .append("</code></td><td>").append(esc(x.column())).append("</td><td><pre>").append(esc(clip(x.oldValue())))
                     .append("</pre></td><td><pre>").append(esc(clip(x.newValue()))).append("</pre></td></tr>\n");
                }
                b.append("</table>\n");
            }
        }
        b.append("<p>Every difference: <code>").append(esc(r.differencesPath()))
         .append("</code> (Parquet, partitioned by entity and source).</p>\n</body></html>\n");
        return b.toString();
    }

    static String anchor(ComparisonSummary s) {
        return (s.entity() + "-" + s.source()).replaceAll("[^A-Za-z0-9_-]", "-");
    }

    /** The largest difference with its unit, only where a distance means something (not for ids). */
    static String maxDifference(ComparisonSummary.ColumnSummary c) {
        if (c.maxDifference() == null) return "";
        String n = new java.math.BigDecimal(c.maxDifference()).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
        return c.maxDifferenceUnit() == null ? n : n + " " + c.maxDifferenceUnit();
    }

    private static String clip(String s) {
        if (s == null) return "NULL";
        return s.length() > 400 ? s.substring(0, 400) + " …(" + s.length() + " chars)" : s;
    }
}

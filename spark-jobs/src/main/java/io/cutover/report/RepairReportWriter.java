package io.cutover.report;

import static io.cutover.report.HtmlPage.esc;
import static io.cutover.report.HtmlPage.num;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.outcome.CutoverException;
import io.cutover.report.RepairOutcome.KeyOutcome;
import io.cutover.report.RepairOutcome.Outcome;
import io.cutover.storage.Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A repair's outcome for people, beside {@code repair.sql}: {@code repair.html} (where the plan
 * came from, counts per entity and category and outcome, the recheck's verdict, the keys of each
 * outcome with why) and {@code repair-keys.jsonl}, every key with its outcome, which the page
 * points to when it shows only the first of a long list and the notebook reads.
 */
public final class RepairReportWriter {
    public static final String PAGE = "repair.html";
    public static final String KEYS = "repair-keys.jsonl";
    /** Keys shown per entity and category, and per outcome, in the page: enough to read, few enough to load at 10,000 keys. */
    static final int SHOWN_PER_GROUP = 100;
    static final int SHOWN_PER_OUTCOME = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSS = "td.z{color:#aaa}tr.total td{font-weight:600}details{margin:.3em 0}"
            + "summary{cursor:pointer}details table{margin:.4em 0 .8em 1.2em}td.key code{white-space:nowrap;word-break:normal}dl.legend{display:grid;"
            + "grid-template-columns:max-content auto;gap:2px 12px}dl.legend dt{font-weight:600}dl.legend dd{margin:0}";
    /** The sections in the order a reader acts on them: what went wrong first. */
    private static final List<Outcome> ORDER = List.of(Outcome.FAILED, Outcome.SKIPPED, Outcome.LEFT, Outcome.PLANNED,
            Outcome.FIXED, Outcome.RESOLVED);

    private RepairReportWriter() {}

    public static void write(RepairOutcome outcome, Location dir) {
        try {
            dir.mkdirs();
            dir.resolve(PAGE).write(html(outcome).getBytes(StandardCharsets.UTF_8));
            dir.resolve(KEYS).write(keys(outcome));
        } catch (IOException e) {
            throw CutoverException.failure("repair: cannot write " + PAGE + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One JSON object per line: entity, category, key, column, outcome, why. */
    static byte[] keys(RepairOutcome o) throws IOException {
        StringBuilder b = new StringBuilder();
        for (KeyOutcome k : o.keys()) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("entity", k.entity());
            line.put("category", k.category());
            line.put("key", k.key());
            line.put("column", k.column());
            line.put("outcome", k.outcome().id());
            line.put("why", k.why());
            b.append(JSON.writeValueAsString(line)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String html(RepairOutcome o) {
        StringBuilder b = new StringBuilder(HtmlPage.head("cutover repair: " + o.origin().report(), CSS));
        long failed = o.count(Outcome.FAILED), skipped = o.count(Outcome.SKIPPED), left = o.count(Outcome.LEFT);
        boolean clean = failed + skipped + left == 0 && (o.recheck() == null ? o.count(Outcome.PLANNED) == 0 : o.recheck().differences() == 0);
        b.append("<h1>cutover repair: <span class=\"").append(clean ? "ok" : "bad").append("\">").append(headline(o)).append("</span></h1>\n");
        RepairOutcome.Origin from = o.origin();
        b.append("<p>From the verify report <code>").append(esc(from.report())).append("</code>")
         .append(from.written() == null ? "" : " (written " + esc(from.written()) + ")")
         .append("; mapping <b>").append(esc(from.mapping())).append("</b> (<code>").append(esc(from.mappingDigest())).append("</code>)")
         .append("; new tables: ").append(esc(from.target())).append(".</p>\n");
        b.append("<p>").append(esc(capitalised(o.reread()))).append(".</p>\n");
        if (!o.executed()) {
            b.append("<p>Printed only: nothing was applied. Review <a href=\"repair.sql\">repair.sql</a>, then run again with")
             .append(" <code>--execute</code>.</p>\n");
        } else if (o.recheck() != null) {
            RepairOutcome.Recheck r = o.recheck();
            b.append("<p class=\"").append(r.differences() == 0 ? "ok" : r.onFixedKeys() == 0 ? "" : "bad").append("\">");
            b.append(String.format("Recheck of every key the repair was about: <b>%,d difference%s remain%s</b>", r.differences(),
                    r.differences() == 1 ? "" : "s", r.differences() == 1 ? "s" : ""));
            if (r.differences() > 0) {
                b.append(r.onFixedKeys() == 0 ? ", none on a key a fix was applied to (they are the keys skipped or left to a person)"
                        : String.format(", %,d on keys a fix was applied to (failed, below)", r.onFixedKeys()));
            }
            b.append(". Its report: <a href=\"").append(esc(relative(r.report()))).append("/report.html\">")
             .append(esc(relative(r.report()))).append("/report.html</a>.</p>\n");
        }
        counts(b, o);
        for (Outcome outcome : ORDER) section(b, o, outcome);
        if (!o.seconds().isEmpty()) {
            List<String> took = new ArrayList<>();
            for (String step : List.of("reread", "plan", "apply", "recheck")) {
                Double s = o.seconds().get(step);
                if (s != null) took.add(String.format("%s %.1f s", step.equals("reread") ? "re-read" : step, s));
            }
            b.append("<p>Took ").append(esc(String.join(", ", took))).append(".</p>\n");
        }
        b.append("<p>Files beside this page: <a href=\"repair.sql\">repair.sql</a> (the statements, a trace comment on each),")
         .append(" <a href=\"repair-summary.json\">repair-summary.json</a>, <a href=\"").append(KEYS).append("\">").append(KEYS)
         .append("</a> (every key with its outcome, one JSON object a line), <a href=\"fresh/report.html\">fresh/</a> (the")
         .append(" report's keys read again before planning)")
         .append(o.executed() ? ", <a href=\"recheck/report.html\">recheck/</a> (the keys verified after the fixes)" : "")
         .append(".</p>\n</body></html>\n");
        return b.toString();
    }

    private static String headline(RepairOutcome o) {
        List<String> parts = new ArrayList<>();
        if (o.executed()) {
            parts.add(String.format("%,d fixed", o.count(Outcome.FIXED)));
            if (o.count(Outcome.FAILED) > 0) parts.add(String.format("%,d failed", o.count(Outcome.FAILED)));
        } else {
            parts.add(String.format("%,d planned, not applied", o.count(Outcome.PLANNED)));
        }
        parts.add(String.format("%,d skipped", o.count(Outcome.SKIPPED)));
        parts.add(String.format("%,d left to a person", o.count(Outcome.LEFT)));
        parts.add(String.format("%,d resolved", o.count(Outcome.RESOLVED)));
        return esc(String.join(", ", parts));
    }

    /** The table of keys per entity and category and outcome, a total row, and what each outcome means. */
    private static void counts(StringBuilder b, RepairOutcome o) {
        List<Outcome> columns = o.executed()
                ? List.of(Outcome.FIXED, Outcome.FAILED, Outcome.SKIPPED, Outcome.RESOLVED, Outcome.LEFT)
                : List.of(Outcome.PLANNED, Outcome.SKIPPED, Outcome.RESOLVED, Outcome.LEFT);
        b.append("<h2>Per entity and category</h2>\n<table><tr><th>entity</th><th>category</th>");
        for (Outcome c : columns) b.append("<th title=\"").append(esc(c.meaning())).append("\">").append(label(c)).append("</th>");
        b.append("</tr>\n");
        Map<Outcome, Long> total = new EnumMap<>(Outcome.class);
        o.counts().forEach((entity, byCategory) -> byCategory.forEach((category, byOutcome) -> {
            b.append("<tr><td>").append(esc(entity)).append("</td><td>").append(esc(categoryLabel(category))).append("</td>");
            for (Outcome c : columns) {
                long n = byOutcome.getOrDefault(c.id(), 0L);
                total.merge(c, n, Long::sum);
                b.append(cell(n, c));
            }
            b.append("</tr>\n");
        }));
        b.append("<tr class=\"total\"><td>all</td><td></td>");
        for (Outcome c : columns) b.append(cell(total.getOrDefault(c, 0L), c));
        b.append("</tr>\n</table>\n");
        RepairOutcome.Trees t = o.trees();
        if (t.planned() > 0) {
            b.append(o.executed()
                    ? String.format("<p>Comment trees: %,d posts rebuilt from their comments of %,d planned, %,d tree nodes written.</p>%n",
                            t.rebuilt(), t.planned(), t.nodesWritten())
                    : String.format("<p>Comment trees: %,d posts to rebuild from their comments.</p>%n", t.planned()));
        }
        b.append("<dl class=\"legend\">");
        for (Outcome c : columns) b.append("<dt>").append(label(c)).append("</dt><dd>").append(esc(c.meaning())).append("</dd>");
        b.append("<dt>counted</dt><dd>one per key and category; a changed column skipped or left to a person counts once per column;")
         .append(" a tree row counts posts. A recheck reads the rows again, not the recounts nor the trees: verify again to see those.</dd>")
         .append("</dl>\n");
    }

    private static String cell(long n, Outcome c) {
        if (n == 0) return "<td class=\"n z\">0</td>";
        String tone = c == Outcome.FAILED || c == Outcome.SKIPPED || c == Outcome.LEFT ? " bad" : c == Outcome.FIXED ? " ok" : "";
        return "<td class=\"n" + tone + "\">" + String.format("%,d", n) + "</td>";
    }

    /** The keys of one outcome, one collapsible list per entity and category, the first of each shown. */
    private static void section(StringBuilder b, RepairOutcome o, Outcome outcome) {
        Map<String, List<KeyOutcome>> groups = new java.util.TreeMap<>();
        for (KeyOutcome k : o.keys()) {
            if (k.outcome() == outcome) groups.computeIfAbsent(k.entity() + " · " + categoryLabel(k.category()), g -> new ArrayList<>()).add(k);
        }
        if (groups.isEmpty()) return;
        long all = groups.values().stream().mapToLong(List::size).sum();
        b.append("<h2 id=\"").append(outcome.id()).append("\">").append(capitalised(label(outcome))).append(String.format(" (%,d)", all)).append("</h2>\n")
         .append("<p>").append(esc(capitalised(outcome.meaning()))).append(".</p>\n");
        boolean actOn = outcome == Outcome.FAILED || outcome == Outcome.SKIPPED || outcome == Outcome.LEFT;
        int shown = 0;
        for (Map.Entry<String, List<KeyOutcome>> g : groups.entrySet()) {
            List<KeyOutcome> keys = g.getValue();
            int show = Math.max(0, Math.min(keys.size(), Math.min(SHOWN_PER_GROUP, SHOWN_PER_OUTCOME - shown)));
            b.append("<details").append(actOn && keys.size() <= 20 ? " open" : "").append("><summary>").append(esc(g.getKey()))
             .append(String.format(": %,d", keys.size())).append("</summary>\n");
            if (show > 0) {
                b.append("<table><tr><th>key</th><th>column</th><th>why</th></tr>\n");
                for (KeyOutcome k : keys.subList(0, show)) {
                    b.append("<tr><td class=\"key\"><code>").append(esc(k.key())).append("</code></td><td>").append(esc(k.column()))
                     .append("</td><td>").append(esc(k.why())).append("</td></tr>\n");
                }
                b.append("</table>\n");
            }
            if (show < keys.size()) {
                b.append(String.format("<p>… and %,d more: every key in <a href=\"%s\">%s</a> (outcome \"%s\").</p>%n",
                        keys.size() - show, KEYS, KEYS, outcome.id()));
            }
            b.append("</details>\n");
            shown += show;
        }
    }

    private static String label(Outcome o) {
        return switch (o) {
            case FAILED -> "failed";
            case SKIPPED -> "skipped: the app wrote since";
            case LEFT -> "left to a person";
            case PLANNED -> "planned";
            case FIXED -> "fixed";
            case RESOLVED -> "resolved";
        };
    }

    private static String categoryLabel(String category) {
        return switch (category) {
            case "aggregate" -> "aggregate (recount)";
            case "tree" -> "tree (rebuild)";
            default -> category;
        };
    }

    /** A path inside the repair directory as the page links it: relative, so that the directory can be moved or shared. */
    private static String relative(String recheck) {
        String name = recheck.replaceAll("/+$", "");
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static String capitalised(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

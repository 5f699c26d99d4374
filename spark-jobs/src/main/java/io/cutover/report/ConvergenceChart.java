package io.cutover.report;

import static io.cutover.report.HtmlPage.esc;

import io.cutover.verify.VerifyHistory;
import io.cutover.verify.VerifyHistoryEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The differences that count (persistent after a settle pass, else every one found) per entity
 * over the runs of a verify history, as inline SVG: one small chart per entity, a line per old
 * source, the current run marked. The cross-table checks and comment trees share one chart.
 * No script and nothing fetched: the report renders offline.
 */
final class ConvergenceChart {
    /** Older runs are left out of the chart (the table below says how many there are). */
    static final int MAX_RUNS = 60;
    private static final int RUNS_LISTED = 12;
    private static final String CHECKS = "cross-table checks and trees";
    private static final String[] COLOURS = {"#1f5fa8", "#c0392b", "#1e8449", "#7d3c98", "#d35400", "#6e4b3a", "#b03a7a", "#117a8b"};
    private static final int W = 380, H = 210, LEFT = 46, RIGHT = 12, TOP = 12, BOTTOM = 44;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ConvergenceChart() {}

    /** The CSS the section needs, for the page's style sheet. */
    static String css() {
        return ".runs-charts{display:flex;flex-wrap:wrap;gap:14px 22px;margin:.4em 0 1em}"
                + ".runs-charts figure{margin:0}.runs-charts figcaption{font-weight:600;margin-bottom:2px}"
                + ".runs-charts svg text{font:10px system-ui,sans-serif;fill:#444}"
                + ".legend{font-size:12px;margin-top:2px}.legend span{margin-right:12px;white-space:nowrap}"
                + ".swatch{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:4px}"
                + "table.runs-table td{white-space:nowrap}table.runs-table td:last-child{white-space:normal}";
    }

    /**
     * Appends the section; {@code current}: this run's entry in the history, or null when it is not
     * there (its point is then not marked).
     */
    static void append(StringBuilder b, VerifyHistory.Read read, VerifyHistoryEntry current) {
        b.append("<h2 id=\"convergence\">Convergence over the runs</h2>\n");
        for (String line : read.skipped()) {
            b.append("<p class=\"bad\">Left out of the history: ").append(esc(line)).append("</p>\n");
        }
        List<VerifyHistoryEntry> all = read.runs();
        if (all.isEmpty()) {
            b.append("<p>The history in <code>").append(esc(read.dir().toString())).append("</code> holds no run yet.</p>\n");
            return;
        }
        List<VerifyHistoryEntry> runs = all.subList(Math.max(0, all.size() - MAX_RUNS), all.size());
        b.append(String.format("<p>Differences that count per entity and old source over %s of the history in <code>%s</code>: "
                        + "persistent ones after a settle pass, else every one found. "
                        + "&#9679; full run, &#9670; recheck (only the keys of an earlier report), &#9632; window (only rows changed in it); "
                        + "%s</p>%n",
                runs.size() == all.size() ? "the " + all.size() + " run" + (all.size() == 1 ? "" : "s") : "the last " + runs.size() + " of " + all.size() + " runs",
                esc(read.dir().toString()), current == null ? "this run is not among them."
                        : "this run is ringed, on the dashed line."));
        int at = current == null ? -1 : indexOf(runs, current);
        b.append("<div class=\"runs-charts\">\n");
        panels(runs).forEach((title, lines) -> panel(b, title, lines, runs, at));
        b.append("</div>\n");
        table(b, all, current);
    }

    /** Per chart (an entity, or the checks), per line (a source, or a check), the count of each run; null where a run did not compare it. */
    private static Map<String, Map<String, Long[]>> panels(List<VerifyHistoryEntry> runs) {
        Map<String, Map<String, Long[]>> panels = new LinkedHashMap<>();
        TreeMap<String, TreeMap<String, Long[]>> entities = new TreeMap<>();
        TreeMap<String, Long[]> checks = new TreeMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (VerifyHistoryEntry.Comparison c : runs.get(i).comparisons()) {
                boolean check = c.source().equals("checks") || c.source().equals(TreeChecksSection.SOURCE);
                Long[] values = check ? checks.computeIfAbsent(c.entity(), k -> new Long[runs.size()])
                        : entities.computeIfAbsent(c.entity(), k -> new TreeMap<>()).computeIfAbsent(c.source(), k -> new Long[runs.size()]);
                values[i] = c.counted();
            }
        }
        entities.forEach(panels::put);
        if (!checks.isEmpty()) panels.put(CHECKS, checks);
        return panels;
    }

    private static void panel(StringBuilder b, String title, Map<String, Long[]> lines, List<VerifyHistoryEntry> runs, int current) {
        long max = 0;
        for (Long[] values : lines.values()) for (Long v : values) if (v != null) max = Math.max(max, v);
        long step = niceStep(max);
        long top = Math.max(step, (max + step - 1) / step * step);
        int plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
        boolean checks = title.equals(CHECKS);
        b.append("<figure><figcaption>").append(esc(title)).append("</figcaption>")
         .append(String.format("<svg class=\"runs\" data-panel=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
                 + "aria-label=\"%s: differences per run\">%n", esc(title), W, H, W, H, esc(title)));
        for (long y = 0; y <= top; y += step) {
            double py = TOP + plotH - (double) y / top * plotH;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%,d</text>%n", LEFT, py, W - RIGHT, py, y == 0 ? "#999" : "#e4e4e4",
                    LEFT - 5, py + 3.5, y));
        }
        if (current >= 0) {
            double cx = x(current, runs.size());
            b.append(String.format(Locale.ROOT, "<line class=\"current\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\" "
                    + "stroke-dasharray=\"4 3\"/>%n", cx, TOP, cx, TOP + plotH));
        }
        for (int i : ticks(runs.size())) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x(i, runs.size()), TOP + plotH + 14, CLOCK.format(time(runs.get(i))),
                    x(i, runs.size()), TOP + plotH + 26, DAY.format(time(runs.get(i)))));
        }
        b.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">run (UTC)</text>%n", LEFT + plotW / 2, H - 4));
        int colour = 0;
        List<String> legend = new ArrayList<>();
        for (Map.Entry<String, Long[]> line : lines.entrySet()) {
            String c = COLOURS[colour++ % COLOURS.length];
            Long[] values = line.getValue();
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) continue;
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x(i, values.length),
                        y(values[i], top)));
            }
            b.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(c).append("\" stroke-width=\"2\"/>\n");
            int last = -1;
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) continue;
                last = i;
                VerifyHistoryEntry run = runs.get(i);
                String tip = String.format("%s %s %s: %,d (%s, %s)", checks ? "check" : title, checks ? line.getKey() : "vs",
                        checks ? "" : line.getKey(), values[i], run.mode(), FULL.format(time(run))).replace("  ", " ").replace(" :", ":");
                b.append(marker(run.mode(), x(i, values.length), y(values[i], top), c, i == current,
                        checks ? line.getKey() : title, checks ? "checks" : line.getKey(), run.runId(), tip));
            }
            // The latest count, with its run's time when a later run did not compare it.
            legend.add("<span><i class=\"swatch\" style=\"background:" + c + "\"></i>" + esc(line.getKey())
                    + (last < 0 ? "" : String.format(": %,d", values[last]))
                    + (last < 0 || last == values.length - 1 ? "" : " at " + CLOCK.format(time(runs.get(last)))) + "</span>");
        }
        b.append("</svg>\n<div class=\"legend\">").append(String.join("", legend)).append("</div></figure>\n");
    }

    /** A run's point: its shape says its mode; the current run's is larger and ringed. */
    private static String marker(String mode, double x, double y, String colour, boolean current, String entity, String source,
                                 String run, String tip) {
        double r = current ? 5.5 : 3.8;
        String stroke = current ? " stroke=\"#222\" stroke-width=\"1.6\"" : " stroke=\"#fff\" stroke-width=\"1\"";
        String data = String.format(" class=\"pt%s\" data-entity=\"%s\" data-source=\"%s\" data-run=\"%s\"", current ? " current" : "",
                esc(entity), esc(source), esc(run));
        String shape = switch (mode) {
            case VerifyHistoryEntry.RECHECK -> String.format(Locale.ROOT, "<path%s d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f L%.1f %.1f Z\"",
                    data, x, y - r * 1.3, x + r * 1.3, y, x, y + r * 1.3, x - r * 1.3, y);
            case VerifyHistoryEntry.WINDOW -> String.format(Locale.ROOT, "<rect%s x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"",
                    data, x - r, y - r, 2 * r, 2 * r);
            default -> String.format(Locale.ROOT, "<circle%s cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", data, x, y, r);
        };
        return shape + " fill=\"" + colour + "\"" + stroke + "><title>" + esc(tip) + "</title></" + shape.substring(1, shape.indexOf(' '))
                + ">\n";
    }

    /** The last runs, newest last, with what the chart does not show: mode, totals, rows read, wall time, exit code. */
    private static void table(StringBuilder b, List<VerifyHistoryEntry> all, VerifyHistoryEntry current) {
        List<VerifyHistoryEntry> listed = all.subList(Math.max(0, all.size() - RUNS_LISTED), all.size());
        b.append("<table class=\"runs-table\"><tr><th>run (UTC)</th><th>mode</th><th>differences that count</th><th>transient</th>")
         .append("<th>rows read</th><th>wall time</th><th>exit</th><th>report</th></tr>\n");
        for (VerifyHistoryEntry run : listed) {
            long counted = run.comparisons().stream().mapToLong(VerifyHistoryEntry.Comparison::counted).sum();
            long transients = run.comparisons().stream().filter(c -> c.transients() != null)
                    .flatMap(c -> c.transients().values().stream()).mapToLong(Long::longValue).sum();
            boolean isCurrent = current != null && run.runId().equals(current.runId());
            b.append(isCurrent ? "<tr style=\"font-weight:600\">" : "<tr>").append("<td>").append(FULL.format(time(run)))
             .append(isCurrent ? " (this run)" : "").append("</td><td>").append(esc(mode(run))).append("</td>")
             .append(HtmlPage.num(counted))
             .append(run.settled() ? HtmlPage.num(transients) : "<td class=\"n\">-</td>")
             .append(HtmlPage.num(run.rowsRead()))
             .append(String.format(Locale.ROOT, "<td class=\"n\">%.1f s</td><td class=\"n\">%d</td>", run.seconds(), run.exitCode()))
             .append("<td><code>").append(esc(run.report())).append("</code></td></tr>\n");
        }
        b.append("</table>\n");
        if (listed.size() < all.size()) {
            b.append(String.format("<p>The last %d of %d runs.</p>%n", listed.size(), all.size()));
        }
    }

    private static String mode(VerifyHistoryEntry run) {
        String mode = switch (run.mode()) {
            case VerifyHistoryEntry.RECHECK -> "recheck of " + lastName(run.recheckOf());
            case VerifyHistoryEntry.WINDOW -> "window from " + run.since();
            default -> run.mode();
        };
        return run.settled() ? mode + ", settled" : mode;
    }

    /** The report a recheck read, by its directory's name: the full location is in that run's own row. */
    private static String lastName(String location) {
        if (location == null) return "";
        String trimmed = location.replaceAll("/+$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static int indexOf(List<VerifyHistoryEntry> runs, VerifyHistoryEntry current) {
        for (int i = 0; i < runs.size(); i++) if (runs.get(i).runId().equals(current.runId())) return i;
        return -1;
    }

    /** At most seven labelled runs, always the first and the last. */
    private static TreeSet<Integer> ticks(int n) {
        TreeSet<Integer> ticks = new TreeSet<>();
        int every = Math.max(1, (int) Math.ceil((n - 1) / 6.0));
        for (int i = 0; i < n; i += every) ticks.add(i);
        // The last run is always labelled: a tick closer to it than the spacing would collide.
        if (n - 1 - ticks.last() < every && ticks.size() > 1) ticks.remove(ticks.last());
        ticks.add(n - 1);
        return ticks;
    }

    private static double x(int i, int n) {
        int plotW = W - LEFT - RIGHT;
        // A lone run sits in the middle; otherwise the first and last runs keep a margin from the edges.
        return n == 1 ? LEFT + plotW / 2.0 : LEFT + 14 + (double) i / (n - 1) * (plotW - 28);
    }

    private static double y(long value, long top) {
        int plotH = H - TOP - BOTTOM;
        return TOP + plotH - (double) value / top * plotH;
    }

    /** 1, 2 or 5 times a power of ten, giving about four grid lines up to {@code max}. */
    static long niceStep(long max) {
        if (max <= 4) return 1;
        double raw = max / 4.0;
        long power = (long) Math.pow(10, Math.floor(Math.log10(raw)));
        for (long m : new long[] {1, 2, 5, 10}) if (m * power >= raw) return m * power;
        return 10 * power;
    }

    private static Instant time(VerifyHistoryEntry run) {
        return Instant.parse(run.time());
    }
}

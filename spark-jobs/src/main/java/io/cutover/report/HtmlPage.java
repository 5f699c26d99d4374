package io.cutover.report;

/**
 * What the report pages share, so that a verify report and a repair read alike: the head with
 * the common style, escaping, and the number cell.
 */
final class HtmlPage {
    /** The style of every report page: tables, numbers right-aligned, green for good, red for bad. */
    static final String STYLE = "body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}"
            + "table{border-collapse:collapse;margin:.6em 0 1.4em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}"
            + "th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#17653a}.bad{color:#a4161a}"
            + ".bar{background:#a4161a;height:10px;display:inline-block}code,pre{font:12px ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}";

    private HtmlPage() {}

    /** The page up to and including {@code <body>}, with the common style and {@code css} after it. */
    static String head(String title, String css) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n<style>"
                + STYLE + css + "</style></head><body>\n";
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A right-aligned count cell, with thousands separators. */
    static String num(long n) {
        return "<td class=\"n\">" + String.format("%,d", n) + "</td>";
    }
}

package io.cutover.report;

import io.cutover.verify.ComparisonSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comment-tree checks in the HTML report: one row per rule, one column per tree table,
 * the nodes (or posts, for the root rule) breaking it. The samples are in each table's own
 * section, with the other comparisons.
 */
final class TreeChecksSection {
    /** Verify reports tree checks as source {@code structure}, one summary per table. */
    static final String SOURCE = "structure";

    private static final Map<String, String> RULES = new LinkedHashMap<>();
    static {
        RULES.put("node_missing", "a comment with no node");
        RULES.put("node_extra", "a node for no comment, or a comment's second node");
        RULES.put("root", "a post without exactly one root (key: the post)");
        RULES.put("parent", "the node at the path's prefix is not the parent comment's node (or the post's root)");
        RULES.put("depth", "depth is not the path's number of steps");
        RULES.put("numchild", "numchild is not the number of direct children");
        RULES.put("order", "a node after a sibling it should precede (on the comments' own values, every sort column in turn)");
        RULES.put("post", "the node's post is not its comment's");
        RULES.put("sort_key", "a stored sort column does not hold the comment's value");
    }

    private TreeChecksSection() {}

    static boolean isTree(ComparisonSummary s) {
        return SOURCE.equals(s.source());
    }

    static void append(StringBuilder b, List<ComparisonSummary> checks) {
        List<ComparisonSummary> trees = new ArrayList<>();
        for (ComparisonSummary c : checks) if (isTree(c)) trees.add(c);
        if (trees.isEmpty()) return;
        b.append("<h2>Comment trees</h2>\n<p>Every node of each tree table against the new comments (the reference).</p>\n")
         .append("<table><tr><th>rule</th><th>what breaks it</th>");
        for (ComparisonSummary t : trees) {
            b.append("<th><a href=\"#").append(VerifyReportWriter.anchor(t)).append("\">").append(HtmlPage.esc(t.entity()))
             .append("</a></th>");
        }
        b.append("</tr>\n<tr><td>nodes</td><td></td>");
        for (ComparisonSummary t : trees) b.append(HtmlPage.num(t.newRows()));
        b.append("</tr>\n");
        for (Map.Entry<String, String> rule : RULES.entrySet()) {
            b.append("<tr><td>").append(rule.getKey()).append("</td><td>").append(HtmlPage.esc(rule.getValue())).append("</td>");
            for (ComparisonSummary t : trees) {
                long n = t.columns().stream().filter(c -> c.column().equals(rule.getKey()))
                        .mapToLong(ComparisonSummary.ColumnSummary::mismatches).sum();
                b.append(n == 0 ? "<td class=\"n ok\">0</td>" : "<td class=\"n bad\">" + String.format("%,d", n) + "</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }
}

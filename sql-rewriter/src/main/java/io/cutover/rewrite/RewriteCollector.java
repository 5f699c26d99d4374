package io.cutover.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.sf.jsqlparser.parser.Token;

/**
 * The edits and findings the rules make for one query. Edits are offsets into the original
 * text (token positions of the masked text are positions in the original), so comments,
 * layout and templates survive; findings carry the line:col of the node they are about.
 */
final class RewriteCollector {
    private final SourceText source;
    private final TreeMap<Integer, Edit> edits = new TreeMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private Token near;

    RewriteCollector(String maskedText) {
        this.source = new SourceText(maskedText);
    }

    /** Where a finding goes when its node has no position: the last one the resolver saw. */
    void near(Token position) {
        near = position;
    }

    List<Finding> findings() {
        return findings;
    }

    /** The edits in text order; overlapping ones are dropped with a finding. */
    List<Edit> edits() {
        List<Edit> out = new ArrayList<>();
        int end = -1;
        for (Edit e : edits.values()) {
            if (e.start() < end) {
                finding(Severity.ERROR, null, "overlap", "two rewrites touch the same text; kept the first");
                continue;
            }
            out.add(e);
            end = Math.max(end, e.end());
        }
        return out;
    }

    /** A finding at the node's first token; the same finding twice is said once. */
    void finding(Severity severity, Object node, String rule, String message) {
        Token t = node == null ? null : SourceText.first(node);
        if (t == null) t = near;
        int line = t == null ? 1 : t.beginLine, col = t == null ? 1 : t.beginColumn;
        Finding f = new Finding(severity, line, col, rule, message);
        if (!findings.contains(f)) findings.add(f);
    }

    /** Replaces the whole text of a node. */
    void replace(Object node, String text) {
        Token f = SourceText.first(node), l = SourceText.last(node);
        if (f == null) {
            finding(Severity.ERROR, node, "position", "cannot locate " + node + " in the text");
            return;
        }
        edit(begin(f), end(l), text);
    }

    int begin(Token t) {
        return source.begin(t);
    }

    int end(Token t) {
        return source.end(t);
    }

    /**
     * Replaces {@code [start, end)}. The first edit at an offset wins, except that an insert and
     * a replace at the same offset combine, the insert first.
     */
    void edit(int start, int end, String text) {
        Edit existing = edits.get(start);
        if (existing != null && existing.end() == end && existing.text().equals(text)) return;
        if (existing != null && start == end && existing.start() == existing.end()) {
            return;
        }
        if (existing != null) {
            if (start == end) {
                edits.put(start, new Edit(start, existing.end(), text + existing.text()));
            } else if (existing.start() == existing.end()) {
                edits.put(start, new Edit(start, end, existing.text() + text));
            }
            return;
        }
        edits.put(start, new Edit(start, end, text));
    }
}

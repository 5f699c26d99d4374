package io.cutover.rewrite;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.parser.Token;

/**
 * The original query text and the way from the parser's token positions (1-based line and
 * column, tabs counting one) to offsets in it, so edits can be spliced in place.
 */
final class SourceText {
    final String text;
    private final int[] lineStarts;

    SourceText(String text) {
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') starts.add(i + 1);
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    int offset(int line, int column) {
        return lineStarts[line - 1] + column - 1;
    }

    int begin(Token t) {
        return offset(t.beginLine, t.beginColumn);
    }

    int end(Token t) {
        return offset(t.endLine, t.endColumn) + 1;
    }

    static Token first(Object node) {
        Node n = node instanceof ASTNodeAccess a ? a.getASTNode() : null;
        return n == null ? null : n.jjtGetFirstToken();
    }

    static Token last(Object node) {
        Node n = node instanceof ASTNodeAccess a ? a.getASTNode() : null;
        return n == null ? null : n.jjtGetLastToken();
    }

    String slice(int start, int end) {
        return text.substring(start, end);
    }
}

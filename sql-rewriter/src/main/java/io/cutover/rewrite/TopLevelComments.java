package io.cutover.rewrite;

import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.parser.Token;

/**
 * The old parent_id of a top-level comment holds its post's Reddit id; the new one is NULL.
 * {@code parent_id = <post id>} (the old test for top-level comments) becomes
 * {@code parent_id IS NULL}; a parent_id joined to comment ids matched unrelated comments
 * before (post and comment ids overlap) and matches replies only now.
 */
final class TopLevelComments implements PortabilityRule {
    @Override
    public void topLevelTest(Fact.TopLevelTest f, RewriteCollector out) {
        BinaryExpression be = f.comparison();
        Token first = SourceText.first(be), last = SourceText.last(be);
        Token pl = SourceText.last(f.parent());
        String test = f.op().equals("=") ? " IS NULL" : " IS NOT NULL";
        // keep the parent column's own (possibly rewritten) text; replace the rest
        if (f.parentFirst()) {
            out.edit(out.end(pl), out.end(last), test);
        } else {
            out.edit(out.begin(first), out.begin(SourceText.first(f.parent())), "");
            out.edit(out.end(pl), out.end(last), test);
        }
        out.finding(Severity.WARNING, be, "parent-id", "`" + be + "` found top-level comments (old parent_id = the post's Reddit id);"
                + " rewritten as parent_id " + (f.op().equals("=") ? "IS NULL" : "IS NOT NULL") + ", which assumes " + f.post() + " is the comment's own post");
    }

    @Override
    public void columnComparison(Fact.ColumnComparison f, RewriteCollector out) {
        ColumnChange lo = f.left(), ro = f.right();
        if (lo.topLevelAsPostId() && "comment".equals(ro.identity()) || ro.topLevelAsPostId() && "comment".equals(lo.identity())) {
            out.finding(Severity.WARNING, f.comparison(), "parent-id-overlap", "`" + f.comparison() + "`: old parent_id of a top-level comment holds its post's Reddit id,"
                    + " and post and comment ids overlap, so the old query also matched top-level comments to unrelated comments;"
                    + " the rewrite (parent_id NULL for top-level) matches replies only");
        }
    }
}

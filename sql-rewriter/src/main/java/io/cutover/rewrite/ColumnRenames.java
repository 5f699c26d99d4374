package io.cutover.rewrite;

import net.sf.jsqlparser.parser.Token;

/**
 * A column of a base table that has another name in the new table is written with its new name
 * (qualified when the new name would be ambiguous), and an output column keeps its old name:
 * {@code p.post_id} becomes {@code p.id AS post_id}.
 */
final class ColumnRenames implements PortabilityRule {
    @Override
    public void column(Fact.ColumnRef f, RewriteCollector out) {
        if (!f.onBaseTable() || f.dropped() || !f.origin().renamed()) return;
        Source src = f.source();
        Token last = SourceText.last(f.column());
        // an unqualified rename must not become ambiguous (comment_id -> id next to posts)
        String q = f.newNameTaken()
                ? (src.aliased() || src.change().kind() != TableChange.Kind.RENAMED ? src.name() : src.change().replacement()) + "." : "";
        out.edit(out.begin(last), out.end(last), q + f.origin().newColumn());
    }

    @Override
    public void selectItem(Fact.SelectItemRef f, RewriteCollector out) {
        if (!f.bareColumn() || !f.resolved().origin().renamed()) return;
        // keep the result column's name: `p.post_id` becomes `p.id AS post_id`
        Token last = SourceText.last(f.expression());
        if (last != null) out.edit(out.end(last), out.end(last), " AS " + f.name());
    }
}

package io.cutover.rewrite;

import net.sf.jsqlparser.schema.Column;

/**
 * Joins that match columns by name (NATURAL JOIN, USING) cannot follow renamed columns: the
 * new tables share other names. They must be written out with ON.
 */
final class JoinConditions implements PortabilityRule {
    @Override
    public void naturalJoin(Fact.NaturalJoin f, RewriteCollector out) {
        if (f.sources().stream().anyMatch(s -> s.isBaseTable() && s.change().kind() == TableChange.Kind.RENAMED)) {
            out.finding(Severity.ERROR, f.item(), "natural-join", "NATURAL JOIN matches the columns the tables share by name;"
                    + " the new tables share other names (id, title, ...): write the join condition out");
        }
    }

    @Override
    public void usingColumn(Fact.UsingColumn f, RewriteCollector out) {
        Column c = f.column();
        for (Source s : f.sources()) {
            ColumnInfo ci = s.column(Names.unquote(c.getColumnName()));
            if (ci != null && ci.origin() != null && ci.origin().renamed()) {
                out.finding(Severity.ERROR, c, "using-renamed", "USING (" + c.getColumnName() + ") joins a renamed column: write the join with ON");
            }
        }
    }
}

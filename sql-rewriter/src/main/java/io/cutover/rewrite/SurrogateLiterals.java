package io.cutover.rewrite;

import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;

/**
 * A literal value (or range) of an old surrogate id names a row that has another id after the
 * migration: the query must select it by its natural key instead.
 */
final class SurrogateLiterals implements PortabilityRule {
    @Override
    public void valueComparison(Fact.ValueComparison f, RewriteCollector out) {
        ColumnChange o = f.origin();
        if (o.renumbered() && (f.value() instanceof StringValue || f.value() instanceof LongValue)) {
            out.finding(Severity.ERROR, f.value(), "surrogate-literal", o.oldTable() + "." + o.oldColumn() + " " + f.op() + " " + f.value()
                    + ": old surrogate ids do not survive the migration; select the row by its natural key instead");
        }
    }

    @Override
    public void rangeTest(Fact.RangeTest f, RewriteCollector out) {
        if (f.origin().renumbered()) {
            out.finding(Severity.ERROR, f.between(), "surrogate-literal", "range over " + f.origin().oldColumn()
                    + ", an old surrogate id: the values do not survive");
        }
    }
}

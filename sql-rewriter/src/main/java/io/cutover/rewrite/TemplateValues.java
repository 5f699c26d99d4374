package io.cutover.rewrite;

import io.cutover.mapping.Transform;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;

/**
 * A parameter or BI template value compared with a column whose values change (renumbered ids,
 * Reddit ids, renamed enum values) is filled in by people who know the old values.
 */
final class TemplateValues implements PortabilityRule {
    @Override
    public void valueComparison(Fact.ValueComparison f, RewriteCollector out) {
        ColumnChange o = f.origin();
        boolean valuesChange = o.renumbered() || !o.literalTypes().isEmpty() || o.transform() instanceof Transform.EnumRemap;
        if (f.value() instanceof JdbcParameter && valuesChange) {
            out.finding(Severity.WARNING, f.value(), "template-value", "parameter " + f.value() + " is compared with " + o.oldColumn()
                    + ": its values change in the new schema");
        }
        if (f.value() instanceof JdbcNamedParameter p && valuesChange) {
            out.finding(Severity.WARNING, f.value(), "template-value", "template value {{" + p.getName() + "}} is compared with " + o.oldColumn()
                    + ": its values change in the new schema (" + (o.transform() instanceof Transform.EnumRemap em ? em.values()
                    : o.renumbered() ? "renumbered ids" : "base36/fullname ids are integers now") + ")");
        }
    }
}

package io.cutover.rewrite;

import io.cutover.mapping.Transform;
import net.sf.jsqlparser.expression.StringValue;

/**
 * Values of an enum column that were renamed ({@code self} -> {@code text}): a literal compared
 * with the column is rewritten to the new value; a shown column gives the new values.
 */
final class EnumValues implements PortabilityRule {
    @Override
    public void valueComparison(Fact.ValueComparison f, RewriteCollector out) {
        if (f.value() instanceof StringValue sv && f.origin().transform() instanceof Transform.EnumRemap em) {
            String now = em.apply(sv.getValue());
            if (!now.equals(sv.getValue())) {
                out.replace(sv, "'" + now.replace("'", "''") + "'");
                out.finding(Severity.INFO, sv, "enum-literal", "'" + sv.getValue() + "' is '" + now + "' in the new tables");
            }
        }
    }

    @Override
    public void selectItem(Fact.SelectItemRef f, RewriteCollector out) {
        ColumnInfo resolved = f.resolved();
        if (f.shown() && resolved != null && resolved.origin() != null && resolved.origin().transform() instanceof Transform.EnumRemap em) {
            out.finding(Severity.WARNING, f.expression(), "enum-values", resolved.origin().oldColumn() + " values are renamed in the new tables: " + em.values());
        }
    }
}

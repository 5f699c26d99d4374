package io.cutover.rewrite;

/** A column the new schema has no counterpart for cannot be ported by a rewrite. */
final class DroppedColumns implements PortabilityRule {
    @Override
    public void column(Fact.ColumnRef f, RewriteCollector out) {
        if (!f.dropped()) return;
        ColumnChange o = f.origin();
        out.finding(Severity.ERROR, f.column(), "dropped-column", o.oldTable() + "." + o.oldColumn() + " has no counterpart in the new schema");
    }
}

package io.cutover.rewrite;

/**
 * A column the mapping warns about (its values mean something else now) is reported wherever
 * it is used, unless another rule already says what changes there.
 */
final class ColumnMeanings implements PortabilityRule {
    @Override
    public void column(Fact.ColumnRef f, RewriteCollector out) {
        if (!f.onBaseTable() || f.dropped()) return;
        ColumnChange o = f.origin();
        Fact.Usage u = f.usage();
        if (o.warn() != null && !o.renumbered() && !u.parentTest() && !u.pinned()) {
            out.finding(Severity.WARNING, f.column(), "meaning", o.oldColumn() + ": " + o.warn());
        }
    }
}

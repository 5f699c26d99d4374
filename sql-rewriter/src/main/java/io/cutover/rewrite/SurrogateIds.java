package io.cutover.rewrite;

/**
 * An old surrogate id (renumbered in the new tables) that the report shows or orders by gives
 * other values or another order, unless a comparison pins it or it is only counted.
 */
final class SurrogateIds implements PortabilityRule {
    @Override
    public void column(Fact.ColumnRef f, RewriteCollector out) {
        if (f.dropped()) return;
        ColumnChange o = f.origin();
        Fact.Usage u = f.usage();
        boolean isSafe = u.pinned() || u.counted();
        if (!o.renumbered() || isSafe || !(u.shown() || u.ordering())) return;
        String what = o.oldTable() + "." + o.oldColumn();
        if (u.ordering()) {
            out.finding(Severity.WARNING, f.column(), "surrogate-order", "orders by " + what + ", an old surrogate id: the new ids order rows differently");
        } else {
            out.finding(Severity.WARNING, f.column(), "surrogate-output", "shows " + what + ", an old surrogate id: its values differ in the new tables"
                    + (o.warn() == null ? "" : " (" + o.warn() + ")"));
        }
    }

    @Override
    public void outputRef(Fact.OutputRef f, RewriteCollector out) {
        ColumnChange o = f.output().origin();
        if (f.ordering() && o != null && o.renumbered()) {
            out.finding(Severity.WARNING, f.key(), "surrogate-order", "orders by " + o.oldTable() + "." + o.oldColumn()
                    + ", an old surrogate id: the new ids order rows differently");
        }
    }

    @Override
    public void star(Fact.StarRef f, RewriteCollector out) {
        if (!f.shown()) return;
        for (Source s : f.sources()) {
            for (ColumnInfo c : s.columns()) {
                if (c.origin() != null && c.origin().renumbered()) {
                    out.finding(Severity.WARNING, f.star(), "surrogate-output", "`*` shows " + c.origin().oldTable() + "." + c.origin().oldColumn()
                            + ", an old surrogate id: its values differ in the new tables");
                }
            }
        }
    }
}

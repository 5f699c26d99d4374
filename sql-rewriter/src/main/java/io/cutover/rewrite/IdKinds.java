package io.cutover.rewrite;

/**
 * Two ids of the same thing in different numberings (the post_id trap: the old Django id of a
 * post against its Reddit id) are different numbers in the old schema and one id in the new,
 * so rewriting the comparison would change its result.
 */
final class IdKinds implements PortabilityRule {
    @Override
    public void columnComparison(Fact.ColumnComparison f, RewriteCollector out) {
        if (!f.left().otherNumberingOf(f.right())) return;
        out.finding(Severity.ERROR, f.comparison(), "id-kinds", "`" + f.comparison() + "` compares " + describe(f.left()) + " with " + describe(f.right())
                + ": in the old schema these are different numbers (the post_id trap); the new schema has one id, so the rewrite would change the result");
    }

    @Override
    public void inSubquery(Fact.InSubquery f, RewriteCollector out) {
        if (!f.left().otherNumberingOf(f.right())) return;
        out.finding(Severity.ERROR, f.in(), "id-kinds", "`" + f.column() + " IN (...)` compares " + describe(f.left()) + " with "
                + describe(f.right()) + ": different numbers in the old schema, one id in the new");
    }

    private static String describe(ColumnChange c) {
        return c.oldTable() + "." + c.oldColumn() + (c.identity().endsWith(":old") ? " (old Django id)" : " (Reddit id)");
    }
}

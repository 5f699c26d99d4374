package io.cutover.rewrite;

import io.cutover.mapping.Transform;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A column whose NULLs became a default value answers NULL tests and NULL-skipping aggregates
 * differently. Said once per column and query: the point is made by the first occurrence.
 */
final class NullDefaults implements PortabilityRule {
    private final Set<ColumnChange> seen = new HashSet<>();

    @Override
    public void column(Fact.ColumnRef f, RewriteCollector out) {
        if (!f.onBaseTable() || f.dropped()) return;
        ColumnChange o = f.origin();
        if (o.transform() instanceof Transform.Coalesce co && o.warn() == null && seen.add(o)) {
            out.finding(Severity.WARNING, f.column(), "null-default", o.oldColumn() + " may be NULL in " + o.oldTable() + "; the new column holds "
                    + co.fallbacks().stream().map(x -> x.isEmpty() ? "''" : x).collect(Collectors.joining(" or "))
                    + " instead, so NULL tests and NULL-skipping aggregates over it can differ");
        }
    }
}

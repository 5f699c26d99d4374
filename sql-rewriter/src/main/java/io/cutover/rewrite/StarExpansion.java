package io.cutover.rewrite;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.parser.Token;

/**
 * {@code *} stays when nothing under it changed; otherwise it is expanded with the old column
 * names, so the result keeps its columns (a dropped one as NULL).
 */
final class StarExpansion implements PortabilityRule {
    @Override
    public void star(Fact.StarRef f, RewriteCollector out) {
        boolean changed = false;
        for (Source s : f.sources()) {
            for (ColumnInfo c : s.columns()) {
                if (s.isBaseTable() && s.change().kind() == TableChange.Kind.RENAMED
                        && (c.origin().renamed() || c.origin().dropped())) changed = true;
            }
        }
        if (!changed) return;
        List<String> parts = new ArrayList<>();
        for (Source s : f.sources()) {
            String q = s.aliased() || !s.isBaseTable() || s.change().kind() != TableChange.Kind.RENAMED ? s.name() : s.change().replacement();
            for (ColumnInfo c : s.columns()) {
                ColumnChange o = c.origin();
                if (o != null && o.dropped()) {
                    parts.add("NULL AS " + c.name());
                    out.finding(Severity.WARNING, f.star(), "dropped-column", o.oldTable() + "." + o.oldColumn() + " was dropped: `*` now yields NULL for it");
                } else if (o != null && o.renamed() && s.isBaseTable()) {
                    parts.add(q + "." + o.newColumn() + " AS " + c.name());
                } else {
                    parts.add(q + "." + c.name());
                }
            }
        }
        Token first = SourceText.first(f.star()), last = SourceText.last(f.star());
        if (first == null) {
            out.finding(Severity.ERROR, f.star(), "position", "cannot locate `*` in the text");
        } else {
            out.edit(out.begin(first), out.end(last), String.join(", ", parts));
            out.finding(Severity.INFO, f.star(), "star-expanded", "`*` expanded with the old column names, since the table's columns changed");
        }
    }
}

package io.cutover.rewrite;

import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Table;

/**
 * Each old table becomes what the mapping made of it: the new table (renamed), a derived table
 * that presents the old columns over the new rows (pivots, re-keyed kept tables), itself
 * (kept), or nothing (the Reddit backend: a human ports the query). A qualifier that spells an
 * unaliased renamed table follows it.
 */
final class TableReplacements implements PortabilityRule {
    @Override
    public void table(Fact.TableRef f, RewriteCollector out) {
        TableChange change = f.change();
        switch (change.kind()) {
            case NO_REWRITE -> out.finding(Severity.ERROR, f.table(), "no-rewrite", f.name() + ": " + change.note());
            case RENAMED -> replaceTableName(f.table(), change.replacement(), out);
            case DERIVED -> {
                replaceTableName(f.table(), change.replacement() + (f.alias() == null ? " " + f.name() : ""), out);
                out.finding(Severity.INFO, f.table(), "derived-table", change.note());
            }
            case KEPT -> { }
        }
    }

    /** Replaces the table's name (with its schema, if any), not its alias. */
    private static void replaceTableName(Table t, String replacement, RewriteCollector out) {
        Token first = SourceText.first(t);
        if (first == null) {
            out.finding(Severity.ERROR, t, "position", "cannot locate table " + t.getName() + " in the text");
            return;
        }
        Token last = first;
        String name = Names.unquote(t.getName());
        while (last != null && !Names.unquote(last.image).equalsIgnoreCase(name)) last = last.next;
        if (last == null) last = first;
        out.edit(out.begin(first), out.end(last), replacement);
    }

    @Override
    public void column(Fact.ColumnRef f, RewriteCollector out) {
        if (!f.onBaseTable() || f.dropped()) return;
        Source src = f.source();
        if (f.qualifier() != null && !src.aliased() && src.change().kind() == TableChange.Kind.RENAMED
                && !src.change().replacement().equalsIgnoreCase(src.name()) && f.column().getTable().getSchemaName() == null) {
            Token first = SourceText.first(f.column());
            out.edit(out.begin(first), out.end(first), src.change().replacement());
        }
    }
}

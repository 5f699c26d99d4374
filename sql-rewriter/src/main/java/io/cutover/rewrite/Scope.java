package io.cutover.rewrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.schema.Column;

/**
 * The names visible in one query block, like Trino's analyzer scopes: the FROM sources of this
 * block, then those of the enclosing blocks (correlation); CTEs defined here or outside.
 */
final class Scope {
    final Scope parent;
    final List<Source> sources = new ArrayList<>();
    private final Map<String, List<ColumnInfo>> ctes = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    void defineCte(String name, List<ColumnInfo> columns) {
        ctes.put(name.toLowerCase(Locale.ROOT), columns);
    }

    List<ColumnInfo> cte(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            List<ColumnInfo> c = s.ctes.get(name.toLowerCase(Locale.ROOT));
            if (c != null) return c;
        }
        return null;
    }

    /** The source a qualifier names, here or in an enclosing block. */
    Source source(String qualifier) {
        for (Scope s = this; s != null; s = s.parent) {
            for (Source src : s.sources) if (src.name().equalsIgnoreCase(qualifier)) return src;
        }
        return null;
    }

    /** The sources of the nearest block that has a column of this name (several = ambiguous). */
    List<Source> sourcesWith(String column) {
        for (Scope s = this; s != null; s = s.parent) {
            List<Source> found = new ArrayList<>();
            for (Source src : s.sources) if (src.opaque() || src.column(column) != null) found.add(src);
            if (!found.isEmpty()) return found;
        }
        return List.of();
    }

    /** The source a column reference reads: the one its qualifier names, or the only one offering it. */
    Source sourceOf(Column c) {
        String name = Names.unquote(c.getColumnName());
        if (c.getTable() != null && c.getTable().getName() != null) return source(Names.unquote(c.getTable().getName()));
        List<Source> s = sourcesWith(name);
        return s.size() == 1 ? s.get(0) : null;
    }

    /** The column a reference resolves to, if it resolves cleanly; nothing is reported. */
    ColumnInfo lookup(Column c) {
        if (c.getTable() == null && Names.notAColumn(c.getColumnName())) return null;
        Source s = sourceOf(c);
        return s == null ? null : s.column(Names.unquote(c.getColumnName()));
    }

    /** Whether another source of the block of {@code self} would also offer this (new) column name. */
    boolean newNameTaken(Source self, String newName) {
        for (Scope s = this; s != null; s = s.parent) {
            if (!s.sources.contains(self)) continue;
            for (Source other : s.sources) {
                if (other == self) continue;
                for (ColumnInfo c : other.columns()) {
                    String name = other.isBaseTable() && c.origin() != null && c.origin().newColumn() != null ? c.origin().newColumn() : c.name();
                    if (name.equalsIgnoreCase(newName)) return true;
                }
            }
        }
        return false;
    }
}

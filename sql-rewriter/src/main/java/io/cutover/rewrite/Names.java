package io.cutover.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;

/** How SQL spells names: quoting, keywords that parse as columns, the names of unnamed outputs. */
final class Names {
    /** Parsed as column references but not columns: no resolution, no finding. */
    private static final Set<String> NOT_COLUMNS = Set.of("true", "false", "current_date", "current_timestamp",
            "current_time", "localtime", "localtimestamp", "current_user", "session_user", "user", "null");

    private Names() {}

    static boolean notAColumn(String name) {
        return NOT_COLUMNS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** A quoted name as written; an unquoted one folded to lower case, as PostgreSQL does. */
    static String unquote(String name) {
        if (name == null) return null;
        if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) return name.substring(1, name.length() - 1);
        return name.toLowerCase(Locale.ROOT);
    }

    /** The name PostgreSQL gives an output column that has no alias. */
    static String outputName(Expression e) {
        if (e instanceof Column c) return unquote(c.getColumnName());
        if (e instanceof CastExpression cast) return outputName(cast.getLeftExpression());
        if (e instanceof Function f) return f.getName().toLowerCase(Locale.ROOT);
        if (e instanceof AnalyticExpression a) return a.getName().toLowerCase(Locale.ROOT);
        if (e instanceof CaseExpression) return "case";
        return "?column?";
    }

    /** Output columns under the names of a column list ({@code x(a, b)}), keeping their lineage. */
    static List<ColumnInfo> renamed(List<ColumnInfo> cols, List<String> names) {
        List<ColumnInfo> out = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            out.add(i < names.size() ? new ColumnInfo(unquote(names.get(i).trim()), cols.get(i).origin()) : cols.get(i));
        }
        for (int i = cols.size(); i < names.size(); i++) out.add(new ColumnInfo(unquote(names.get(i).trim()), null));
        return out;
    }
}

package io.cutover.rewrite;

import io.cutover.mapping.Base36;
import io.cutover.mapping.Fullname;
import io.cutover.mapping.Transform;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;

/**
 * Resolves every name of one parsed query against the old schema and records the edits (at
 * token positions) and findings that port it to the new schema. One instance per query.
 *
 * <p>Scoping follows SQLGlot's qualify and Trino's analyzer: each query block gets a
 * {@link Scope} of its FROM sources, built before its expressions are resolved; CTE and
 * sub-select outputs carry the lineage of the old columns they pass through.
 */
final class QueryRewriter {
    private static final Set<String> NOT_COLUMNS = Set.of("true", "false", "current_date", "current_timestamp",
            "current_time", "localtime", "localtimestamp", "current_user", "session_user", "user", "null");
    private static final Set<String> STRING_FUNCTIONS = Set.of("substr", "substring", "left", "right", "lower", "upper",
            "length", "char_length", "concat", "position", "split_part", "strpos", "replace", "lpad", "rpad", "trim",
            "btrim", "ltrim", "rtrim", "regexp_replace", "regexp_match", "starts_with", "to_char", "format", "md5");
    private static final Set<String> COUNTS = Set.of("count");

    private final SchemaChange schema;
    private final SourceText source;
    private final TreeMap<Integer, Edit> edits = new TreeMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Walker walker = new Walker();

    // where we are, for rules that depend on how a column is used
    private Scope scope;
    private boolean outputItem;
    private boolean orderBy;
    private int countDepth;
    private int stringFnDepth;
    private final Set<Column> safe = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Column> skip = Collections.newSetFromMap(new IdentityHashMap<>());
    private Token lastPosition;
    private boolean parentRewrite;
    /** Said once per column and query: the point is made by the first occurrence. */
    private final Set<ColumnChange> nullDefaultsSeen = new java.util.HashSet<>();

    QueryRewriter(SchemaChange schema, String maskedText) {
        this.schema = schema;
        this.source = new SourceText(maskedText);
    }

    List<Finding> findings() {
        return findings;
    }

    /** The edits in text order; overlapping ones are dropped with a finding. */
    List<Edit> edits() {
        List<Edit> out = new ArrayList<>();
        int end = -1;
        for (Edit e : edits.values()) {
            if (e.start() < end) {
                finding(Severity.ERROR, null, "overlap", "two rewrites touch the same text; kept the first");
                continue;
            }
            out.add(e);
            end = Math.max(end, e.end());
        }
        return out;
    }

    void rewrite(Select select) {
        select(select, null, true);
    }

    // ---- query blocks ---------------------------------------------------------------------

    /** The output columns of a block, computed by a throw-away rewriter (no edits kept). */
    private List<ColumnInfo> dryColumns(Select s, Scope outer) {
        return select(s, outer, false);
    }

    /** Analyzes a query block and returns its output columns. */
    private List<ColumnInfo> select(Select s, Scope outer, boolean output) {
        Scope withScope = outer;
        if (s.getWithItemsList() != null && !s.getWithItemsList().isEmpty()) {
            withScope = new Scope(outer);
            for (WithItem<?> w : s.getWithItemsList()) {
                if (w.isRecursive() && w.getSelect() != null) {
                    // a recursive CTE reads itself: its columns are those of the first branch
                    Select body = w.getSelect().getSelect();
                    if (body instanceof SetOperationList sol) {
                        List<ColumnInfo> first = new QueryRewriter(schema, source.text).dryColumns(sol.getSelects().get(0), withScope);
                        if (w.getWithItemList() != null) first = renamed(first, w.getWithItemList().stream().map(i -> i.toString()).toList());
                        withScope.defineCte(unquote(w.getAliasName()), first);
                    }
                }
                List<ColumnInfo> cols = w.getSelect() == null ? List.of() : select(w.getSelect(), withScope, false);
                if (w.getWithItemList() != null) cols = renamed(cols, w.getWithItemList().stream().map(i -> i.toString()).toList());
                withScope.defineCte(unquote(w.getAliasName()), cols);
            }
        }
        List<ColumnInfo> out;
        if (s instanceof PlainSelect ps) {
            out = plain(ps, withScope, output);
        } else if (s instanceof SetOperationList sol) {
            out = null;
            for (Select branch : sol.getSelects()) {
                List<ColumnInfo> cols = select(branch, withScope, output);
                if (out == null) out = cols;
            }
            if (out == null) out = List.of();
            orderByOutputs(sol.getOrderByElements(), out, new Scope(withScope));
            if (sol.getLimit() != null && output) limitWithoutOrder(s, sol.getOrderByElements(), null, null, out);
        } else if (s instanceof ParenthesedSelect p) {
            out = select(p.getSelect(), withScope, output);
            orderByOutputs(p.getOrderByElements(), out, new Scope(withScope));
        } else {
            finding(Severity.ERROR, s, "unsupported", "this kind of query block is not analyzed: " + s.getClass().getSimpleName());
            out = List.of();
        }
        return out;
    }

    private List<ColumnInfo> plain(PlainSelect ps, Scope outer, boolean output) {
        Scope saved = scope;
        Scope local = new Scope(outer);
        scope = local;
        try {
            if (ps.getFromItem() != null) from(ps.getFromItem(), local);
            if (ps.getJoins() != null) {
                for (Join j : ps.getJoins()) {
                    from(j.getFromItem(), local);
                    if (j.isNatural() && local.sources.stream().anyMatch(s -> s.isBaseTable() && s.change().kind() == TableChange.Kind.RENAMED)) {
                        finding(Severity.ERROR, j.getFromItem(), "natural-join", "NATURAL JOIN matches the columns the tables share by name;"
                                + " the new tables share other names (id, title, ...): write the join condition out");
                    }
                }
            }
            scope = local;
            List<ColumnInfo> out = new ArrayList<>();
            for (SelectItem<?> item : ps.getSelectItems()) out.addAll(selectItem(item, local, output));
            if (ps.getJoins() != null) {
                for (Join j : ps.getJoins()) {
                    if (j.getOnExpressions() != null) for (Expression e : j.getOnExpressions()) walk(e);
                    if (j.getUsingColumns() != null) for (Column c : j.getUsingColumns()) usingColumn(c, local);
                }
            }
            if (ps.getWhere() != null) walk(ps.getWhere());
            if (ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null) {
                for (SelectItem<?> item : ps.getDistinct().getOnSelectItems()) walkOrOutput(item.getExpression(), out);
            }
            if (ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList() != null) {
                for (Object e : ps.getGroupBy().getGroupByExpressionList()) walkOrOutput((Expression) e, out);
            }
            if (ps.getHaving() != null) walk(ps.getHaving());
            orderByOutputs(ps.getOrderByElements(), out, local);
            if ((ps.getLimit() != null || ps.getFetch() != null) && output) {
                limitWithoutOrder(ps, ps.getOrderByElements(), ps, local, out);
            }
            return out;
        } finally {
            scope = saved;
        }
    }

    // ---- FROM --------------------------------------------------------------------------------

    private void from(FromItem item, Scope local) {
        if (item instanceof Table t) {
            local.sources.add(table(t, local));
        } else if (item instanceof ParenthesedSelect p) {
            // LATERAL sees the sources before it; a plain sub-select does not need to
            Scope saved = scope;
            List<ColumnInfo> cols = select(p, local, false);
            scope = saved;
            String alias = p.getAlias() == null ? null : unquote(p.getAlias().getName());
            if (p.getAlias() != null && p.getAlias().getAliasColumns() != null) {
                cols = renamed(cols, p.getAlias().getAliasColumns().stream().map(a -> a.name).toList());
            }
            local.sources.add(new Source(alias == null ? "" : alias, null, cols, alias != null, false));
        } else if (item instanceof TableFunction tf) {
            walk(tf.getFunction());
            String alias = tf.getAlias() == null ? tf.getFunction().getName() : unquote(tf.getAlias().getName());
            List<ColumnInfo> cols = new ArrayList<>();
            if (tf.getAlias() != null && tf.getAlias().getAliasColumns() != null) {
                for (var a : tf.getAlias().getAliasColumns()) cols.add(new ColumnInfo(unquote(a.name), null));
            } else {
                cols.add(new ColumnInfo(alias, null));
            }
            local.sources.add(new Source(alias, null, cols, true, false));
        } else if (item instanceof ParenthesedFromItem pf) {
            from(pf.getFromItem(), local);
            if (pf.getJoins() != null) {
                for (Join j : pf.getJoins()) from(j.getFromItem(), local);
                Scope saved = scope;
                scope = local;
                for (Join j : pf.getJoins()) if (j.getOnExpressions() != null) for (Expression e : j.getOnExpressions()) walk(e);
                scope = saved;
            }
        } else {
            finding(Severity.ERROR, item, "unsupported", "FROM item not analyzed: " + item);
            local.sources.add(new Source("?", null, List.of(), false, true));
        }
    }

    private Source table(Table t, Scope local) {
        String name = unquote(t.getName());
        String alias = t.getAlias() == null ? null : unquote(t.getAlias().getName());
        if (t.getSchemaName() == null) {
            List<ColumnInfo> cte = local.cte(name);
            if (cte != null) return new Source(alias == null ? name : alias, null, cte, alias != null, false);
        }
        TableChange change = schema.table(name).orElse(null);
        if (change == null) {
            finding(Severity.ERROR, t, "unknown-table", "unknown table " + name + " (not in the old schema)");
            return new Source(alias == null ? name : alias, null, List.of(), alias != null, true);
        }
        switch (change.kind()) {
            case NO_REWRITE -> {
                finding(Severity.ERROR, t, "no-rewrite", name + ": " + change.note());
                return new Source(alias == null ? name : alias, null, List.of(), alias != null, true);
            }
            case RENAMED -> replaceTableName(t, change.replacement());
            case DERIVED -> {
                replaceTableName(t, change.replacement() + (alias == null ? " " + name : ""));
                finding(Severity.INFO, t, "derived-table", change.note());
            }
            case KEPT -> { }
        }
        List<ColumnInfo> cols = new ArrayList<>();
        for (ColumnChange c : change.columns().values()) cols.add(new ColumnInfo(c.oldColumn(), c));
        return new Source(alias == null ? name : alias, change, cols, alias != null, false);
    }

    private void replaceTableName(Table t, String replacement) {
        Token first = SourceText.first(t);
        if (first == null) {
            finding(Severity.ERROR, t, "position", "cannot locate table " + t.getName() + " in the text");
            return;
        }
        Token last = first;
        String name = unquote(t.getName());
        while (last != null && !unquote(last.image).equalsIgnoreCase(name)) last = last.next;
        if (last == null) last = first;
        edit(source.begin(first), source.end(last), replacement);
    }

    // ---- select items and `*` ----------------------------------------------------------------

    private List<ColumnInfo> selectItem(SelectItem<?> item, Scope local, boolean output) {
        Expression e = item.getExpression();
        if (e instanceof AllTableColumns atc) {
            Source s = local.source(unquote(atc.getTable().getName()));
            if (s == null) {
                finding(Severity.ERROR, atc, "unknown-table", "unknown table or alias " + atc.getTable().getName());
                return List.of();
            }
            return star(atc, List.of(s), output);
        }
        if (e instanceof AllColumns ac) return star(ac, local.sources, output);
        outputItem = output;
        ColumnInfo resolved = null;
        try {
            if (e instanceof Column c) resolved = column(c);
            else walk(e);
        } finally {
            outputItem = false;
        }
        String name = item.getAlias() != null ? unquote(item.getAlias().getName()) : outputName(e);
        if (output && resolved != null && resolved.origin() != null && resolved.origin().transform() instanceof Transform.EnumRemap em) {
            finding(Severity.WARNING, e, "enum-values", resolved.origin().oldColumn() + " values are renamed in the new tables: " + em.values());
        }
        if (e instanceof Column c && item.getAlias() == null && resolved != null && resolved.origin() != null
                && resolved.origin().renamed() && isBase(c)) {
            // keep the result column's name: `p.post_id` becomes `p.id AS post_id`
            Token last = SourceText.last(c);
            if (last != null) edit(source.end(last), source.end(last), " AS " + name);
        }
        return List.of(new ColumnInfo(name, resolved == null ? null : resolved.origin()));
    }

    private boolean isBase(Column c) {
        Source s = sourceOf(c);
        return s != null && s.isBaseTable();
    }

    /** `*` stays when nothing under it changed; otherwise it is expanded with the old names. */
    private List<ColumnInfo> star(AllColumns star, List<Source> sources, boolean output) {
        List<ColumnInfo> out = new ArrayList<>();
        boolean changed = false;
        for (Source s : sources) {
            for (ColumnInfo c : s.columns()) {
                out.add(c);
                if (s.isBaseTable() && s.change().kind() == TableChange.Kind.RENAMED
                        && (c.origin().renamed() || c.origin().dropped())) changed = true;
                if (output && c.origin() != null && c.origin().renumbered()) {
                    finding(Severity.WARNING, star, "surrogate-output", "`*` shows " + c.origin().oldTable() + "." + c.origin().oldColumn()
                            + ", an old surrogate id: its values differ in the new tables");
                }
            }
        }
        if (!changed) return out;
        List<String> parts = new ArrayList<>();
        for (Source s : sources) {
            String q = s.aliased() || !s.isBaseTable() || s.change().kind() != TableChange.Kind.RENAMED ? s.name() : s.change().replacement();
            for (ColumnInfo c : s.columns()) {
                ColumnChange o = c.origin();
                if (o != null && o.dropped()) {
                    parts.add("NULL AS " + c.name());
                    finding(Severity.WARNING, star, "dropped-column", o.oldTable() + "." + o.oldColumn() + " was dropped: `*` now yields NULL for it");
                } else if (o != null && o.renamed() && s.isBaseTable()) {
                    parts.add(q + "." + o.newColumn() + " AS " + c.name());
                } else {
                    parts.add(q + "." + c.name());
                }
            }
        }
        Token first = SourceText.first(star), last = SourceText.last(star);
        if (first == null) {
            finding(Severity.ERROR, star, "position", "cannot locate `*` in the text");
        } else {
            edit(source.begin(first), source.end(last), String.join(", ", parts));
            finding(Severity.INFO, star, "star-expanded", "`*` expanded with the old column names, since the table's columns changed");
        }
        return out;
    }

    private static String outputName(Expression e) {
        if (e instanceof Column c) return unquote(c.getColumnName());
        if (e instanceof CastExpression cast) return outputName(cast.getLeftExpression());
        if (e instanceof Function f) return f.getName().toLowerCase(Locale.ROOT);
        if (e instanceof AnalyticExpression a) return a.getName().toLowerCase(Locale.ROOT);
        if (e instanceof CaseExpression) return "case";
        return "?column?";
    }

    private static List<ColumnInfo> renamed(List<ColumnInfo> cols, List<String> names) {
        List<ColumnInfo> out = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            out.add(i < names.size() ? new ColumnInfo(unquote(names.get(i).trim()), cols.get(i).origin()) : cols.get(i));
        }
        for (int i = cols.size(); i < names.size(); i++) out.add(new ColumnInfo(unquote(names.get(i).trim()), null));
        return out;
    }

    // ---- ORDER BY, GROUP BY: names may be output columns ---------------------------------------

    private void orderByOutputs(List<OrderByElement> elements, List<ColumnInfo> outputs, Scope local) {
        if (elements == null) return;
        Scope saved = scope;
        if (local != null) scope = local;
        orderBy = true;
        try {
            for (OrderByElement o : elements) walkOrOutput(o.getExpression(), outputs);
        } finally {
            orderBy = false;
            scope = saved;
        }
    }

    /** ORDER BY and GROUP BY accept output names and ordinals; those carry the output's lineage. */
    private void walkOrOutput(Expression e, List<ColumnInfo> outputs) {
        ColumnInfo out = null;
        if (e instanceof LongValue lv && lv.getValue() >= 1 && lv.getValue() <= outputs.size()) {
            out = outputs.get((int) lv.getValue() - 1);
        } else if (e instanceof Column c && c.getTable() == null && scope.sourcesWith(unquote(c.getColumnName())).isEmpty()) {
            for (ColumnInfo o : outputs) if (o.name().equalsIgnoreCase(unquote(c.getColumnName()))) out = o;
        }
        if (out == null) {
            walk(e);
            return;
        }
        if (orderBy && out.origin() != null && out.origin().renumbered()) {
            finding(Severity.WARNING, e, "surrogate-order", "orders by " + out.origin().oldTable() + "." + out.origin().oldColumn()
                    + ", an old surrogate id: the new ids order rows differently");
        }
    }

    /** LIMIT picks rows by order: without a total order, old and new may pick different rows. */
    private void limitWithoutOrder(Select s, List<OrderByElement> order, PlainSelect ps, Scope local, List<ColumnInfo> outputs) {
        Object at = ps != null && ps.getLimit() != null ? ps.getLimit() : s;
        if (order == null || order.isEmpty()) {
            finding(Severity.WARNING, at, "limit-order", "LIMIT without ORDER BY: which rows come back is not defined");
            return;
        }
        List<String> keys = order.stream().map(o -> o.getExpression().toString().toLowerCase(Locale.ROOT)).toList();
        if (local != null) {
            Scope saved = scope;
            scope = local;
            try {
                for (OrderByElement o : order) {
                    if (o.getExpression() instanceof Column c) {
                        Source src = sourceOf(c);
                        if (src != null && src.isBaseTable() && src.change().uniqueColumns().contains(unquote(c.getColumnName()))) return;
                    }
                }
            } finally {
                scope = saved;
            }
        }
        if (ps != null && ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList() != null) {
            boolean all = true;
            int i = 0;
            for (Object g : ps.getGroupBy().getGroupByExpressionList()) {
                String gs = g.toString().toLowerCase(Locale.ROOT);
                String byOutput = gs.matches("\\d+") && Integer.parseInt(gs) <= outputs.size() ? outputs.get(Integer.parseInt(gs) - 1).name() : gs;
                boolean in = keys.contains(gs) || keys.stream().anyMatch(k -> k.equals(byOutput) || k.endsWith("." + byOutput) || byOutput.endsWith("." + k))
                        || outputs.stream().anyMatch(o -> keys.contains(o.name().toLowerCase(Locale.ROOT)) && (gs.endsWith(o.name()) || gs.equals(String.valueOf(outputs.indexOf(o) + 1))));
                all &= in;
                i++;
            }
            if (all && i > 0) return;
        }
        finding(Severity.WARNING, at, "limit-order", "LIMIT over an ORDER BY that is not a total order: ties may return other rows");
    }

    // ---- expressions -------------------------------------------------------------------------

    private void walk(Expression e) {
        walker.getBuilder().setLength(0); // the deparser's text is not used: keep it small
        e.accept(walker, null);
    }

    private void usingColumn(Column c, Scope local) {
        for (Source s : local.sources) {
            ColumnInfo ci = s.column(unquote(c.getColumnName()));
            if (ci != null && ci.origin() != null && ci.origin().renamed()) {
                finding(Severity.ERROR, c, "using-renamed", "USING (" + c.getColumnName() + ") joins a renamed column: write the join with ON");
            }
        }
    }

    private Source sourceOf(Column c) {
        String name = unquote(c.getColumnName());
        if (c.getTable() != null && c.getTable().getName() != null) return scope.source(unquote(c.getTable().getName()));
        List<Source> s = scope.sourcesWith(name);
        return s.size() == 1 ? s.get(0) : null;
    }

    /** Resolves without edits or findings: for rules that look at both sides first. */
    private ColumnInfo lookup(Column c) {
        if (c.getTable() == null && NOT_COLUMNS.contains(c.getColumnName().toLowerCase(Locale.ROOT))) return null;
        Source s = sourceOf(c);
        return s == null ? null : s.column(unquote(c.getColumnName()));
    }

    /** Resolves a column reference, rewrites it and applies the rules of its old column. */
    private ColumnInfo column(Column c) {
        if (skip.contains(c)) return lookup(c);
        Token t = SourceText.first(c);
        if (t != null) lastPosition = t;
        String name = unquote(c.getColumnName());
        if (c.getTable() == null && NOT_COLUMNS.contains(name.toLowerCase(Locale.ROOT))) return null;
        Source src;
        String qualifier = c.getTable() == null ? null : c.getTable().getName();
        if (qualifier != null) {
            src = scope.source(unquote(qualifier));
            if (src == null) {
                finding(Severity.ERROR, c, "unknown-table", "unknown table or alias " + qualifier);
                return null;
            }
        } else {
            List<Source> candidates = scope.sourcesWith(name);
            if (candidates.isEmpty()) {
                finding(Severity.ERROR, c, "unknown-column", "unknown column " + name);
                return null;
            }
            if (candidates.size() > 1) {
                finding(Severity.ERROR, c, "ambiguous-column", "ambiguous column " + name + ": in "
                        + candidates.stream().map(Source::name).toList());
                return null;
            }
            src = candidates.get(0);
        }
        if (src.opaque()) return null;
        ColumnInfo ci = src.column(name);
        if (ci == null) {
            finding(Severity.ERROR, c, "unknown-column", "unknown column " + (qualifier == null ? "" : qualifier + ".") + name);
            return null;
        }
        ColumnChange o = ci.origin();
        if (o == null) return ci;
        boolean base = src.isBaseTable();
        if (base) {
            if (o.dropped()) {
                finding(Severity.ERROR, c, "dropped-column", o.oldTable() + "." + o.oldColumn() + " has no counterpart in the new schema");
                return ci;
            }
            if (o.renamed()) {
                Token last = SourceText.last(c);
                // an unqualified rename must not become ambiguous (comment_id -> id next to posts)
                String q = qualifier == null && clashes(src, o.newColumn())
                        ? (src.aliased() || src.change().kind() != TableChange.Kind.RENAMED ? src.name() : src.change().replacement()) + "." : "";
                edit(source.begin(last), source.end(last), q + o.newColumn());
            }
            if (qualifier != null && !src.aliased() && src.change().kind() == TableChange.Kind.RENAMED
                    && !src.change().replacement().equalsIgnoreCase(src.name()) && c.getTable().getSchemaName() == null) {
                Token first = SourceText.first(c);
                edit(source.begin(first), source.end(first), src.change().replacement());
            }
        }
        boolean isSafe = safe.contains(c) || countDepth > 0;
        if (o.renumbered() && !isSafe && (outputItem || orderBy)) {
            String what = o.oldTable() + "." + o.oldColumn();
            if (orderBy) {
                finding(Severity.WARNING, c, "surrogate-order", "orders by " + what + ", an old surrogate id: the new ids order rows differently");
            } else {
                finding(Severity.WARNING, c, "surrogate-output", "shows " + what + ", an old surrogate id: its values differ in the new tables"
                        + (o.warn() == null ? "" : " (" + o.warn() + ")"));
            }
        }
        if (base && o.transform() instanceof Transform.Coalesce co && o.warn() == null && nullDefaultsSeen.add(o)) {
            finding(Severity.WARNING, c, "null-default", o.oldColumn() + " may be NULL in " + o.oldTable() + "; the new column holds "
                    + co.fallbacks().stream().map(f -> f.isEmpty() ? "''" : f).collect(java.util.stream.Collectors.joining(" or ")) + " instead, so NULL tests and NULL-skipping aggregates over it can differ");
        }
        if (base && o.warn() != null && !o.renumbered() && !parentRewrite && !safe.contains(c)) finding(Severity.WARNING, c, "meaning", o.oldColumn() + ": " + o.warn());
        if (stringFnDepth > 0 && (!o.literalTypes().isEmpty() || o.identity() != null)) {
            finding(Severity.WARNING, c, "id-as-text", "string operation on the id " + o.oldColumn()
                    + ": ids are integers here but base36 in URLs; a text comparison or pattern on them does not port as is");
        }
        return ci;
    }

    /** Whether another source of the block would also offer this (new) column name. */
    private boolean clashes(Source self, String newName) {
        for (Scope s = scope; s != null; s = s.parent) {
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

    // ---- comparisons: literals, ids of different kinds, parent_id ----------------------------

    private static Column columnOf(Expression e) {
        if (e instanceof Column c) return c;
        if (e instanceof CastExpression cast) return columnOf(cast.getLeftExpression());
        return null;
    }

    /** Returns true when the comparison was rewritten as a whole (its operands must not be walked). */
    private boolean comparison(BinaryExpression be, String op) {
        Column lc = columnOf(be.getLeftExpression()), rc = columnOf(be.getRightExpression());
        if (lc != null && rc != null) return columnsCompared(be, lc, rc, op);
        if (lc != null) literalCompared(lc, be.getRightExpression(), op);
        else if (rc != null) literalCompared(rc, be.getLeftExpression(), flip(op));
        return false;
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case ">" -> "<";
            case "<=" -> ">=";
            case ">=" -> "<=";
            default -> op;
        };
    }

    private boolean columnsCompared(BinaryExpression be, Column lc, Column rc, String op) {
        ColumnInfo li = lookup(lc), ri = lookup(rc);
        if (li == null || ri == null || li.origin() == null || ri.origin() == null) return false;
        ColumnChange lo = li.origin(), ro = ri.origin();
        // old top-level comments: parent_id = the post's Reddit id; new: NULL
        if ((op.equals("=") || op.equals("<>")) && (lo.topLevelAsPostId() && "post".equals(ro.identity())
                || ro.topLevelAsPostId() && "post".equals(lo.identity()))) {
            Column parent = lo.topLevelAsPostId() ? lc : rc;
            Column post = parent == lc ? rc : lc;
            Token first = SourceText.first(be), last = SourceText.last(be);
            if (first != null && last != null) {
                parentRewrite = true;
                column(parent);
                parentRewrite = false;
                skip.add(post);
                skip.add(parent);
                Token pl = SourceText.last(parent);
                // keep the parent column's own (possibly rewritten) text; replace the rest
                if (parent == lc) {
                    edit(source.end(pl), source.end(last), op.equals("=") ? " IS NULL" : " IS NOT NULL");
                } else {
                    edit(source.begin(first), source.begin(SourceText.first(parent)), "");
                    edit(source.end(pl), source.end(last), op.equals("=") ? " IS NULL" : " IS NOT NULL");
                }
                finding(Severity.WARNING, be, "parent-id", "`" + be + "` found top-level comments (old parent_id = the post's Reddit id);"
                        + " rewritten as parent_id " + (op.equals("=") ? "IS NULL" : "IS NOT NULL") + ", which assumes " + post + " is the comment's own post");
                return true;
            }
        }
        // a reply's parent_id against a comment id: the old parent_id of a top-level comment
        // holds a post id, and post and comment ids overlap, so the old join also matched
        // top-level comments to unrelated comments; the new one does not
        if (lo.topLevelAsPostId() && "comment".equals(ro.identity()) || ro.topLevelAsPostId() && "comment".equals(lo.identity())) {
            safe.add(lo.topLevelAsPostId() ? lc : rc);
            finding(Severity.WARNING, be, "parent-id-overlap", "`" + be + "`: old parent_id of a top-level comment holds its post's Reddit id,"
                    + " and post and comment ids overlap, so the old query also matched top-level comments to unrelated comments;"
                    + " the rewrite (parent_id NULL for top-level) matches replies only");
        }
        String a = lo.identity(), b = ro.identity();
        if (a != null && b != null) {
            if (a.equals(b)) {
                safe.add(lc);
                safe.add(rc);
            } else if (a.split(":")[0].equals(b.split(":")[0])) {
                safe.add(lc);
                safe.add(rc);
                finding(Severity.ERROR, be, "id-kinds", "`" + be + "` compares " + describe(lo) + " with " + describe(ro)
                        + ": in the old schema these are different numbers (the post_id trap); the new schema has one id, so the rewrite would change the result");
            }
        }
        return false;
    }

    private static String describe(ColumnChange c) {
        return c.oldTable() + "." + c.oldColumn() + (c.identity().endsWith(":old") ? " (old Django id)" : " (Reddit id)");
    }

    private void literalCompared(Column col, Expression other, String op) {
        ColumnInfo ci = lookup(col);
        if (ci == null || ci.origin() == null) return;
        ColumnChange o = ci.origin();
        boolean equality = op.equals("=") || op.equals("<>");
        if (other instanceof StringValue sv) {
            if (o.transform() instanceof Transform.EnumRemap em) {
                String now = em.apply(sv.getValue());
                if (!now.equals(sv.getValue())) {
                    replace(sv, "'" + now.replace("'", "''") + "'");
                    finding(Severity.INFO, sv, "enum-literal", "'" + sv.getValue() + "' is '" + now + "' in the new tables");
                }
            }
            if (!o.literalTypes().isEmpty()) {
                if (!equality) {
                    finding(Severity.ERROR, sv, "id-range", op + " on the Reddit id " + o.oldColumn() + " with '" + sv.getValue()
                            + "': base36 order is not integer order; write the integer bound by hand");
                } else {
                    decodeLiteral(sv, o);
                }
            }
        }
        if (o.renumbered() && (other instanceof StringValue || other instanceof LongValue)) {
            safe.add(col);
            finding(Severity.ERROR, other, "surrogate-literal", o.oldTable() + "." + o.oldColumn() + " " + op + " " + other
                    + ": old surrogate ids do not survive the migration; select the row by its natural key instead");
        }
        if (other instanceof net.sf.jsqlparser.expression.JdbcParameter && (o.renumbered() || !o.literalTypes().isEmpty()
                || o.transform() instanceof Transform.EnumRemap)) {
            finding(Severity.WARNING, other, "template-value", "parameter " + other + " is compared with " + o.oldColumn()
                    + ": its values change in the new schema");
        }
        if (other instanceof JdbcNamedParameter p && (o.renumbered() || !o.literalTypes().isEmpty() || o.transform() instanceof Transform.EnumRemap)) {
            finding(Severity.WARNING, other, "template-value", "template value {{" + p.getName() + "}} is compared with " + o.oldColumn()
                    + ": its values change in the new schema (" + (o.transform() instanceof Transform.EnumRemap em ? em.values()
                    : o.renumbered() ? "renumbered ids" : "base36/fullname ids are integers now") + ")");
        }
    }

    /** `'t3_abc'` or `'abc'` compared with a Reddit id column becomes the integer 13368. */
    private void decodeLiteral(StringValue sv, ColumnChange o) {
        String v = sv.getValue();
        if (v.matches("\\d+")) {
            replace(sv, v);
            finding(Severity.INFO, sv, "id-literal", "'" + v + "' is an integer literal now");
            return;
        }
        Long id = null;
        if (v.matches("t\\d_[0-9a-zA-Z]+")) {
            Fullname f = Fullname.parse(v);
            if (!o.literalTypes().contains("t" + f.typeNumber())) {
                finding(Severity.ERROR, sv, "fullname-type", "'" + v + "' names a " + typeName(f.typeNumber()) + ", but "
                        + o.oldColumn() + " holds " + o.literalTypes() + " ids");
                return;
            }
            id = f.id();
        } else {
            id = Base36.tryDecode(v).orElse(null);
        }
        if (id == null) {
            finding(Severity.ERROR, sv, "id-literal", "'" + v + "' is neither a base36 id nor a fullname");
            return;
        }
        replace(sv, Long.toString(id));
        finding(Severity.INFO, sv, "id-literal", "'" + v + "' decoded to " + id);
    }

    private static String typeName(int t) {
        return switch (t) {
            case 1 -> "comment";
            case 2 -> "account";
            case 3 -> "link";
            case 5 -> "subreddit";
            default -> "thing of type " + t;
        };
    }

    private void replace(Object node, String text) {
        Token f = SourceText.first(node), l = SourceText.last(node);
        if (f == null) {
            finding(Severity.ERROR, node, "position", "cannot locate " + node + " in the text");
            return;
        }
        edit(source.begin(f), source.end(l), text);
    }

    private void in(InExpression in) {
        Column c = columnOf(in.getLeftExpression());
        Expression right = in.getRightExpression();
        if (c != null && right instanceof ParenthesedSelect ps) {
            List<ColumnInfo> outs = select(ps, scope, false);
            ColumnInfo li = lookup(c);
            if (li != null && li.identity() != null && outs.size() == 1 && outs.get(0).identity() != null) {
                String a = li.identity(), b = outs.get(0).identity();
                if (a.equals(b)) safe.add(c);
                else if (a.split(":")[0].equals(b.split(":")[0])) {
                    safe.add(c);
                    finding(Severity.ERROR, in, "id-kinds", "`" + c + " IN (...)` compares " + describe(li.origin()) + " with "
                            + describe(outs.get(0).origin()) + ": different numbers in the old schema, one id in the new");
                }
            }
            column(c);
            return;
        }
        if (c != null && right instanceof ExpressionList<?> list) {
            for (Object item : list) if (item instanceof Expression x) literalCompared(c, x, "=");
        }
        walk(in.getLeftExpression());
        walk(right);
    }

    private void like(LikeExpression like) {
        Column c = columnOf(like.getLeftExpression());
        ColumnInfo ci = c == null ? null : lookup(c);
        if (ci != null && ci.origin() != null && (!ci.origin().literalTypes().isEmpty() || ci.origin().identity() != null)) {
            finding(Severity.ERROR, like, "id-like", "LIKE on the id " + ci.origin().oldColumn() + ": ids are integers (base36 in URLs); a text pattern does not port");
        }
    }

    private void between(Between b) {
        Column c = columnOf(b.getLeftExpression());
        ColumnInfo ci = c == null ? null : lookup(c);
        if (ci == null || ci.origin() == null) return;
        if (!ci.origin().literalTypes().isEmpty() && (b.getBetweenExpressionStart() instanceof StringValue || b.getBetweenExpressionEnd() instanceof StringValue)) {
            finding(Severity.ERROR, b, "id-range", "BETWEEN on the Reddit id " + ci.origin().oldColumn() + " with text bounds: base36 order is not integer order");
        }
        if (ci.origin().renumbered()) {
            safe.add(c);
            finding(Severity.ERROR, b, "surrogate-literal", "range over " + ci.origin().oldColumn() + ", an old surrogate id: the values do not survive");
        }
    }

    private void caseSwitch(CaseExpression ce) {
        Column c = columnOf(ce.getSwitchExpression());
        if (c == null || ce.getWhenClauses() == null) return;
        for (WhenClause w : ce.getWhenClauses()) literalCompared(c, w.getWhenExpression(), "=");
    }

    // ---- edits and findings -------------------------------------------------------------------

    private void edit(int start, int end, String text) {
        Edit existing = edits.get(start);
        if (existing != null && existing.end() == end && existing.text().equals(text)) return;
        if (existing != null && start == end && existing.start() == existing.end()) {
            return;
        }
        if (existing != null) {
            // an insert and a replace at the same offset: the insert goes first
            if (start == end) {
                edits.put(start, new Edit(start, existing.end(), text + existing.text()));
            } else if (existing.start() == existing.end()) {
                edits.put(start, new Edit(start, end, existing.text() + text));
            }
            return;
        }
        edits.put(start, new Edit(start, end, text));
    }

    private void finding(Severity severity, Object node, String rule, String message) {
        Token t = node == null ? null : SourceText.first(node);
        if (t == null) t = lastPosition;
        int line = t == null ? 1 : t.beginLine, col = t == null ? 1 : t.beginColumn;
        Finding f = new Finding(severity, line, col, rule, message);
        if (!findings.contains(f)) findings.add(f);
    }

    static String unquote(String name) {
        if (name == null) return null;
        if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) return name.substring(1, name.length() - 1);
        return name.toLowerCase(Locale.ROOT);
    }

    // ---- the expression walk: JSqlParser's deparser visits every sub-expression for us --------

    private final class Walker extends ExpressionDeParser {
        Walker() {
            super(new SelectDeParser(), new StringBuilder());
        }

        @Override
        public <S> StringBuilder visit(Column column, S context) {
            column(column);
            return getBuilder();
        }

        @Override
        public <S> StringBuilder visit(ParenthesedSelect select, S context) {
            Scope saved = scope;
            select(select, scope, false);
            scope = saved;
            return getBuilder();
        }

        @Override
        public <S> StringBuilder visit(Select select, S context) {
            Scope saved = scope;
            select(select, scope, false);
            scope = saved;
            return getBuilder();
        }

        @Override
        public <S> StringBuilder visit(AllColumns allColumns, S context) {
            return getBuilder();
        }

        @Override
        public <S> StringBuilder visit(AllTableColumns allTableColumns, S context) {
            return getBuilder();
        }

        @Override
        public <S> StringBuilder visit(EqualsTo e, S context) {
            return comparison(e, "=") ? getBuilder() : super.visit(e, context);
        }

        @Override
        public <S> StringBuilder visit(NotEqualsTo e, S context) {
            return comparison(e, "<>") ? getBuilder() : super.visit(e, context);
        }

        @Override
        public <S> StringBuilder visit(GreaterThan e, S context) {
            return comparison(e, ">") ? getBuilder() : super.visit(e, context);
        }

        @Override
        public <S> StringBuilder visit(GreaterThanEquals e, S context) {
            return comparison(e, ">=") ? getBuilder() : super.visit(e, context);
        }

        @Override
        public <S> StringBuilder visit(MinorThan e, S context) {
            return comparison(e, "<") ? getBuilder() : super.visit(e, context);
        }

        @Override
        public <S> StringBuilder visit(MinorThanEquals e, S context) {
            return comparison(e, "<=") ? getBuilder() : super.visit(e, context);
        }

        @Override
        public <S> StringBuilder visit(InExpression e, S context) {
            in(e);
            return getBuilder();
        }

        @Override
        public <S> StringBuilder visit(LikeExpression e, S context) {
            like(e);
            return super.visit(e, context);
        }

        @Override
        public <S> StringBuilder visit(Between e, S context) {
            between(e);
            return super.visit(e, context);
        }

        @Override
        public <S> StringBuilder visit(CaseExpression e, S context) {
            caseSwitch(e);
            return super.visit(e, context);
        }

        @Override
        public <S> StringBuilder visit(Function f, S context) {
            String name = f.getName() == null ? "" : f.getName().toLowerCase(Locale.ROOT);
            boolean count = COUNTS.contains(name), string = STRING_FUNCTIONS.contains(name);
            if (count) countDepth++;
            if (string) stringFnDepth++;
            try {
                return super.visit(f, context);
            } finally {
                if (count) countDepth--;
                if (string) stringFnDepth--;
            }
        }

        @Override
        public <S> StringBuilder visit(AnalyticExpression a, S context) {
            boolean count = COUNTS.contains(a.getName().toLowerCase(Locale.ROOT));
            if (count) countDepth++;
            try {
                return super.visit(a, context);
            } finally {
                if (count) countDepth--;
            }
        }

        @Override
        public <S> StringBuilder visit(CastExpression cast, S context) {
            // `id::text` is a string operation on an id, like a string function
            String type = cast.getColDataType() == null ? "" : cast.getColDataType().getDataType().toLowerCase(Locale.ROOT);
            boolean text = type.startsWith("text") || type.startsWith("varchar") || type.startsWith("char");
            if (text) stringFnDepth++;
            try {
                return super.visit(cast, context);
            } finally {
                if (text) stringFnDepth--;
            }
        }
    }
}

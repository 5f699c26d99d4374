package io.cutover.rewrite;

import static io.cutover.rewrite.Names.unquote;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
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

/**
 * Resolves every name of one parsed query against the old schema, before any rule runs, into a
 * {@link QueryAnalysis}. One instance per query.
 *
 * <p>Scoping follows SQLGlot's qualify and Trino's analyzer: each query block gets a
 * {@link Scope} of its FROM sources, built before its expressions are resolved; CTE and
 * sub-select outputs carry the lineage of the old columns they pass through. This class walks
 * the query blocks; {@link ExpressionResolver} walks the expressions in them.
 */
final class NameResolver {
    private final SchemaChange schema;
    private final WalkState state = new WalkState();
    private final ExpressionResolver expressions;

    NameResolver(SchemaChange schema) {
        this.schema = schema;
        this.expressions = new ExpressionResolver(this, state);
    }

    /** Resolves the query; if that fails half-way, {@link #analysis()} holds what was found. */
    void resolve(Select select) {
        select(select, null, true);
    }

    QueryAnalysis analysis() {
        return new QueryAnalysis(List.copyOf(state.facts), state.lastSeen);
    }

    /** A sub-select inside an expression: it sees the enclosing scope (correlation). */
    void subquery(Select select) {
        Scope saved = state.scope;
        select(select, state.scope, false);
        state.scope = saved;
    }

    // ---- query blocks ---------------------------------------------------------------------

    /** Resolves a query block and returns its output columns; {@code output}: the outermost one. */
    List<ColumnInfo> select(Select s, Scope outer, boolean output) {
        Scope withScope = outer;
        if (s.getWithItemsList() != null && !s.getWithItemsList().isEmpty()) {
            withScope = new Scope(outer);
            for (WithItem<?> w : s.getWithItemsList()) {
                if (w.isRecursive() && w.getSelect() != null) {
                    // a recursive CTE reads itself: its columns are those of the first branch,
                    // resolved on the side (what that finds is found again below)
                    Select body = w.getSelect().getSelect();
                    if (body instanceof SetOperationList sol) {
                        List<ColumnInfo> first = new NameResolver(schema).select(sol.getSelects().get(0), withScope, false);
                        if (w.getWithItemList() != null) first = Names.renamed(first, w.getWithItemList().stream().map(i -> i.toString()).toList());
                        withScope.defineCte(unquote(w.getAliasName()), first);
                    }
                }
                List<ColumnInfo> cols = w.getSelect() == null ? List.of() : select(w.getSelect(), withScope, false);
                if (w.getWithItemList() != null) cols = Names.renamed(cols, w.getWithItemList().stream().map(i -> i.toString()).toList());
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
            if (sol.getLimit() != null && output) limit(s, sol.getOrderByElements(), null, null, out);
        } else if (s instanceof ParenthesedSelect p) {
            out = select(p.getSelect(), withScope, output);
            orderByOutputs(p.getOrderByElements(), out, new Scope(withScope));
        } else {
            state.add(new Fact.Unresolved(state.lastSeen, s, "unsupported", "this kind of query block is not analyzed: " + s.getClass().getSimpleName()));
            out = List.of();
        }
        return out;
    }

    private List<ColumnInfo> plain(PlainSelect ps, Scope outer, boolean output) {
        Scope saved = state.scope;
        Scope local = new Scope(outer);
        state.scope = local;
        try {
            if (ps.getFromItem() != null) from(ps.getFromItem(), local);
            if (ps.getJoins() != null) {
                for (Join j : ps.getJoins()) {
                    from(j.getFromItem(), local);
                    if (j.isNatural()) state.add(new Fact.NaturalJoin(state.lastSeen, j.getFromItem(), List.copyOf(local.sources)));
                }
            }
            state.scope = local;
            List<ColumnInfo> out = new ArrayList<>();
            for (SelectItem<?> item : ps.getSelectItems()) out.addAll(selectItem(item, local, output));
            if (ps.getJoins() != null) {
                for (Join j : ps.getJoins()) {
                    if (j.getOnExpressions() != null) for (Expression e : j.getOnExpressions()) expressions.walk(e);
                    if (j.getUsingColumns() != null) {
                        for (Column c : j.getUsingColumns()) state.add(new Fact.UsingColumn(state.lastSeen, c, List.copyOf(local.sources)));
                    }
                }
            }
            if (ps.getWhere() != null) expressions.walk(ps.getWhere());
            if (ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null) {
                for (SelectItem<?> item : ps.getDistinct().getOnSelectItems()) walkOrOutput(item.getExpression(), out);
            }
            if (ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList() != null) {
                for (Object e : ps.getGroupBy().getGroupByExpressionList()) walkOrOutput((Expression) e, out);
            }
            if (ps.getHaving() != null) expressions.walk(ps.getHaving());
            orderByOutputs(ps.getOrderByElements(), out, local);
            if ((ps.getLimit() != null || ps.getFetch() != null) && output) {
                limit(ps, ps.getOrderByElements(), ps, local, out);
            }
            return out;
        } finally {
            state.scope = saved;
        }
    }

    // ---- FROM --------------------------------------------------------------------------------

    private void from(FromItem item, Scope local) {
        if (item instanceof Table t) {
            local.sources.add(table(t, local));
        } else if (item instanceof ParenthesedSelect p) {
            // LATERAL sees the sources before it; a plain sub-select does not need to
            Scope saved = state.scope;
            List<ColumnInfo> cols = select(p, local, false);
            state.scope = saved;
            String alias = p.getAlias() == null ? null : unquote(p.getAlias().getName());
            if (p.getAlias() != null && p.getAlias().getAliasColumns() != null) {
                cols = Names.renamed(cols, p.getAlias().getAliasColumns().stream().map(a -> a.name).toList());
            }
            local.sources.add(new Source(alias == null ? "" : alias, null, cols, alias != null, false));
        } else if (item instanceof TableFunction tf) {
            expressions.walk(tf.getFunction());
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
                Scope saved = state.scope;
                state.scope = local;
                for (Join j : pf.getJoins()) if (j.getOnExpressions() != null) for (Expression e : j.getOnExpressions()) expressions.walk(e);
                state.scope = saved;
            }
        } else {
            state.add(new Fact.Unresolved(state.lastSeen, item, "unsupported", "FROM item not analyzed: " + item));
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
            state.add(new Fact.Unresolved(state.lastSeen, t, "unknown-table", "unknown table " + name + " (not in the old schema)"));
            return new Source(alias == null ? name : alias, null, List.of(), alias != null, true);
        }
        state.add(new Fact.TableRef(state.lastSeen, t, name, alias, change));
        if (change.kind() == TableChange.Kind.NO_REWRITE) {
            // one finding for the table, none for its columns
            return new Source(alias == null ? name : alias, null, List.of(), alias != null, true);
        }
        List<ColumnInfo> cols = new ArrayList<>();
        for (ColumnChange c : change.columns().values()) cols.add(new ColumnInfo(c.oldColumn(), c));
        return new Source(alias == null ? name : alias, change, cols, alias != null, false);
    }

    // ---- select items and `*` ----------------------------------------------------------------

    private List<ColumnInfo> selectItem(SelectItem<?> item, Scope local, boolean output) {
        Expression e = item.getExpression();
        if (e instanceof AllTableColumns atc) {
            Source s = local.source(unquote(atc.getTable().getName()));
            if (s == null) {
                state.add(new Fact.Unresolved(state.lastSeen, atc, "unknown-table", "unknown table or alias " + atc.getTable().getName()));
                return List.of();
            }
            return star(atc, List.of(s), output);
        }
        if (e instanceof AllColumns ac) return star(ac, local.sources, output);
        state.shown = output;
        ColumnInfo resolved = null;
        try {
            if (e instanceof Column c) resolved = expressions.column(c);
            else expressions.walk(e);
        } finally {
            state.shown = false;
        }
        String name = item.getAlias() != null ? unquote(item.getAlias().getName()) : Names.outputName(e);
        boolean bareColumn = e instanceof Column c && item.getAlias() == null && resolved != null && resolved.origin() != null
                && isBase(c);
        state.add(new Fact.SelectItemRef(state.lastSeen, e, resolved, name, output, bareColumn));
        return List.of(new ColumnInfo(name, resolved == null ? null : resolved.origin()));
    }

    private boolean isBase(Column c) {
        Source s = state.scope.sourceOf(c);
        return s != null && s.isBaseTable();
    }

    /** The columns of {@code *}: those of its sources, in order. */
    private List<ColumnInfo> star(AllColumns star, List<Source> sources, boolean output) {
        List<ColumnInfo> out = new ArrayList<>();
        for (Source s : sources) out.addAll(s.columns());
        state.add(new Fact.StarRef(state.lastSeen, star, List.copyOf(sources), output));
        return out;
    }

    // ---- ORDER BY, GROUP BY: names may be output columns ---------------------------------------

    private void orderByOutputs(List<OrderByElement> elements, List<ColumnInfo> outputs, Scope local) {
        if (elements == null) return;
        Scope saved = state.scope;
        if (local != null) state.scope = local;
        state.ordering = true;
        try {
            for (OrderByElement o : elements) walkOrOutput(o.getExpression(), outputs);
        } finally {
            state.ordering = false;
            state.scope = saved;
        }
    }

    /** ORDER BY and GROUP BY accept output names and ordinals; those carry the output's lineage. */
    private void walkOrOutput(Expression e, List<ColumnInfo> outputs) {
        ColumnInfo out = null;
        if (e instanceof LongValue lv && lv.getValue() >= 1 && lv.getValue() <= outputs.size()) {
            out = outputs.get((int) lv.getValue() - 1);
        } else if (e instanceof Column c && c.getTable() == null && state.scope.sourcesWith(unquote(c.getColumnName())).isEmpty()) {
            for (ColumnInfo o : outputs) if (o.name().equalsIgnoreCase(unquote(c.getColumnName()))) out = o;
        }
        if (out == null) {
            expressions.walk(e);
            return;
        }
        state.add(new Fact.OutputRef(state.lastSeen, e, out, state.ordering));
    }

    /** A LIMIT of the outermost query, with the source of each ORDER BY column (resolved in {@code local}). */
    private void limit(Select s, List<OrderByElement> order, PlainSelect ps, Scope local, List<ColumnInfo> outputs) {
        Object at = ps != null && ps.getLimit() != null ? ps.getLimit() : s;
        List<Source> keySources = null;
        if (local != null && order != null) {
            keySources = new ArrayList<>();
            for (OrderByElement o : order) keySources.add(o.getExpression() instanceof Column c ? local.sourceOf(c) : null);
            keySources = Collections.unmodifiableList(keySources);
        }
        state.add(new Fact.LimitRef(state.lastSeen, at, order, ps, keySources, Collections.unmodifiableList(outputs)));
    }
}

package io.cutover.rewrite;

import static io.cutover.rewrite.Names.unquote;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
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
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;

/**
 * Resolves the column references of the expressions of a query block in the scope in force,
 * and notes how each is used: shown, ordered by, counted, treated as text, or pinned by a
 * comparison with the same kind of id (then showing it is not what changes the result).
 * JSqlParser's deparser visits every sub-expression for us; its text is not used.
 */
final class ExpressionResolver extends ExpressionDeParser {
    private static final Set<String> STRING_FUNCTIONS = Set.of("substr", "substring", "left", "right", "lower", "upper",
            "length", "char_length", "concat", "position", "split_part", "strpos", "replace", "lpad", "rpad", "trim",
            "btrim", "ltrim", "rtrim", "regexp_replace", "regexp_match", "starts_with", "to_char", "format", "md5");
    private static final Set<String> COUNTS = Set.of("count");

    private final NameResolver blocks;
    private final WalkState state;
    private int countDepth;
    private int stringFnDepth;
    private boolean parentTest;
    private final Set<Column> pinned = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The operands of a comparison that is rewritten as a whole. */
    private final Set<Column> skipped = Collections.newSetFromMap(new IdentityHashMap<>());

    ExpressionResolver(NameResolver blocks, WalkState state) {
        super(new SelectDeParser(), new StringBuilder());
        this.blocks = blocks;
        this.state = state;
    }

    void walk(Expression e) {
        getBuilder().setLength(0); // the deparser's text is not used: keep it small
        e.accept(this, null);
    }

    /** Resolves a column reference and records it with its use. */
    ColumnInfo column(Column c) {
        if (skipped.contains(c)) return state.scope.lookup(c);
        Token t = SourceText.first(c);
        if (t != null) state.lastSeen = t;
        String name = unquote(c.getColumnName());
        if (c.getTable() == null && Names.notAColumn(name)) return null;
        Source src;
        String qualifier = c.getTable() == null ? null : c.getTable().getName();
        if (qualifier != null) {
            src = state.scope.source(unquote(qualifier));
            if (src == null) {
                unresolved(c, "unknown-table", "unknown table or alias " + qualifier);
                return null;
            }
        } else {
            List<Source> candidates = state.scope.sourcesWith(name);
            if (candidates.isEmpty()) {
                unresolved(c, "unknown-column", "unknown column " + name);
                return null;
            }
            if (candidates.size() > 1) {
                unresolved(c, "ambiguous-column", "ambiguous column " + name + ": in " + candidates.stream().map(Source::name).toList());
                return null;
            }
            src = candidates.get(0);
        }
        if (src.opaque()) return null;
        ColumnInfo ci = src.column(name);
        if (ci == null) {
            unresolved(c, "unknown-column", "unknown column " + (qualifier == null ? "" : qualifier + ".") + name);
            return null;
        }
        ColumnChange o = ci.origin();
        if (o == null) return ci;
        boolean newNameTaken = qualifier == null && src.isBaseTable() && o.renamed() && state.scope.newNameTaken(src, o.newColumn());
        Fact.Usage usage = new Fact.Usage(state.shown, state.ordering, countDepth > 0, stringFnDepth > 0, pinned.contains(c), parentTest);
        state.add(new Fact.ColumnRef(state.lastSeen, c, src, o, newNameTaken, usage));
        return ci;
    }

    private void unresolved(Object node, String rule, String message) {
        state.add(new Fact.Unresolved(state.lastSeen, node, rule, message));
    }

    // ---- comparisons ---------------------------------------------------------------------------

    private static Column columnOf(Expression e) {
        if (e instanceof Column c) return c;
        if (e instanceof CastExpression cast) return columnOf(cast.getLeftExpression());
        return null;
    }

    /** Returns true when the comparison is rewritten as a whole (its operands must not be walked). */
    private boolean comparison(BinaryExpression be, String op) {
        Column lc = columnOf(be.getLeftExpression()), rc = columnOf(be.getRightExpression());
        if (lc != null && rc != null) return columnsCompared(be, lc, rc, op);
        if (lc != null) valueCompared(lc, be.getRightExpression(), op);
        else if (rc != null) valueCompared(rc, be.getLeftExpression(), flip(op));
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
        ColumnInfo li = state.scope.lookup(lc), ri = state.scope.lookup(rc);
        if (li == null || ri == null || li.origin() == null || ri.origin() == null) return false;
        ColumnChange lo = li.origin(), ro = ri.origin();
        // old top-level comments: parent_id = the post's Reddit id; new: NULL
        if ((op.equals("=") || op.equals("<>")) && (lo.topLevelAsPostId() && "post".equals(ro.identity())
                || ro.topLevelAsPostId() && "post".equals(lo.identity()))) {
            Column parent = lo.topLevelAsPostId() ? lc : rc;
            Column post = parent == lc ? rc : lc;
            if (SourceText.first(be) != null && SourceText.last(be) != null) {
                parentTest = true;
                column(parent);
                parentTest = false;
                skipped.add(post);
                skipped.add(parent);
                state.add(new Fact.TopLevelTest(state.lastSeen, be, parent, post, parent == lc, op));
                return true;
            }
        }
        // a reply's parent_id against a comment id: the comparison's finding says what changes
        if (lo.topLevelAsPostId() && "comment".equals(ro.identity()) || ro.topLevelAsPostId() && "comment".equals(lo.identity())) {
            pinned.add(lo.topLevelAsPostId() ? lc : rc);
        }
        if (lo.sameThingAs(ro)) {
            pinned.add(lc);
            pinned.add(rc);
        }
        state.add(new Fact.ColumnComparison(state.lastSeen, be, lo, ro));
        return false;
    }

    private void valueCompared(Column col, Expression other, String op) {
        ColumnInfo ci = state.scope.lookup(col);
        if (ci == null || ci.origin() == null) return;
        ColumnChange o = ci.origin();
        if (o.renumbered() && (other instanceof StringValue || other instanceof LongValue)) pinned.add(col);
        state.add(new Fact.ValueComparison(state.lastSeen, col, o, other, op));
    }

    private void in(InExpression in) {
        Column c = columnOf(in.getLeftExpression());
        Expression right = in.getRightExpression();
        if (c != null && right instanceof ParenthesedSelect ps) {
            List<ColumnInfo> outs = blocks.select(ps, state.scope, false);
            ColumnInfo li = state.scope.lookup(c);
            if (li != null && li.identity() != null && outs.size() == 1 && outs.get(0).identity() != null) {
                if (li.origin().sameThingAs(outs.get(0).origin())) pinned.add(c);
                state.add(new Fact.InSubquery(state.lastSeen, in, c, li.origin(), outs.get(0).origin()));
            }
            column(c);
            return;
        }
        if (c != null && right instanceof ExpressionList<?> list) {
            for (Object item : list) if (item instanceof Expression x) valueCompared(c, x, "=");
        }
        walk(in.getLeftExpression());
        walk(right);
    }

    private void like(LikeExpression like) {
        Column c = columnOf(like.getLeftExpression());
        ColumnInfo ci = c == null ? null : state.scope.lookup(c);
        if (ci != null && ci.origin() != null) state.add(new Fact.PatternMatch(state.lastSeen, like, ci.origin()));
    }

    private void between(Between b) {
        Column c = columnOf(b.getLeftExpression());
        ColumnInfo ci = c == null ? null : state.scope.lookup(c);
        if (ci == null || ci.origin() == null) return;
        if (ci.origin().renumbered()) pinned.add(c);
        state.add(new Fact.RangeTest(state.lastSeen, b, ci.origin()));
    }

    /** {@code CASE col WHEN v ...}: each branch compares the column with its value. */
    private void caseSwitch(CaseExpression ce) {
        Column c = columnOf(ce.getSwitchExpression());
        if (c == null || ce.getWhenClauses() == null) return;
        for (WhenClause w : ce.getWhenClauses()) valueCompared(c, w.getWhenExpression(), "=");
    }

    // ---- the visits ----------------------------------------------------------------------------

    @Override
    public <S> StringBuilder visit(Column column, S context) {
        column(column);
        return getBuilder();
    }

    @Override
    public <S> StringBuilder visit(ParenthesedSelect select, S context) {
        blocks.subquery(select);
        return getBuilder();
    }

    @Override
    public <S> StringBuilder visit(Select select, S context) {
        blocks.subquery(select);
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

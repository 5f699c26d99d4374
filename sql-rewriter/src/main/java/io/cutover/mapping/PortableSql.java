package io.cutover.mapping;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseAnd;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseOr;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Which of the mapping's expressions (written in Spark SQL) mean the same in PostgreSQL, and
 * their PostgreSQL text. An expression is portable when every construct in it is on an allow
 * list whose meaning both engines share: CASE, AND/OR/NOT, =, &lt;&gt;, IS NULL, IN of literals,
 * EXISTS and scalar subqueries over one table, + - * &amp; |, integer and string literals, casts
 * to integer, text, boolean and timestamp types, and coalesce, nullif, abs, count, max, min
 * (max and min of text compare bytes, as Spark does: {@code COLLATE "C"}). Everything else
 * (any other function, such as the registered {@code plain_text_from_markdown}, division,
 * double-quoted strings, backslash escapes, ordering comparisons: PostgreSQL orders text by its
 * collation) is not, and the column
 * is then computed in Spark. A json column is read as text, as Spark's JDBC read sees it.
 */
public final class PortableSql {
    private static final Set<Class<?>> ALLOWED = Set.of(Column.class, StringValue.class, LongValue.class, NullValue.class,
            CaseExpression.class, WhenClause.class, AndExpression.class, OrExpression.class, NotExpression.class,
            EqualsTo.class, NotEqualsTo.class, IsNullExpression.class, InExpression.class, ExistsExpression.class,
            ParenthesedSelect.class, ParenthesedExpressionList.class, ExpressionList.class, Addition.class,
            Subtraction.class, Multiplication.class, BitwiseAnd.class, BitwiseOr.class, SignedExpression.class,
            CastExpression.class, Function.class);
    private static final Set<String> FUNCTIONS = Set.of("coalesce", "nullif", "abs", "count", "max", "min");
    private static final Map<String, String> CASTS = Map.of("string", "text", "int", "integer", "integer", "integer",
            "bigint", "bigint", "smallint", "smallint", "boolean", "boolean", "timestamp", "timestamptz");

    /** The DDL type of a column, or null when not known (a Reddit data value is text). */
    @FunctionalInterface
    public interface ColumnTypes {
        String typeOf(String table, String column);
    }

    private PortableSql() {}

    /**
     * The expression in PostgreSQL, or empty when its meaning there could differ. {@code aliases}
     * names the table behind each outer alias ({@code o}, {@code n}); a subquery's aliases are its own.
     */
    public static Optional<String> toPostgres(String sparkSql, Map<String, String> aliases, ColumnTypes types) {
        Expression e;
        try {
            e = CCJSqlParserUtil.parseExpression(sparkSql, false);
        } catch (JSQLParserException | RuntimeException parseError) {
            return Optional.empty();
        }
        Checker checker = new Checker(new HashMap<>(aliases), types);
        if (!checker.allowed(e)) return Optional.empty();
        e.accept(checker, null);
        return checker.portable ? Optional.of(e.toString()) : Optional.empty();
    }

    /** Walks every node: refuses what is not allowed and turns what is into PostgreSQL's spelling. */
    private static final class Checker extends ExpressionVisitorAdapter<Void> {
        final Map<String, String> aliases;
        final ColumnTypes types;
        boolean portable = true;

        Checker(Map<String, String> aliases, ColumnTypes types) {
            this.aliases = aliases;
            this.types = types;
        }

        boolean allowed(Expression e) {
            if (e == null || ALLOWED.contains(e.getClass())) return true;
            portable = false;
            return false;
        }

        @Override
        protected <S> Void visitExpressions(Expression parent, S context, java.util.Collection<Expression> children) {
            if (!allowed(parent)) return null;
            for (Expression c : children) if (!allowed(c)) return null;
            return super.visitExpressions(parent, context, children);
        }

        @Override
        protected <S> Void visitBinaryExpression(BinaryExpression b, S context) {
            if (!allowed(b) || !allowed(b.getLeftExpression()) || !allowed(b.getRightExpression())) return null;
            b.getLeftExpression().accept(this, context);
            b.getRightExpression().accept(this, context);
            return null;
        }

        @Override
        public <S> Void visit(StringValue s, S context) {
            // Spark reads a backslash as an escape, PostgreSQL's standard strings do not.
            if (s.getValue().contains("\\") || (s.getPrefix() != null && !s.getPrefix().isEmpty())) portable = false;
            s.setValue(s.getValue().replace("\\'", "''"));
            return null;
        }

        @Override
        public <S> Void visit(Column c, S context) {
            String name = c.getColumnName();
            if (name.startsWith("\"")) {   // Spark reads "x" as a string, PostgreSQL as a name
                portable = false;
                return null;
            }
            String bare = name.startsWith("`") ? name.substring(1, name.length() - 1) : name;
            if (!bare.matches("[a-z_][a-z0-9_]*")) {
                portable = false;
                return null;
            }
            if (c.getTable() == null && (bare.equals("true") || bare.equals("false"))) return null;
            c.setColumnName(bare);
            String type = typeOf(c);
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("json")) c.setColumnName(bare + "::text");
            return null;
        }

        private String typeOf(Column c) {
            String alias = c.getTable() == null ? null : c.getTable().getName();
            String table = alias == null ? null : aliases.get(alias);
            return table == null ? null : types.typeOf(table, c.getColumnName());
        }

        @Override
        public <S> Void visit(CastExpression cast, S context) {
            String to = CASTS.get(cast.getColDataType().getDataType().toLowerCase(Locale.ROOT));
            if (to == null || cast.getColDataType().getArgumentsStringList() != null) {
                portable = false;
                return null;
            }
            cast.getColDataType().setDataType(to);
            if (!allowed(cast.getLeftExpression())) return null;
            cast.getLeftExpression().accept(this, context);
            return null;
        }

        @Override
        public <S> Void visit(Function f, S context) {
            if (f.getMultipartName().size() != 1 || !FUNCTIONS.contains(f.getName().toLowerCase(Locale.ROOT))
                    || f.getNamedParameters() != null || f.isDistinct()) {
                portable = false;
                return null;
            }
            ExpressionList<?> params = f.getParameters();
            if (params == null) return null;
            for (Expression p : params) if (!allowed(p)) return null;
            for (Expression p : params) p.accept(this, context);
            String name = f.getName().toLowerCase(Locale.ROOT);
            if ((name.equals("max") || name.equals("min"))) {
                // PostgreSQL orders text by the database's collation; Spark by bytes.
                if (params.size() != 1 || !(params.get(0) instanceof Column col)) {
                    portable = false;
                    return null;
                }
                String type = typeOf(col);
                boolean numeric = type != null && type.toLowerCase(Locale.ROOT)
                        .matches("(big|small)?int(eger)?|int[248]|bigserial|serial|boolean|bool|timestamptz|timestamp.*");
                if (!numeric) col.setColumnName(col.getColumnName() + (col.getColumnName().endsWith("::text") ? "" : "::text")
                        + " COLLATE \"C\"");
            }
            return null;
        }

        @Override
        public <S> Void visit(InExpression in, S context) {
            if (!allowed(in.getLeftExpression()) || !(in.getRightExpression() instanceof ExpressionList<?> list)) {
                portable = false;
                return null;
            }
            in.getLeftExpression().accept(this, context);
            for (Expression v : list) {
                if (!(v instanceof StringValue || v instanceof LongValue || v instanceof SignedExpression)) {
                    portable = false;
                    return null;
                }
                v.accept(this, context);
            }
            return null;
        }

        @Override
        public <S> Void visit(net.sf.jsqlparser.statement.select.Select select, S context) {
            if (select instanceof ParenthesedSelect sub) return visit(sub, context);
            portable = false;
            return null;
        }

        @Override
        public <S> Void visit(ParenthesedSelect sub, S context) {
            PlainSelect s = sub.getPlainSelect();
            if (s == null || !(s.getFromItem() instanceof Table t) || (s.getJoins() != null && !s.getJoins().isEmpty())
                    || s.getGroupBy() != null || s.getHaving() != null || s.getDistinct() != null || s.getLimit() != null
                    || s.getOrderByElements() != null || s.getWithItemsList() != null || t.getAlias() == null
                    || t.getSchemaName() != null) {
                portable = false;
                return null;
            }
            aliases.put(t.getAlias().getName(), t.getName());
            List<SelectItem<?>> items = s.getSelectItems();
            for (SelectItem<?> item : items) {
                Expression x = item.getExpression();
                if (!allowed(x)) return null;
                x.accept(this, context);
            }
            if (s.getWhere() != null) {
                if (!allowed(s.getWhere())) return null;
                s.getWhere().accept(this, context);
            }
            return null;
        }

        @Override
        public <S> Void visit(ExistsExpression exists, S context) {
            if (!allowed(exists.getRightExpression())) return null;
            exists.getRightExpression().accept(this, context);
            return null;
        }
    }
}

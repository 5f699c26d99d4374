package io.cutover.side;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.TablesNamesFinder;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;

/**
 * A mapping expression in Spark SQL over one side's row ({@code alias}: {@code o} or {@code n}),
 * parsed once: the row's columns it reads ({@code o.x}, in subqueries too), the tables its
 * subqueries read, and its subqueries (scalar and EXISTS, outermost only), each named so that
 * PostgreSQL can compute it while Spark finishes the rest ({@code shippedText}: the expression
 * with each subquery replaced by {@code alias.name}, reading the row's {@code shippedColumns}). {@code parsed} is false for an expression
 * the parser cannot read (Spark accepts more than it does): Spark then runs it as written and
 * PostgreSQL never sees it.
 */
public record ParsedSql(String text, String alias, boolean parsed, List<String> rowColumns, Set<String> tables,
                        List<Subquery> subqueries, String shippedText, List<String> shippedColumns) {

    /** A subquery of the expression: {@code sparkSql} computed as column {@code name} of the side's query. */
    public record Subquery(String name, String sparkSql) {}

    /**
     * {@code subqueryPrefix} names the subqueries ({@code prefix_1}, ...): unique within one side's query.
     */
    public static ParsedSql parse(String text, String alias, String subqueryPrefix) {
        Expression e;
        try {
            e = CCJSqlParserUtil.parseExpression(text, false);
        } catch (JSQLParserException | RuntimeException notReadable) {
            List<String> columns = unparsedColumns(text, alias);
            return new ParsedSql(text, alias, false, columns, Set.of(), List.of(), text, columns);
        }
        List<String> columns = new ArrayList<>();
        StringBuilder ignored = new StringBuilder();
        ExpressionDeParser reader = new ExpressionDeParser() {
            @Override
            public <S> StringBuilder visit(Column c, S context) {
                if (c.getTable() != null && alias.equals(c.getTable().getName())) columns.add(bare(c.getColumnName()));
                return super.visit(c, context);
            }
        };
        walk(e, reader, ignored);
        List<Subquery> subqueries = new ArrayList<>();
        List<String> outer = new ArrayList<>();
        StringBuilder shipped = new StringBuilder();
        ExpressionDeParser shipping = new ExpressionDeParser() {
            @Override
            public <S> StringBuilder visit(Column c, S context) {
                if (c.getTable() != null && alias.equals(c.getTable().getName())) outer.add(bare(c.getColumnName()));
                return super.visit(c, context);
            }

            @Override
            public <S> StringBuilder visit(Select select, S context) {
                return ship(select.toString());
            }

            @Override
            public <S> StringBuilder visit(ExistsExpression exists, S context) {
                return ship(exists.toString());
            }

            private StringBuilder ship(String sparkSql) {
                String name = subqueryPrefix + "_" + (subqueries.size() + 1);
                subqueries.add(new Subquery(name, sparkSql));
                return builder.append(alias).append('.').append(name);
            }
        };
        walk(e, shipping, shipped);
        Set<String> tables = new LinkedHashSet<>();
        if (!subqueries.isEmpty()) {
            try {
                for (String t : TablesNamesFinder.findTablesInExpression(text)) tables.add(t.toLowerCase(Locale.ROOT));
            } catch (JSQLParserException alreadyParsed) {
                throw new IllegalStateException(alreadyParsed);
            }
        }
        return new ParsedSql(text, alias, true, List.copyOf(columns), SideCompiler.ordered(tables), List.copyOf(subqueries),
                subqueries.isEmpty() ? text : shipped.toString(), List.copyOf(outer));
    }

    /** The expression as Spark finishes it once its subqueries are computed (as columns of the row). */
    public ParsedSql shipped() {
        return subqueries.isEmpty() ? this
                : new ParsedSql(shippedText, alias, parsed, shippedColumns, Set.of(), List.of(), shippedText, shippedColumns);
    }

    private static void walk(Expression e, ExpressionDeParser deParser, StringBuilder out) {
        deParser.setSelectVisitor(new SelectDeParser(deParser, out));
        deParser.setBuilder(out);
        e.accept(deParser, null);
    }

    private static String bare(String name) {
        return name.startsWith("`") && name.endsWith("`") ? name.substring(1, name.length() - 1) : name;
    }

    /** The row's columns of an expression the parser cannot read: each {@code alias.name} in its text. */
    private static List<String> unparsedColumns(String text, String alias) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\b" + java.util.regex.Pattern.quote(alias) + "\\.`?([A-Za-z_][A-Za-z0-9_]*)`?").matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }
}

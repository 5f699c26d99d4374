package io.cutover.rewrite;

import java.util.List;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * One thing name resolution found in a query, as the portability rules read it. {@code near}
 * is the last position the resolver had seen: where a report goes when its node has none.
 */
sealed interface Fact {
    Token near();

    void accept(PortabilityRule rule, RewriteCollector out);

    /** A name that does not resolve, or a construct that is not analyzed. */
    record Unresolved(Token near, Object node, String rule, String message) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.unresolved(this, out);
        }
    }

    /** A table of the old schema in FROM (not a CTE), and what became of it. */
    record TableRef(Token near, Table table, String name, String alias, TableChange change) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.table(this, out);
        }
    }

    /**
     * How the expression around a column reference uses its value: {@code shown} as an output
     * of the outermost query, {@code ordering} as an ORDER BY key, {@code counted} inside
     * count(), {@code asText} inside a string function or a cast to text, {@code pinned} by a
     * comparison whose own finding says what changes (the same kind of id, a literal, a range),
     * {@code parentTest} as the parent_id of a top-level-comment test.
     */
    record Usage(boolean shown, boolean ordering, boolean counted, boolean asText, boolean pinned, boolean parentTest) {}

    /**
     * A column reference resolved, through {@code source}, to an old column. {@code newNameTaken}:
     * unqualified, its new name would be ambiguous in its block (comment_id -> id next to posts).
     */
    record ColumnRef(Token near, Column column, Source source, ColumnChange origin, boolean newNameTaken, Usage usage) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.column(this, out);
        }

        String qualifier() {
            return column.getTable() == null ? null : column.getTable().getName();
        }

        boolean onBaseTable() {
            return source.isBaseTable();
        }

        /** A dropped column of a base table: nothing else is said about it. */
        boolean dropped() {
            return onBaseTable() && origin.dropped();
        }
    }

    /** {@code *} or {@code t.*} over these sources; {@code shown} when the report shows it. */
    record StarRef(Token near, AllColumns star, List<Source> sources, boolean shown) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.star(this, out);
        }
    }

    /**
     * An output column of a query block: its expression, the column it resolved to when it is
     * one, and its name. {@code bareColumn}: an unaliased reference to a base-table column.
     */
    record SelectItemRef(Token near, Expression expression, ColumnInfo resolved, String name, boolean shown,
                         boolean bareColumn) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.selectItem(this, out);
        }
    }

    /** An ORDER BY or GROUP BY key naming an output column (by name or ordinal). */
    record OutputRef(Token near, Expression key, ColumnInfo output, boolean ordering) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.outputRef(this, out);
        }
    }

    /** Two resolved columns compared (not a top-level-comment test). */
    record ColumnComparison(Token near, BinaryExpression comparison, ColumnChange left, ColumnChange right) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.columnComparison(this, out);
        }
    }

    /**
     * {@code parent_id = <the post's Reddit id>}: the old way to find top-level comments.
     * {@code parentFirst}: the parent_id column is the left operand.
     */
    record TopLevelTest(Token near, BinaryExpression comparison, Column parent, Column post, boolean parentFirst,
                        String op) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.topLevelTest(this, out);
        }
    }

    /**
     * A resolved column compared with something that is not a column (a literal, a parameter,
     * an expression): {@code =}, {@code <>}, a range operator, an IN list item or a CASE branch.
     * {@code op} reads with the column on the left.
     */
    record ValueComparison(Token near, Column column, ColumnChange origin, Expression value, String op) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.valueComparison(this, out);
        }
    }

    /** {@code id IN (SELECT id ...)} where both sides identify something. */
    record InSubquery(Token near, InExpression in, Column column, ColumnChange left, ColumnChange right) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.inSubquery(this, out);
        }
    }

    /** A resolved column matched with LIKE. */
    record PatternMatch(Token near, LikeExpression like, ColumnChange origin) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.patternMatch(this, out);
        }
    }

    /** A resolved column tested with BETWEEN. */
    record RangeTest(Token near, Between between, ColumnChange origin) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.rangeTest(this, out);
        }
    }

    /**
     * A LIMIT (or FETCH) of the outermost query: where to report it, its ORDER BY, the block
     * (for its GROUP BY; null for a set operation), the source each ORDER BY column resolves
     * to (null when not resolved per key), and the block's outputs.
     */
    record LimitRef(Token near, Object at, List<OrderByElement> order, PlainSelect block, List<Source> keySources,
                    List<ColumnInfo> outputs) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.limit(this, out);
        }
    }

    /** A NATURAL JOIN, with the sources of its block so far. */
    record NaturalJoin(Token near, FromItem item, List<Source> sources) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.naturalJoin(this, out);
        }
    }

    /** A column of JOIN ... USING (...), with the sources of its block. */
    record UsingColumn(Token near, Column column, List<Source> sources) implements Fact {
        public void accept(PortabilityRule rule, RewriteCollector out) {
            rule.usingColumn(this, out);
        }
    }
}

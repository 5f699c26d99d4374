package io.cutover.verify;

import io.cutover.side.Restriction;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.GeneralScalarExpression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.jdbc.PostgresDialect;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.Option;

/**
 * Spark's PostgreSQL dialect, except that a key filter pushed into a JDBC read ({@code col IN
 * (...)}, what {@link KeySet} asks of a live table) reaches PostgreSQL as one array value,
 * {@code col = ANY('{1,2,...}'::bigint[])}, the restriction the side model prints for keys
 * ({@link Restriction.Keys#arrayLiteral()}). Spark's JDBC source binds no parameters, and would
 * otherwise write one literal per key: PostgreSQL then parses and plans a list of thousands of
 * constants for every partition's query, where one array literal is a single value (and the
 * same index scan). Every other behaviour is Spark's own dialect, which this one replaces once
 * per JVM.
 */
final class KeyArrayDialect extends PostgresDialect {
    private static boolean installed;

    /** Puts this dialect in place of Spark's for {@code jdbc:postgresql:} URLs; idempotent. */
    static synchronized void install() {
        if (installed) return;
        JdbcDialect current = JdbcDialects.get("jdbc:postgresql://localhost/");
        if (current instanceof PostgresDialect && !(current instanceof KeyArrayDialect)) JdbcDialects.unregisterDialect(current);
        JdbcDialects.registerDialect(new KeyArrayDialect());
        installed = true;
    }

    @Override
    public Option<String> compileExpression(Expression expr) {
        if (expr instanceof GeneralScalarExpression in && in.name().equals("IN") && in.children().length > 2) {
            Expression[] children = in.children();
            List<Object> keys = new ArrayList<>();
            for (int i = 1; i < children.length; i++) {
                if (!(children[i] instanceof Literal<?> l) || l.value() == null || !arrayable(l.dataType())) {
                    return super.compileExpression(expr);
                }
                keys.add(l.value() instanceof Number n ? (Object) n.longValue() : l.value().toString());
            }
            Option<String> column = super.compileExpression(children[0]);
            if (column.isEmpty()) return column;
            return Option.apply("(" + column.get() + " = ANY(" + ((Restriction.Keys) Restriction.keys(keys)).arrayLiteral() + "))");
        }
        return super.compileExpression(expr);
    }

    /** Integer keys go as bigint[] (PostgreSQL compares int and bigint alike), text as text[]. */
    private static boolean arrayable(DataType type) {
        return type == DataTypes.LongType || type == DataTypes.IntegerType || type == DataTypes.ShortType
                || type == DataTypes.StringType;
    }
}

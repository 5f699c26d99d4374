package io.cutover.verify;

import io.cutover.mapping.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The mapping's enum and flag transforms as SQL, spelled alike in Spark SQL and PostgreSQL but
 * for their string literals (each engine's planner passes its own).
 */
final class TransformSql {
    private TransformSql() {}

    /** An enum value renamed; unlisted values stay. */
    static String enumRemap(String raw, Transform.EnumRemap e, UnaryOperator<String> literal) {
        StringBuilder b = new StringBuilder("(CASE " + raw);
        e.values().forEach((from, to) -> b.append(" WHEN ").append(literal.apply(from)).append(" THEN ").append(literal.apply(to)));
        return b.append(" ELSE ").append(raw).append(" END)").toString();
    }

    /** Flags keep their order: the i-th old flag's bit becomes the i-th new flag's bit. */
    static String flags(String raw, Transform.Flags f) {
        List<Long> oldBits = List.copyOf(f.oldFlags().values());
        List<Long> newBits = List.copyOf(f.newFlags().values());
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(oldBits.size(), newBits.size()); i++) {
            parts.add("(CASE WHEN (" + raw + " & " + oldBits.get(i) + ") <> 0 THEN " + newBits.get(i) + " ELSE 0 END)");
        }
        return "(" + String.join(" + ", parts) + ")";
    }
}

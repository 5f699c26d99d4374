package io.cutover.rewrite;

import io.cutover.mapping.Base36;
import io.cutover.mapping.Fullname;
import net.sf.jsqlparser.expression.StringValue;

/**
 * A Reddit id compared for equality with a base36 or fullname literal becomes the integer id
 * ({@code 't3_abc'} and {@code 'abc'} -> {@code 13368}); a text range on one cannot be ported,
 * since base36 order is not integer order.
 */
final class IdLiterals implements PortabilityRule {
    @Override
    public void valueComparison(Fact.ValueComparison f, RewriteCollector out) {
        ColumnChange o = f.origin();
        if (!(f.value() instanceof StringValue sv) || o.literalTypes().isEmpty()) return;
        boolean equality = f.op().equals("=") || f.op().equals("<>");
        if (!equality) {
            out.finding(Severity.ERROR, sv, "id-range", f.op() + " on the Reddit id " + o.oldColumn() + " with '" + sv.getValue()
                    + "': base36 order is not integer order; write the integer bound by hand");
        } else {
            decode(sv, o, out);
        }
    }

    @Override
    public void rangeTest(Fact.RangeTest f, RewriteCollector out) {
        if (!f.origin().literalTypes().isEmpty() && (f.between().getBetweenExpressionStart() instanceof StringValue
                || f.between().getBetweenExpressionEnd() instanceof StringValue)) {
            out.finding(Severity.ERROR, f.between(), "id-range", "BETWEEN on the Reddit id " + f.origin().oldColumn()
                    + " with text bounds: base36 order is not integer order");
        }
    }

    private static void decode(StringValue sv, ColumnChange o, RewriteCollector out) {
        String v = sv.getValue();
        if (v.matches("\\d+")) {
            out.replace(sv, v);
            out.finding(Severity.INFO, sv, "id-literal", "'" + v + "' is an integer literal now");
            return;
        }
        Long id;
        if (v.matches("t\\d_[0-9a-zA-Z]+")) {
            Fullname f = Fullname.parse(v);
            if (!o.literalTypes().contains("t" + f.typeNumber())) {
                out.finding(Severity.ERROR, sv, "fullname-type", "'" + v + "' names a " + typeName(f.typeNumber()) + ", but "
                        + o.oldColumn() + " holds " + o.literalTypes() + " ids");
                return;
            }
            id = f.id();
        } else {
            id = Base36.tryDecode(v).orElse(null);
        }
        if (id == null) {
            out.finding(Severity.ERROR, sv, "id-literal", "'" + v + "' is neither a base36 id nor a fullname");
            return;
        }
        out.replace(sv, Long.toString(id));
        out.finding(Severity.INFO, sv, "id-literal", "'" + v + "' decoded to " + id);
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
}

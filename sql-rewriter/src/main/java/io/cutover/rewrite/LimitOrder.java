package io.cutover.rewrite;

import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.OrderByElement;

/**
 * LIMIT picks rows by order: without a total order (a unique column of a base table, or every
 * GROUP BY key), the old and the new query may pick different rows.
 */
final class LimitOrder implements PortabilityRule {
    @Override
    public void limit(Fact.LimitRef f, RewriteCollector out) {
        List<OrderByElement> order = f.order();
        if (order == null || order.isEmpty()) {
            out.finding(Severity.WARNING, f.at(), "limit-order", "LIMIT without ORDER BY: which rows come back is not defined");
            return;
        }
        List<String> keys = order.stream().map(o -> o.getExpression().toString().toLowerCase(Locale.ROOT)).toList();
        if (f.keySources() != null) {
            for (int k = 0; k < order.size(); k++) {
                if (order.get(k).getExpression() instanceof Column c) {
                    Source src = f.keySources().get(k);
                    if (src != null && src.isBaseTable() && src.change().uniqueColumns().contains(Names.unquote(c.getColumnName()))) return;
                }
            }
        }
        List<ColumnInfo> outputs = f.outputs();
        if (f.block() != null && f.block().getGroupBy() != null && f.block().getGroupBy().getGroupByExpressionList() != null) {
            boolean all = true;
            int i = 0;
            for (Object g : f.block().getGroupBy().getGroupByExpressionList()) {
                String gs = g.toString().toLowerCase(Locale.ROOT);
                String byOutput = gs.matches("\\d+") && Integer.parseInt(gs) <= outputs.size() ? outputs.get(Integer.parseInt(gs) - 1).name() : gs;
                boolean in = keys.contains(gs) || keys.stream().anyMatch(k -> k.equals(byOutput) || k.endsWith("." + byOutput) || byOutput.endsWith("." + k))
                        || outputs.stream().anyMatch(o -> keys.contains(o.name().toLowerCase(Locale.ROOT)) && (gs.endsWith(o.name()) || gs.equals(String.valueOf(outputs.indexOf(o) + 1))));
                all &= in;
                i++;
            }
            if (all && i > 0) return;
        }
        out.finding(Severity.WARNING, f.at(), "limit-order", "LIMIT over an ORDER BY that is not a total order: ties may return other rows");
    }
}

package io.cutover.verify;

import io.cutover.mapping.TreeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A tree table's sibling order, treebeard's {@code node_order_by}: its sort columns in turn,
 * each ascending or descending, ties by comment id ascending; and the two rules that judge it,
 * each stored sort column against the comment's value ({@code sort_key}) and each node against
 * its predecessor among siblings ({@code order}, on the comments' own values, so a wrong stored
 * value is reported once, as a {@code sort_key}, and never as an order).
 *
 * <p>The node's stored values are read as {@code sort_0, sort_1, ...}, the comment's as
 * {@code c_by_0, c_by_1, ...}; a one-column order reads and reports as it always has.
 */
final class SiblingOrder {
    private final List<TreeSpec.SortKey> keys;

    SiblingOrder(TreeSpec.Table table) {
        this.keys = table.keys();
    }

    /** The name a comments' column has in the reference view: apart from the reference's own columns. */
    static String referenceColumn(String by) {
        return "by_" + by;
    }

    /** The node table's sort columns, as {@code sort_i}. */
    List<String> nodeColumns() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) out.add("`" + keys.get(i).column() + "` AS sort_" + i);
        return out;
    }

    /** The comments' values of the sort, from the reference view aliased {@code alias}, as {@code c_by_i}. */
    String commentColumns(String alias) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) out.add(alias + ".`" + referenceColumn(keys.get(i).by()) + "` AS c_by_" + i);
        return String.join(", ", out);
    }

    /** Every stored sort column holds its comment's value: one row per node, naming the columns that do not when there are several. */
    String sortKeyRule(String joined) {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) wrong.add("NOT (n.sort_" + i + " <=> n.c_by_" + i + ")");
        String expected, stored;
        if (keys.size() == 1) {
            expected = "CAST(n.c_by_0 AS STRING)";
            stored = "CAST(n.sort_0 AS STRING)";
        } else {
            List<String> e = new ArrayList<>(), s = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String label = "'" + keys.get(i).column() + " '";
                e.add("CASE WHEN " + wrong.get(i) + " THEN concat(" + label + ", " + text("n.c_by_" + i) + ") END");
                s.add("CASE WHEN " + wrong.get(i) + " THEN concat(" + label + ", " + text("n.sort_" + i) + ") END");
            }
            expected = "concat_ws('; ', " + String.join(", ", e) + ")";
            stored = "concat_ws('; ', " + String.join(", ", s) + ")";
        }
        return "SELECT 'sort_key', to_json(named_struct('comment_id', n.comment_id)), " + expected + ", " + stored
                + " FROM " + joined + " n WHERE " + String.join(" OR ", wrong);
    }

    /** Each node against its predecessor among siblings (by path): out of order when the predecessor sorts after it. */
    String orderRule(String joined) {
        List<String> lags = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) lags.add("c_by_" + i + ", lag(c_by_" + i + ") OVER w AS prev_by_" + i);
        return "SELECT 'order', to_json(named_struct('comment_id', comment_id)),"
                + " concat('before comment ', prev_id, ' (', " + values("c_by_") + ", ' against ', " + values("prev_by_") + ", ')'),"
                + " concat('after it: ', path, ' follows ', prev_path)"
                + " FROM (SELECT comment_id, path, " + String.join(", ", lags) + ", lag(comment_id) OVER w AS prev_id,"
                + " lag(path) OVER w AS prev_path FROM " + joined + " WINDOW w AS (PARTITION BY parent_path ORDER BY path))"
                + " WHERE prev_id IS NOT NULL AND (" + after(0) + ")";
    }

    /** The predecessor sorts after the node from key {@code i} on: a later value, or equal ones and then a later key. */
    private String after(int i) {
        if (i == keys.size()) return "prev_id > comment_id";
        String op = keys.get(i).order() == TreeSpec.Order.DESCENDING ? " < " : " > ";
        return "prev_by_" + i + op + "c_by_" + i + " OR (prev_by_" + i + " = c_by_" + i + " AND (" + after(i + 1) + "))";
    }

    /** A node's sort values for a message: the one value as it was always shown, or each labelled by the comments' column. */
    private String values(String prefix) {
        if (keys.size() == 1) {
            String v = "CAST(" + prefix + "0 AS STRING)";
            return prefix.startsWith("c_") ? "'" + keys.get(0).by() + " ', " + v : v;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) parts.add("concat('" + keys.get(i).by() + " ', " + text(prefix + i) + ")");
        return "concat_ws(', ', " + String.join(", ", parts) + ")";
    }

    private static String text(String column) {
        return "coalesce(CAST(" + column + " AS STRING), 'NULL')";
    }
}

package io.cutover.mapping;

import java.util.ArrayList;
import java.util.List;

/** Reads {@code trees:}: the comment-tree tables, their path encoding and their sibling orders. */
final class TreeReader {
    private final YamlFields fields;
    private final Problems problems;

    TreeReader(YamlFields fields) {
        this.fields = fields;
        this.problems = fields.problems();
    }

    TreeSpec read(YamlNode n, MappingPath path) {
        fields.allowed(n, path, "comments", "posts", "steplen", "alphabet", "tables");
        int steplen = steplen(n, path);
        String alphabet = fields.text(n, "alphabet", path, true);
        if (alphabet != null && (alphabet.length() < 2 || alphabet.chars().distinct().count() != alphabet.length())) {
            problems.at(n.get("alphabet"), path.key("alphabet"), "needs at least two characters, none repeated");
        }
        List<TreeSpec.Table> tables = new ArrayList<>();
        YamlNode ls = fields.list(n, "tables", path, true);
        if (ls != null) {
            for (int i = 0; i < ls.items().size(); i++) {
                TreeSpec.Table t = table(ls.items().get(i), path.key("tables"), i);
                if (t != null) tables.add(t);
            }
        }
        return new TreeSpec(fields.text(n, "comments", path, true), fields.text(n, "posts", path, true),
                steplen, alphabet, List.copyOf(tables), n.location());
    }

    private int steplen(YamlNode trees, MappingPath path) {
        String text = fields.text(trees, "steplen", path, true);
        if (text == null) return 0;
        MappingPath p = path.key("steplen");
        try {
            int steplen = Integer.parseInt(text.strip());
            if (steplen < 1) problems.at(trees.get("steplen"), p, "must be at least 1");
            return steplen;
        } catch (NumberFormatException e) {
            problems.at(trees.get("steplen"), p, "'" + text + "' is not a whole number");
            return 0;
        }
    }

    private TreeSpec.Table table(YamlNode t, MappingPath tables, int index) {
        MappingPath p = tables.item(YamlFields.peek(t, "table"), index);
        if (!fields.isMap(t, p)) return null;
        fields.allowed(t, p, "table", "sort", "by", "order");
        TreeSpec.Order order = fields.enumValue(TreeSpec.Order.class, t, "order", p, TreeSpec.Order.ASCENDING);
        if (t.get("order") == null) problems.at(t, p.key("order"), "missing (ascending or descending)");
        return new TreeSpec.Table(fields.text(t, "table", p, true), fields.text(t, "sort", p, true),
                fields.text(t, "by", p, true), order, t.location());
    }
}

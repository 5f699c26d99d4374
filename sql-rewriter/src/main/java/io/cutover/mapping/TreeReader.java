package io.cutover.mapping;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code trees:}: the comment-tree tables, their path encoding and sibling orders, and how
 * a node finds its comment, post and parent in the reference tables (the 2020 design's columns
 * when not said).
 */
final class TreeReader {
    private final YamlFields fields;
    private final Problems problems;

    TreeReader(YamlFields fields) {
        this.fields = fields;
        this.problems = fields.problems();
    }

    TreeSpec read(YamlNode n, MappingPath path) {
        fields.allowed(n, path, "comments", "posts", "comment", "post", "parent", "steplen", "alphabet", "tables");
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
        String comment = n.get("comment") == null ? TreeSpec.COMMENT : fields.text(n, "comment", path, false);
        TreeSpec.Reference post = reference(n, "post", "post_id", false, path);
        TreeSpec.Reference parent = reference(n, "parent", "parent_id", true, path);
        return new TreeSpec(fields.text(n, "comments", path, true), fields.text(n, "posts", path, true), comment, post, parent,
                steplen, alphabet, List.copyOf(tables), n.location());
    }

    /**
     * {@code post: post_id} or {@code post: {column: c, key: k}}; a parent may also say
     * {@code top_level: {post: c}}. Absent, the column of the 2020 design, located at the trees.
     */
    private TreeSpec.Reference reference(YamlNode trees, String name, String defaultColumn, boolean isParent, MappingPath path) {
        YamlNode r = trees.get(name);
        if (r == null) return new TreeSpec.Reference(defaultColumn, null, null, trees.location());
        MappingPath p = path.key(name);
        if (!r.isMap()) return new TreeSpec.Reference(fields.scalar(r, p), null, null, r.location());
        if (isParent) fields.allowed(r, p, "column", "key", "top_level");
        else fields.allowed(r, p, "column", "key");
        String topLevel = null;
        if (isParent && r.get("top_level") != null) {
            YamlNode t = fields.map(r, "top_level", p, false);
            if (t != null) {
                fields.allowed(t, p.key("top_level"), "post");
                topLevel = fields.text(t, "post", p.key("top_level"), true);
            }
        }
        return new TreeSpec.Reference(fields.text(r, "column", p, true), fields.text(r, "key", p, false), topLevel, r.location());
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

    /** {@code sort: c, by: b, order: o}, or {@code sort: [{column, by, order}, ...]} in treebeard's node_order_by. */
    private TreeSpec.Table table(YamlNode t, MappingPath tables, int index) {
        MappingPath p = tables.item(YamlFields.peek(t, "table"), index);
        if (!fields.isMap(t, p)) return null;
        fields.allowed(t, p, "table", "sort", "by", "order");
        YamlNode sort = t.get("sort");
        if (sort != null && sort.isList()) {
            for (String single : List.of("by", "order")) {
                if (t.get(single) != null) problems.atKey(t, single, p.key(single), "give " + single + " per sort column when sort is a list");
            }
            List<TreeSpec.SortKey> keys = new ArrayList<>();
            for (int i = 0; i < sort.items().size(); i++) {
                TreeSpec.SortKey k = sortKey(sort.items().get(i), p.key("sort").item(null, i));
                if (k != null) keys.add(k);
            }
            if (sort.items().isEmpty()) problems.at(sort, p.key("sort"), "name at least one sort column");
            return new TreeSpec.Table(fields.text(t, "table", p, true), keys, t.location());
        }
        TreeSpec.Order order = fields.enumValue(TreeSpec.Order.class, t, "order", p, TreeSpec.Order.ASCENDING);
        if (t.get("order") == null) problems.at(t, p.key("order"), "missing (ascending or descending)");
        return new TreeSpec.Table(fields.text(t, "table", p, true), fields.text(t, "sort", p, true),
                fields.text(t, "by", p, true), order, t.location());
    }

    private TreeSpec.SortKey sortKey(YamlNode k, MappingPath p) {
        if (!fields.isMap(k, p)) return null;
        fields.allowed(k, p, "column", "by", "order");
        TreeSpec.Order order = fields.enumValue(TreeSpec.Order.class, k, "order", p, TreeSpec.Order.ASCENDING);
        if (k.get("order") == null) problems.at(k, p.key("order"), "missing (ascending or descending)");
        return new TreeSpec.SortKey(fields.text(k, "column", p, true), fields.text(k, "by", p, true), order, k.location());
    }
}

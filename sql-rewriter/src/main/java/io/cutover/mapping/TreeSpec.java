package io.cutover.mapping;

import java.util.List;

/**
 * The comment trees of the new schema: django-treebeard {@code MP_Node} tables whose paths are
 * {@code steplen}-character steps over {@code alphabet}. Verify checks every node against
 * {@code comments} (the new comments are the reference) and every post of {@code posts} for its
 * one root.
 *
 * <p>A node's {@code comment_id} holds the comments' column {@code comment} and its
 * {@code post_id} the posts' {@code id}; how a comment names its post and its parent is said by
 * {@code post} and {@code parent}, since designs differ (the 2020 tables hold the parent
 * comment's own id, the 2025 ones its Reddit id, as base36 text or with the post's id at top
 * level).
 */
public record TreeSpec(String comments, String posts, String comment, Reference post, Reference parent,
                       int steplen, String alphabet, List<Table> tables, FilePosition location) {

    /** The column a node's comment_id holds when the mapping does not say: the comment's id. */
    public static final String COMMENT = "id";

    /** The 2020 design's reference: {@code post_id} holds the post's id, {@code parent_id} the parent's, NULL at top level. */
    public TreeSpec(String comments, String posts, int steplen, String alphabet, List<Table> tables, FilePosition location) {
        this(comments, posts, COMMENT, Reference.column("post_id", location), Reference.column("parent_id", location),
                steplen, alphabet, tables, location);
    }

    /**
     * A column of the comments naming another row: that row's id itself ({@code key} null), or
     * its natural key {@code key} (a posts' column for {@code post}, a comments' column for
     * {@code parent}). For a parent, {@code topLevelPost} says how a top-level comment is told:
     * null when the column is NULL, else a posts' column the column then holds (the comment's
     * post's own Reddit id, say).
     */
    public record Reference(String column, String key, String topLevelPost, FilePosition location) {
        static Reference column(String column, FilePosition location) {
            return new Reference(column, null, null, location);
        }

        public boolean throughKey() {
            return key != null;
        }
    }

    /** One stored sort column ({@code column}, on the node) holding the comment's {@code by}. */
    public record SortKey(String column, String by, Order order, FilePosition location) {}

    /**
     * One tree table: siblings ascend by {@code keys} in turn (treebeard's {@code node_order_by}),
     * ties by comment id ascending.
     */
    public record Table(String table, List<SortKey> keys, FilePosition location) {
        public Table {
            keys = List.copyOf(keys);
        }

        /** A table with one sort column, as the 2020 trees have. */
        public Table(String table, String sort, String by, Order order, FilePosition location) {
            this(table, List.of(new SortKey(sort, by, order, location)), location);
        }

        /** The leading sort column. */
        public String sort() {
            return keys.isEmpty() ? null : keys.get(0).column();
        }

        /** The comments' column the leading sort column holds. */
        public String by() {
            return keys.isEmpty() ? null : keys.get(0).by();
        }

        /** The leading sort column's direction. */
        public Order order() {
            return keys.isEmpty() ? null : keys.get(0).order();
        }

        /** The name verify reports it under: the table without its {@code discussions_} prefix. */
        public String entity() {
            return table.startsWith("discussions_") ? table.substring("discussions_".length()) : table;
        }
    }

    public enum Order { ASCENDING, DESCENDING }
}

package io.cutover.mapping;

import java.util.List;

/**
 * The comment trees of the new schema: django-treebeard {@code MP_Node} tables, one per sibling
 * order, whose paths are {@code steplen}-character steps over {@code alphabet}. Verify checks
 * every node against {@code comments} (the new comments are the reference) and every post of
 * {@code posts} for its one root.
 */
public record TreeSpec(String comments, String posts, int steplen, String alphabet, List<Table> tables,
                       FilePosition location) {

    /** One tree table: siblings ascend by {@code sort}, which holds the comment's {@code by}. */
    public record Table(String table, String sort, String by, Order order, FilePosition location) {
        /** The name verify reports it under: the table without its {@code discussions_} prefix. */
        public String entity() {
            return table.startsWith("discussions_") ? table.substring("discussions_".length()) : table;
        }
    }

    public enum Order { ASCENDING, DESCENDING }
}

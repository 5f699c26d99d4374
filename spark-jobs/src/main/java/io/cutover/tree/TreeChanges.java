package io.cutover.tree;

/**
 * What bringing trees to their comments did: nodes inserted, updated in place, deleted (a node
 * whose place changed is deleted and inserted at its new path), left as they were, and left to
 * another writer (an insert whose path or comment another transaction took, or a compare-and-set
 * that found the row changed).
 */
public record TreeChanges(long posts, long inserted, long updated, long deleted, long unchanged, long leftToOthers) {
    public static final TreeChanges NONE = new TreeChanges(0, 0, 0, 0, 0, 0);

    public long written() {
        return inserted + updated + deleted;
    }

    public TreeChanges plus(TreeChanges o) {
        return new TreeChanges(posts + o.posts, inserted + o.inserted, updated + o.updated, deleted + o.deleted,
                unchanged + o.unchanged, leftToOthers + o.leftToOthers);
    }
}

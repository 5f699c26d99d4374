package io.cutover.verify;

/**
 * What kind of difference a row of the report is. {@code INHERITED} is a cross-table check's hit
 * that the old data shares (the backfill copied it faithfully): shown, but not a difference.
 * {@code TREE}: a comment-tree node breaks a rule (the column).
 */
public enum Category {
    MISSING_IN_NEW, EXTRA_IN_NEW, CHANGED, DUPLICATE_KEY, NULL_KEY, AGGREGATE, INHERITED, TREE;

    /** True for what the new tables got wrong: everything but an inherited hit. */
    public boolean isDifference() {
        return this != INHERITED;
    }

    public String id() {
        return name().toLowerCase();
    }
}

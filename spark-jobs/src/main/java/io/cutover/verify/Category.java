package io.cutover.verify;

/** What kind of difference a row of the report is; {@code tree}: a comment-tree node breaks a rule (the column). */
public enum Category {
    MISSING_IN_NEW, EXTRA_IN_NEW, CHANGED, DUPLICATE_KEY, NULL_KEY, AGGREGATE, TREE;

    public String id() {
        return name().toLowerCase();
    }
}

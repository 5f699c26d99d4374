package io.cutover.verify;

import java.util.Locale;

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

    /** How the category is written in the differences and the reports. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category a difference row names ({@link #id()}). */
    public static Category of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

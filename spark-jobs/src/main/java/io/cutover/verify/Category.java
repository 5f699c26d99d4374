package io.cutover.verify;

/** What kind of difference a row of the report is. */
public enum Category {
    MISSING_IN_NEW, EXTRA_IN_NEW, CHANGED, DUPLICATE_KEY, NULL_KEY, AGGREGATE;

    public String id() {
        return name().toLowerCase();
    }
}

package io.cutover.mapping;

/** What NULL means when verify compares a column. */
public enum NullSemantics {
    /** NULL equals NULL and nothing else. */
    EQUAL,
    /** An old NULL means "not known" (e.g. score never synced): any new value matches it. */
    OLD_NULL_UNKNOWN,
    /**
     * A new NULL means "not known" (a column the new design fills later, such as a cached text
     * not yet computed): any old value matches it; a new value must still equal the old one.
     */
    NEW_NULL_UNKNOWN,
    /** NULL and the empty string are the same value. */
    EMPTY_IS_NULL
}

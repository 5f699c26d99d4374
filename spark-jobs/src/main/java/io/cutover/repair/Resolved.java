package io.cutover.repair;

import io.cutover.verify.Category;

/** A difference of the report that no longer stood when the repair looked again: nothing to do, and why. */
public record Resolved(String entity, Category category, String key, String why) {
}

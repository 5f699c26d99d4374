package io.cutover.repair;

import io.cutover.verify.Category;

/** A difference repair does not fix, with why: a person decides. */
public record LeftToHuman(String entity, Category category, String key, String column, String why) {
}

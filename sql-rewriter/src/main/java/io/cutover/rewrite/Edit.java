package io.cutover.rewrite;

/** Replace {@code [start, end)} of the original text with {@code text} (an insert when empty). */
public record Edit(int start, int end, String text) {}

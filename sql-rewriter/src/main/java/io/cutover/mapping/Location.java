package io.cutover.mapping;

/** Where something was written in a mapping file: every error names it. */
public record Location(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}

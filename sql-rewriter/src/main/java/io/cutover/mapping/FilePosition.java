package io.cutover.mapping;

/**
 * Where something was written in a mapping file (file:line:column): every error names one.
 * Not a storage location ({@code io.cutover.storage.Location} is a path to data).
 */
public record FilePosition(String file, int line, int column) {
    /** The file as a whole, for a problem no single line holds. */
    public static FilePosition wholeFile(String file) {
        return new FilePosition(file, 0, 0);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}

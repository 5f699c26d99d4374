package io.cutover.mapping;

/**
 * Where in a mapping document a value sits, spelled the same way by every error: keys joined by
 * dots, and an item of a list by its name when it has one ({@code entities.post},
 * {@code columns.title}, {@code pivots.channels_channelgroup}) or else by its index
 * ({@code columns[3]}). The name is what a reader searches the file for; the index is the
 * fallback for an item too broken to have one. The {@link FilePosition} beside it gives the line.
 */
record MappingPath(String text) {
    /** The document itself: its own keys are spelled without a prefix. */
    static final MappingPath DOCUMENT = new MappingPath("(document)");

    MappingPath key(String key) {
        return equals(DOCUMENT) ? new MappingPath(key) : new MappingPath(text + "." + key);
    }

    /** The item at {@code index} of the list at this path, named {@code name} (may be null). */
    MappingPath item(String name, int index) {
        return name == null || name.isBlank() ? new MappingPath(text + "[" + index + "]") : key(name);
    }

    @Override
    public String toString() {
        return text;
    }
}

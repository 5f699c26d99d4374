package io.cutover.mapping;

/** One thing wrong in a mapping file, at the key that holds it. */
public record MappingProblem(FilePosition location, String key, String message) {
    @Override
    public String toString() {
        return location + ": " + key + ": " + message;
    }
}

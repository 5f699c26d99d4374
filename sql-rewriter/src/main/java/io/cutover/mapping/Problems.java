package io.cutover.mapping;

import java.util.ArrayList;
import java.util.List;

/**
 * What reading and checking a mapping found wrong, each at its file position and its
 * {@link MappingPath}. Every reader and the validator report through one instance, so that
 * every problem of a file is spelled alike and all of them are thrown together.
 */
final class Problems {
    private final String file;
    private final List<MappingProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    /** At a node of the document; a node that is not there stands for the whole file. */
    void at(YamlNode node, MappingPath path, String message) {
        at(node == null ? FilePosition.wholeFile(file) : node.location(), path, message);
    }

    /** At a key of a map (not its value): where an unknown or misplaced key was written. */
    void atKey(YamlNode map, String key, MappingPath path, String message) {
        at(map.keyLocation(key), path, message);
    }

    /** At a position the model kept from reading: how the validator points into the file. */
    void at(FilePosition position, MappingPath path, String message) {
        found.add(new MappingProblem(position, path.toString(), message));
    }

    /** For what no line of the file holds, such as a schema that cannot be loaded. */
    void inFile(MappingPath path, String message) {
        at(FilePosition.wholeFile(file), path, message);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    List<MappingProblem> list() {
        return List.copyOf(found);
    }
}

package io.cutover.mapping;

import java.util.List;
import java.util.stream.Collectors;

/** All problems of a mapping file at once, so that one edit round fixes them all. */
public final class MappingException extends RuntimeException {
    private final List<MappingProblem> problems;

    public MappingException(List<MappingProblem> problems) {
        super(problems.size() + " problem(s) in the mapping:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<MappingProblem> problems() {
        return problems;
    }
}

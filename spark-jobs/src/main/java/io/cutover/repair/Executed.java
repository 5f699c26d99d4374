package io.cutover.repair;

import java.util.List;

/** What {@code --execute} did: statements that changed their row, and those that found it changed by the app (left alone). */
public record Executed(long applied, List<Fix> skipped) {
    public Executed {
        skipped = List.copyOf(skipped);
    }
}

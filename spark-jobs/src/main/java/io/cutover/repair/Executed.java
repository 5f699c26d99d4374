package io.cutover.repair;

import java.util.List;

/**
 * What {@code --execute} did: statements that changed their row, those that found it changed by
 * the app (left alone), and the posts whose comment trees were rebuilt with the nodes that took.
 */
public record Executed(long applied, List<Fix> skipped, long treePosts, long treeNodesWritten) {
    public Executed {
        skipped = List.copyOf(skipped);
    }

    public Executed(long applied, List<Fix> skipped) {
        this(applied, skipped, 0, 0);
    }

    Executed withTrees(long posts, long nodesWritten) {
        return new Executed(applied, skipped, posts, nodesWritten);
    }
}

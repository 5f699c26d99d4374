package io.cutover.repair;

import java.util.List;

/**
 * One post whose comment trees repair rebuilds, in every tree table, from its comments as they
 * stand when the fix runs; {@code because} names the tree differences that asked for it.
 */
public record TreeFix(long postId, List<String> because) {
    public TreeFix {
        because = List.copyOf(because);
    }
}

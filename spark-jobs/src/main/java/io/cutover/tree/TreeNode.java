package io.cutover.tree;

import java.util.List;

/**
 * One node of a comment-tree table as the builder wants it: its path, depth, number of direct
 * children, post and comment (null for the post's root) and the values of the table's sort
 * columns in their order (empty for a root, which leaves them to the table's default).
 */
public record TreeNode(String path, int depth, int numchild, long postId, Long commentId, List<Object> sort) {

    public TreeNode {
        sort = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(sort));
    }

    public boolean root() {
        return commentId == null;
    }
}

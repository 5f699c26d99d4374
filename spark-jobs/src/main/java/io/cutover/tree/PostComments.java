package io.cutover.tree;

import java.util.List;
import java.util.Map;

/**
 * One post's comments as its trees see them: each comment's id (what a node's comment_id holds),
 * its parent comment's id (null at top level, or when the parent is not among the post's
 * comments: the reply then hangs under the root, as the app puts it) and the comments' values
 * the tree tables sort by, by the comments' column name.
 */
public record PostComments(long postId, List<Comment> comments) {

    public PostComments {
        comments = List.copyOf(comments);
    }

    public record Comment(long id, Long parent, Map<String, Object> values) {
        public Comment {
            values = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(values));
        }

        public Object value(String column) {
            return values.get(column);
        }
    }
}

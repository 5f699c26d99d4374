package io.cutover.tree;

import io.cutover.mapping.TreeSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads posts' comments from the tables the mapping's {@code trees:} names, however the design
 * says a comment finds its post and parent (a column holding the id, or a natural key; top level
 * told by NULL or by the post's own key), and locks what the trees follow from: the posts
 * {@code FOR UPDATE}, so no comment of theirs is inserted meanwhile (its foreign key would take
 * a key-share lock on the post), and their comments {@code FOR SHARE}, so none is edited.
 */
final class PostCommentsQuery {
    private final TreeSpec trees;
    private final List<String> byColumns;
    private final String lockPosts;
    private final String comments;

    PostCommentsQuery(TreeSpec trees) {
        this.trees = trees;
        Set<String> by = new LinkedHashSet<>();
        for (TreeSpec.Table t : trees.tables()) for (TreeSpec.SortKey k : t.keys()) by.add(k.by());
        this.byColumns = List.copyOf(by);
        String posts = Sql.quote(trees.posts());
        this.lockPosts = "SELECT p.id FROM " + posts + " p WHERE p.id = ANY(?) ORDER BY p.id FOR UPDATE";
        TreeSpec.Reference post = trees.post(), parent = trees.parent();
        String held = "c." + Sql.quote(parent.column());
        String topLevel = held + " IS NULL" + (parent.topLevelPost() == null ? ""
                : " OR " + held + " = p." + Sql.quote(parent.topLevelPost()));
        String parentId = parent.throughKey() ? "pc." + Sql.quote(trees.comment()) : held;
        StringBuilder sql = new StringBuilder("SELECT p.id, c.").append(Sql.quote(trees.comment()))
                .append(", CASE WHEN ").append(topLevel).append(" THEN NULL ELSE ").append(parentId).append(" END");
        for (String b : byColumns) sql.append(", c.").append(Sql.quote(b));
        sql.append(" FROM ").append(posts).append(" p JOIN ").append(Sql.quote(trees.comments())).append(" c ON c.")
                .append(Sql.quote(post.column())).append(" = p.").append(Sql.quote(post.throughKey() ? post.key() : "id"));
        if (parent.throughKey()) {
            sql.append(" LEFT JOIN ").append(Sql.quote(trees.comments())).append(" pc ON pc.").append(Sql.quote(parent.key()))
                    .append(" = ").append(held).append(" AND pc.").append(Sql.quote(post.column())).append(" = c.")
                    .append(Sql.quote(post.column()));
        }
        sql.append(" WHERE p.id = ANY(?) ORDER BY p.id, c.").append(Sql.quote(trees.comment())).append(" FOR SHARE OF c");
        this.comments = sql.toString();
    }

    /** Locks the posts (those that exist, ascending) and reads their comments; in the caller's transaction. */
    Map<Long, PostComments> read(Connection c, List<Long> postIds) throws SQLException {
        Map<Long, List<PostComments.Comment>> byPost = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(lockPosts)) {
            ps.setArray(1, Sql.bigints(c, postIds));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) byPost.put(rs.getLong(1), new ArrayList<>());
            }
        }
        if (byPost.isEmpty()) return Map.of();
        try (PreparedStatement ps = c.prepareStatement(comments)) {
            ps.setArray(1, Sql.bigints(c, byPost.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> values = new java.util.HashMap<>();
                    for (int i = 0; i < byColumns.size(); i++) values.put(byColumns.get(i), SortValues.normal(rs.getObject(4 + i)));
                    Object parent = rs.getObject(3);
                    byPost.get(rs.getLong(1)).add(new PostComments.Comment(rs.getLong(2),
                            parent == null ? null : ((Number) parent).longValue(), values));
                }
            }
        }
        Map<Long, PostComments> out = new LinkedHashMap<>();
        byPost.forEach((id, list) -> out.put(id, new PostComments(id, list)));
        return out;
    }

    TreeSpec trees() {
        return trees;
    }
}

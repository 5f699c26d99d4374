package io.cutover.verify;

import io.cutover.mapping.TreeSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The reference the tree rules read, in one shape whatever the design: each comment's
 * {@code id} (what a node's comment_id holds), {@code post_id} (what a node's post_id holds),
 * {@code top_level}, {@code parent_id} (the parent's {@code id}, NULL at top level or when no
 * comment has the key named), {@code parent_ref} (the value the comment holds, for messages)
 * and the sort values; and the posts' {@code id}. A reference through a natural key (a parent's
 * Reddit id, a post's) is resolved here by a join, once for all the tables.
 */
final class TreeReference implements AutoCloseable {
    static final String COMMENTS = "__tree_comments", POSTS = "__tree_posts";
    private static final String COMMENT_ROWS = "__tree_comment_rows", POST_ROWS = "__tree_post_rows";

    private final Dataset<Row> comments, posts;

    private TreeReference(Dataset<Row> comments, Dataset<Row> posts) {
        this.comments = comments;
        this.posts = posts;
    }

    /**
     * Reads the reference tables narrow and registers {@link #COMMENTS} and {@link #POSTS}: every
     * row, or ({@code postIds} not null) the posts named and their comments only.
     */
    static TreeReference read(SparkSession spark, TableReader reader, SourceLocation target, TreeSpec trees,
                              Set<Object> postIds) {
        TreeSpec.Reference post = trees.post(), parent = trees.parent();
        Set<String> postColumns = new LinkedHashSet<>(List.of("id"));
        if (post.throughKey()) postColumns.add(post.key());
        if (parent.topLevelPost() != null) postColumns.add(parent.topLevelPost());
        Dataset<Row> postRows = reader.read(target, trees.posts(), postIds == null ? "id" : null);
        if (postIds != null) postRows = postRows.where(in("id", postIds));
        postRows.selectExpr(quoted(postColumns)).createOrReplaceTempView(POST_ROWS);
        Set<String> commentColumns = new LinkedHashSet<>(List.of(trees.comment(), post.column(), parent.column()));
        if (parent.throughKey()) commentColumns.add(parent.key());
        Set<String> byColumns = new LinkedHashSet<>();
        for (TreeSpec.Table t : trees.tables()) for (TreeSpec.SortKey k : t.keys()) byColumns.add(k.by());
        commentColumns.addAll(byColumns);
        Dataset<Row> commentRows = reader.read(target, trees.comments(), postIds == null ? trees.comment() : null);
        // A post named through a key is resolved below: its comments are those that find a post named.
        if (postIds != null && !post.throughKey()) commentRows = commentRows.where(in(post.column(), postIds));
        commentRows.selectExpr(quoted(commentColumns)).createOrReplaceTempView(COMMENT_ROWS);

        String postId = post.throughKey() ? "pk.v" : "c.`" + post.column() + "`";
        String held = "c.`" + parent.column() + "`";
        String topLevel = parent.topLevelPost() == null ? held + " IS NULL"
                : "(" + held + " IS NULL OR coalesce(" + held + " = tp.`" + parent.topLevelPost() + "`, false))";
        String parentId = parent.throughKey() ? "ck.v" : held;
        StringBuilder sql = new StringBuilder("SELECT c.`").append(trees.comment()).append("` AS id, ").append(postId).append(" AS post_id, ")
                .append(topLevel).append(" AS top_level, CASE WHEN ").append(topLevel).append(" THEN NULL ELSE ").append(parentId)
                .append(" END AS parent_id, CASE WHEN ").append(topLevel).append(" THEN NULL ELSE CAST(").append(held)
                .append(" AS STRING) END AS parent_ref");
        for (String by : byColumns) sql.append(", c.`").append(by).append("` AS `").append(SiblingOrder.referenceColumn(by)).append('`');
        sql.append(" FROM ").append(COMMENT_ROWS).append(" c");
        if (post.throughKey()) {
            sql.append(" LEFT JOIN (SELECT `").append(post.key()).append("` AS k, id AS v FROM ").append(POST_ROWS)
               .append(") pk ON pk.k = c.`").append(post.column()).append('`');
        }
        if (parent.topLevelPost() != null) sql.append(" LEFT JOIN ").append(POST_ROWS).append(" tp ON tp.id = ").append(postId);
        if (parent.throughKey()) {
            sql.append(" LEFT JOIN (SELECT `").append(parent.key()).append("` AS k, `").append(trees.comment()).append("` AS v FROM ")
               .append(COMMENT_ROWS).append(") ck ON ck.k = ").append(held);
        }
        if (postIds != null && post.throughKey()) sql.append(" WHERE ").append(postId).append(" IS NOT NULL");
        Dataset<Row> comments = spark.sql(sql.toString()).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> posts = spark.sql("SELECT id FROM " + POST_ROWS).persist(StorageLevel.MEMORY_AND_DISK());
        comments.createOrReplaceTempView(COMMENTS);
        posts.createOrReplaceTempView(POSTS);
        return new TreeReference(comments, posts);
    }

    /**
     * The posts that the new comments {@code commentIds} (as a node's comment_id holds them)
     * belong to: each comment's own post, and the post of every node, in any tree table, that
     * names one of them. Read with the ids pushed into each scan.
     */
    static Set<Object> postsOf(SparkSession spark, TableReader reader, SourceLocation target, TreeSpec trees,
                               Set<Object> commentIds) {
        Set<Object> posts = new LinkedHashSet<>();
        if (commentIds.isEmpty()) return posts;
        TreeSpec.Reference post = trees.post();
        Dataset<Row> comments = reader.read(target, trees.comments(), null).where(in(trees.comment(), commentIds));
        if (post.throughKey()) {
            Set<Object> named = new LinkedHashSet<>();
            for (Row r : comments.selectExpr("`" + post.column() + "`").collectAsList()) if (!r.isNullAt(0)) named.add(r.get(0));
            if (!named.isEmpty()) {
                for (Row r : reader.read(target, trees.posts(), null).where(in(post.key(), named)).selectExpr("id").collectAsList()) {
                    posts.add(r.get(0));
                }
            }
        } else {
            for (Row r : comments.selectExpr("`" + post.column() + "`").collectAsList()) if (!r.isNullAt(0)) posts.add(r.get(0));
        }
        for (TreeSpec.Table t : trees.tables()) {
            for (Row r : reader.read(target, t.table(), null).where(in("comment_id", commentIds)).selectExpr("post_id").collectAsList()) {
                if (!r.isNullAt(0)) posts.add(r.get(0));
            }
        }
        return posts;
    }

    /** {@code column} is one of {@code values} (none: nothing is): one set, pushed into the scan. */
    static org.apache.spark.sql.Column in(String column, Set<Object> values) {
        return values.isEmpty() ? org.apache.spark.sql.functions.lit(false)
                : org.apache.spark.sql.functions.col("`" + column + "`").isin(values.toArray());
    }

    /** The rows of both reference tables. */
    long rows() {
        return comments.count() + posts.count();
    }

    @Override
    public void close() {
        comments.unpersist();
        posts.unpersist();
    }

    private static String[] quoted(Set<String> columns) {
        List<String> out = new ArrayList<>();
        for (String c : columns) out.add("`" + c + "`");
        return out.toArray(String[]::new);
    }
}

package io.cutover.demo;

/** The kinds of damage a migration does, each injected N times with its ground truth. */
public enum FaultKind {
    MISSING_IN_NEW("comment", "discussions_comment", null, "a comment missing from the new tables"),
    EXTRA_IN_NEW("post", "discussions_post", null, "a post in the new tables that Reddit never had"),
    CHANGED_TEXT("comment", "discussions_comment", "text", "comment text altered"),
    CHANGED_TITLE("post", "discussions_post", "title", "post title altered"),
    CHANGED_URL("post", "discussions_post", "url", "link URL altered (https to http)"),
    CHANGED_SCORE("post", "discussions_post", "score", "post score off by one"),
    CHANGED_FLAG("comment", "discussions_comment", "removed", "comment removed flag flipped"),
    TIMESTAMP_SHIFTED("post", "discussions_post", "created_on", "post creation time shifted by one hour"),
    TIMESTAMP_TRUNCATED("comment", "discussions_comment", "created_on", "comment creation time truncated to seconds"),
    WRONG_CHANNEL("post", "discussions_post", "channel_id", "post moved to another channel"),
    WRONG_POST("comment", "discussions_comment", "post_id", "comment attached to another post"),
    TOPLEVEL_GIVEN_PARENT("comment", "discussions_comment", "parent_id", "top-level comment given a parent"),
    NULL_VS_EMPTY("post", "discussions_post", "text", "NULL text of a link post became an empty string"),
    UNICODE_NFD("post", "discussions_post", "title", "title re-encoded from NFC to NFD"),
    DUPLICATE_VOTE_EXPORT("vote", "votes-export.csv", null, "a vote repeated in the export"),
    MISSING_IN_OLD("comment", "channels_comment", null, "a comment present in Reddit but missing from the old mirror"),
    // The comment trees, each fault in one of the three tables (named by the fault): column is the rule verify reports.
    TREE_NODE_MISSING(TreeFaults.ENTITY, TreeFaults.TABLES, "node_missing",
            "a leaf comment's node deleted, its parent's numchild left as it was"),
    TREE_NODE_DUPLICATE(TreeFaults.ENTITY, TreeFaults.TABLES, "node_extra",
            "a second node for a comment, after it among its siblings (the parent's numchild counts it)"),
    TREE_WRONG_PARENT(TreeFaults.ENTITY, TreeFaults.TABLES, "parent",
            "a leaf reply's node moved under another leaf of its post (numchild and depth kept consistent)"),
    TREE_WRONG_DEPTH(TreeFaults.ENTITY, TreeFaults.TABLES, "depth", "a node's depth one more than its path's steps"),
    TREE_WRONG_NUMCHILD(TreeFaults.ENTITY, TreeFaults.TABLES, "numchild", "a node's numchild one more than its children"),
    TREE_SIBLINGS_OUT_OF_ORDER(TreeFaults.ENTITY, TreeFaults.TABLES, "order",
            "two adjacent sibling leaves swapped their paths (the key names the one that should come first)"),
    TREE_WRONG_POST(TreeFaults.ENTITY, TreeFaults.TABLES, "post", "a node's post_id names another post"),
    TREE_ROOT_MISSING(TreeFaults.ENTITY, TreeFaults.TABLES, "root", "a post's root node deleted"),
    TREE_ROOT_DOUBLED(TreeFaults.ENTITY, TreeFaults.TABLES, "root", "a post given a second root node"),
    TREE_STALE_SORT_KEY(TreeFaults.ENTITY, TreeFaults.TABLES, "sort_key",
            "a node's created or score no longer the comment's (sibling order unchanged)");

    public final String entity;
    public final String table;
    public final String column;
    public final String description;

    FaultKind(String entity, String table, String column, String description) {
        this.entity = entity;
        this.table = table;
        this.column = column;
        this.description = description;
    }

    /** Which copy of the data the fault damages. */
    public String source() {
        return switch (this) {
            case DUPLICATE_VOTE_EXPORT -> "vote_export";
            case MISSING_IN_OLD -> "old";
            default -> "new";
        };
    }

    /** A fault in a comment-tree table: verify reports it as category tree, with the rule as column. */
    public boolean tree() {
        return name().startsWith("TREE_");
    }

    public String id() {
        return name().toLowerCase();
    }
}

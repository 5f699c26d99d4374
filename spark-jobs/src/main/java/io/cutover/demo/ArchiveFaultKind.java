package io.cutover.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The damage an archive-in-place migration (the 2025 design) can do, each injected N times with
 * its ground truth: in the columns it adds to channels_* and in its one comment tree (those kinds
 * are the 2020 tree faults, applied to that table).
 */
public enum ArchiveFaultKind {
    WRONG_REDDIT_ID("post", "channels_post", "reddit_id", "a post's reddit_id in upper case (base36 written in the wrong case)", null),
    MISSING_REDDIT_ID("comment", "channels_comment", "reddit_id", "a leaf comment's reddit_id left NULL", null),
    CHANNEL_REDDIT_ID_MISSING("channel", "channels_channel", "reddit_id", "a channel's reddit_id left NULL", null),
    WRONG_PARENT_REDDIT_ID("comment", "channels_comment", "parent_reddit_id",
            "a leaf reply's parent_reddit_id names its grandparent (its tree node stays where it was)", null),
    STALE_CACHED_PLAIN_TEXT("post", "channels_post", "cached_plain_text",
            "a post's cached_plain_text cut to its first half, as a cache from before an edit", null),
    ARCHIVED_ON_DIFFERS("comment", "channels_comment", "archived_on", "a comment archived one second after every other row", null),
    TREE_SIBLINGS_OUT_OF_ORDER(FaultKind.TREE_SIBLINGS_OUT_OF_ORDER),
    TREE_WRONG_PARENT(FaultKind.TREE_WRONG_PARENT),
    TREE_WRONG_DEPTH(FaultKind.TREE_WRONG_DEPTH),
    TREE_WRONG_NUMCHILD(FaultKind.TREE_WRONG_NUMCHILD),
    TREE_NODE_MISSING(FaultKind.TREE_NODE_MISSING),
    TREE_STALE_SORT_KEY(ArchiveSchema.TREE, ArchiveSchema.TREE, "sort_key",
            "a node's created no longer the comment's (the tree's second sort column; sibling order unchanged)",
            FaultKind.TREE_STALE_SORT_KEY);

    public final String entity;
    public final String table;
    public final String column;
    public final String description;
    /** The 2020 tree fault this kind applies to the 2025 tree, or null for a fault in the added columns. */
    final FaultKind tree;

    ArchiveFaultKind(String entity, String table, String column, String description, FaultKind tree) {
        this.entity = entity;
        this.table = table;
        this.column = column;
        this.description = description;
        this.tree = tree;
    }

    ArchiveFaultKind(FaultKind tree) {
        this(ArchiveSchema.TREE, ArchiveSchema.TREE, tree.column, tree.description, tree);
    }

    public boolean tree() {
        return tree != null;
    }

    public String id() {
        return name().toLowerCase();
    }

    /** The kind as ground-truth.json lists it, in the fields the 2020 kinds have. */
    Map<String, String> describe() {
        Map<String, String> kind = new LinkedHashMap<>();
        kind.put("kind", id());
        kind.put("entity", entity);
        kind.put("source", "new");
        kind.put("table", table);
        kind.put("column", column);
        kind.put("description", description);
        return kind;
    }
}

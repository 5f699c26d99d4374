package io.cutover.mapping;

import io.cutover.schema.Catalog;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks {@code trees:} against the target's catalog: the tables and columns it names exist, and
 * each column that names a row means what the check will read it as. A reference holds the
 * values of the key it names, so it has that key's type (a varchar parent against an integer id,
 * or a bigint Reddit id against an integer serial, is another id); a key it names through is a
 * key of its table; and where the mapping says which ids a column holds (Reddit id literals, a
 * decoded id, a target surrogate) the two must be ids of one kind. Refused here, such a tree
 * would otherwise report every node.
 */
final class TreeValidator {
    private static final MappingPath TREES = MappingPath.DOCUMENT.key("trees");

    private final Mapping mapping;
    private final Problems problems;
    private final Catalog target;

    TreeValidator(Mapping mapping, Problems problems, Catalog target) {
        this.mapping = mapping;
        this.problems = problems;
        this.target = target;
    }

    void check(TreeSpec trees) {
        String comments = trees.comments() != null && known(trees.comments(), trees.location(), TREES.key("comments")) ? trees.comments() : null;
        String posts = trees.posts() != null && known(trees.posts(), trees.location(), TREES.key("posts")) ? trees.posts() : null;
        if (posts != null) column(posts, "id", trees.location(), TREES.key("posts"));
        if (comments != null) references(trees, comments, posts);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < trees.tables().size(); i++) {
            TreeSpec.Table t = trees.tables().get(i);
            MappingPath tp = TREES.key("tables").item(t.table(), i);
            if (t.table() == null) continue;
            if (!seen.add(t.table().toLowerCase(Locale.ROOT))) problems.at(t.location(), tp.key("table"), "duplicate tree table '" + t.table() + "'");
            if (!known(t.table(), t.location(), tp.key("table"))) continue;
            for (String c : List.of("path", "depth", "numchild", "post_id", "comment_id")) column(t.table(), c, t.location(), tp.key("table"));
            for (TreeSpec.SortKey k : t.keys()) {
                if (k.column() != null) column(t.table(), k.column(), k.location(), tp.key("sort"));
                if (comments != null && k.by() != null) column(comments, k.by(), k.location(), tp.key("by"));
            }
            if (comments != null && trees.comment() != null) {
                sameValues(t.table(), "comment_id", comments, trees.comment(), t.location(), tp.key("table"), "a node's comment_id");
            }
            if (posts != null) sameValues(t.table(), "post_id", posts, "id", t.location(), tp.key("table"), "a node's post_id");
        }
    }

    /** The comment's own column, its post's and its parent's exist and name what they say. */
    private void references(TreeSpec trees, String comments, String posts) {
        boolean comment = trees.comment() != null && column(comments, trees.comment(), trees.location(), TREES.key("comment"));
        if (comment) isKey(comments, trees.comment(), trees.location(), TREES.key("comment"));
        TreeSpec.Reference post = trees.post();
        MappingPath pp = TREES.key("post");
        if (post != null && post.column() != null && column(comments, post.column(), post.location(), pp.key("column")) && posts != null) {
            String key = post.throughKey() ? post.key() : "id";
            if (column(posts, key, post.location(), pp.key("key"))) {
                if (post.throughKey()) isKey(posts, key, post.location(), pp.key("key"));
                sameValues(comments, post.column(), posts, key, post.location(), pp, "a comment's post");
            }
        }
        TreeSpec.Reference parent = trees.parent();
        MappingPath rp = TREES.key("parent");
        if (parent == null || parent.column() == null || !column(comments, parent.column(), parent.location(), rp.key("column"))) return;
        String key = parent.throughKey() ? parent.key() : trees.comment();
        if (key != null && (parent.throughKey() || comment) && column(comments, key, parent.location(), rp.key("key"))) {
            if (parent.throughKey()) isKey(comments, key, parent.location(), rp.key("key"));
            sameValues(comments, parent.column(), comments, key, parent.location(), rp,
                    "a comment's parent" + (parent.topLevelPost() == null ? " (NULL at top level)" : ""));
        }
        if (parent.topLevelPost() != null && posts != null
                && column(posts, parent.topLevelPost(), parent.location(), rp.key("top_level").key("post"))) {
            sameValues(comments, parent.column(), posts, parent.topLevelPost(), parent.location(), rp.key("top_level"),
                    "a top-level comment's parent");
        }
    }

    /**
     * {@code table.column} holds the values of {@code keyTable.key}: the same type (integers of
     * one width; text of any length) and, where the mapping tells, ids of the same kind.
     */
    private void sameValues(String table, String column, String keyTable, String key, FilePosition at, MappingPath path, String what) {
        String type = type(table, column), keyType = type(keyTable, key);
        if (type == null || keyType == null) return;
        // a node's columns are treebeard's own; a comment's reference may name another key
        String hint = what.startsWith("a node") ? "" : " (if it holds another column of " + keyTable + ", say which: key: <column>)";
        if (!(isText(type) && isText(keyType)) && !type.equals(keyType)) {
            problems.at(at, path, what + ": " + table + "." + column + " is " + type + " but the " + keyTable + "." + key
                    + " it is read as is " + keyType + ", so it holds other values" + hint);
            return;
        }
        Set<String> ids = redditIds(table, column), keyIds = redditIds(keyTable, key);
        if (!ids.isEmpty() && isSurrogate(keyTable, key)) {
            problems.at(at, path, what + ": " + table + "." + column + " holds Reddit ids " + ids + " but " + keyTable + "." + key
                    + " is a surrogate of the target" + hint);
        } else if (!ids.isEmpty() && !keyIds.isEmpty() && !ids.contains("reddit") && !keyIds.contains("reddit")
                && ids.stream().noneMatch(keyIds::contains)) {
            problems.at(at, path, what + ": " + table + "." + column + " holds Reddit ids " + ids + " but " + keyTable + "." + key
                    + " holds " + keyIds + ", another kind of thing");
        }
    }

    /** A column named through must be a key of its table, when the DDL declares the table's keys at all. */
    private void isKey(String table, String column, FilePosition at, MappingPath path) {
        Catalog.TableDef t = target.table(table).orElse(null);
        if (t == null || t.keys().isEmpty() || t.unique().contains(column.toLowerCase(Locale.ROOT))) return;
        problems.at(at, path, table + "." + column + " is not a key of " + table + " (its keys: " + t.keys() + "), so it names no one row");
    }

    /**
     * The kinds of Reddit id the mapping says a target column holds: the types of its rules'
     * literals (t1, t3, ...), or "reddit" for a decoded id of no stated type.
     */
    private Set<String> redditIds(String table, String column) {
        Set<String> kinds = new LinkedHashSet<>();
        for (EntitySpec e : mapping.entities()) {
            if (e.table() == null || !e.table().equalsIgnoreCase(table)) continue;
            for (SideSpec side : e.from().values()) {
                if (side == null) continue;
                for (ColumnRule r : side.columns()) {
                    if (r.newColumn() == null || !r.newColumn().equalsIgnoreCase(column) || r.isRenumbered()) continue;
                    kinds.addAll(r.literals());
                    if (r.transform() instanceof Transform.FullnameDecode f) kinds.add("t" + f.typeNumber());
                    else if (r.transform() instanceof Transform.Base36Decode) kinds.add("reddit");
                }
            }
        }
        return kinds;
    }

    /** A column the mapping declares a surrogate of an entity's target: this database's own numbering. */
    private boolean isSurrogate(String table, String column) {
        for (EntitySpec e : mapping.entities()) {
            if (e.table() != null && e.table().equalsIgnoreCase(table)
                    && e.surrogate().stream().anyMatch(column::equalsIgnoreCase)) return true;
        }
        return false;
    }

    private String type(String table, String column) {
        return target.table(table).flatMap(t -> t.column(column)).map(Catalog.ColumnDef::type).orElse(null);
    }

    private static boolean isText(String type) {
        return type.startsWith("varchar") || type.startsWith("text") || type.startsWith("character");
    }

    private boolean known(String table, FilePosition at, MappingPath path) {
        if (target.table(table).isPresent()) return true;
        problems.at(at, path, "unknown table '" + table + "' in schema " + mapping.targetSchema());
        return false;
    }

    private boolean column(String table, String column, FilePosition at, MappingPath path) {
        if (table == null || column == null) return false;
        if (target.hasColumn(table, column)) return true;
        problems.at(at, path, "unknown column '" + table + "." + column + "'");
        return false;
    }
}

package io.cutover.rewrite;

import io.cutover.mapping.Transform;
import java.util.List;

/**
 * What became of one old column, as the rewriter needs it. {@code identity} names the thing an
 * id column identifies ("post" = the Reddit id kept as new id, "post:old" = the old surrogate,
 * renumbered): two ids compare safely only when their identities agree.
 */
record ColumnChange(String oldTable, String oldColumn, String newColumn, boolean dropped,
                    boolean renumbered, String identity, Transform transform,
                    List<String> literalTypes, String warn, boolean topLevelAsPostId) {

    static ColumnChange unchanged(String table, String column, String identity) {
        return new ColumnChange(table, column, column, false, false, identity, new Transform.Identity(), List.of(), null, false);
    }

    ColumnChange withLiterals(List<String> types) {
        String id = identity;
        if (id == null && types.size() == 1) id = types.get(0).equals("t3") ? "post" : types.get(0).equals("t1") ? "comment" : null;
        return new ColumnChange(oldTable, oldColumn, newColumn, dropped, renumbered, id, transform, List.copyOf(types), warn, topLevelAsPostId);
    }

    boolean renamed() {
        return newColumn != null && !newColumn.equalsIgnoreCase(oldColumn);
    }

    /** Both name the same kind of thing (a post, a comment, ...), in the same numbering or not. */
    boolean sameThingAs(ColumnChange other) {
        return identity != null && other.identity != null && identity.split(":")[0].equals(other.identity.split(":")[0]);
    }

    /**
     * The same kind of thing in another numbering: the old Django id against the Reddit id
     * (the post_id trap). Different numbers in the old schema, one id in the new.
     */
    boolean otherNumberingOf(ColumnChange other) {
        return sameThingAs(other) && !identity.equals(other.identity);
    }
}

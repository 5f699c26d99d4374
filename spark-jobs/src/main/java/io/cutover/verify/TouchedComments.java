package io.cutover.verify;

import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The new comments a recheck or a window reads, gathered over its comparisons of the comment
 * entity (the entity whose table the comment trees hang from): their posts' trees are checked
 * after the comparisons ({@link CommentTreeCheck#of}).
 */
final class TouchedComments {
    /** The entity of the trees' comment table, or null when the mapping has no trees or no such entity. */
    private final String entity;
    private final String idColumn;
    private final Set<Object> ids = new LinkedHashSet<>();
    private boolean seen;
    /** More keys than are held on the driver: every post's tree is checked. */
    private boolean all;

    TouchedComments(Mapping mapping) {
        String table = mapping.commentTrees().map(t -> t.comments()).orElse(null);
        String id = mapping.commentTrees().map(t -> t.comment()).orElse(null);
        EntitySpec comments = table == null ? null : mapping.entities().stream()
                .filter(e -> e.table().equalsIgnoreCase(table) && e.key().size() == 1 && e.key().get(0).equals(id))
                .findFirst().orElse(null);
        this.entity = comments == null ? null : comments.name();
        this.idColumn = id;
    }

    /** The keys one comparison read (null: it read every row, and a full run checks every tree itself). */
    void add(ComparisonPlan plan, KeySet keys) {
        if (entity == null || keys == null || !plan.entity().equals(entity)) return;
        seen = true;
        Set<Object> values = keys.values(plan.keys().indexOf(idColumn));
        if (values == null) all = true;
        else ids.addAll(values);
    }

    /** Whether the run compared comments by key, so that their trees are to be checked. */
    boolean any() {
        return seen;
    }

    /** The comment ids read; null when there were too many to hold (then every tree is checked). */
    Set<Object> ids() {
        return all ? null : ids;
    }
}

package io.cutover.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each post's nodes without a comment are (its root, and any stray one), in each tree
 * table: what a table without an index on {@code post_id} cannot say by post without a scan. Read
 * once per run ({@link TreeTable#rootsByPost}) and kept in step with what the run reads and
 * writes; it only says where to look: the nodes are read and locked there, and a path another
 * post's node holds now is passed over.
 *
 * <p>About 100 bytes a post: the three tables' roots of one post share their path.
 */
final class RootCatalogue {
    private static final char SEPARATOR = '\n';

    private final int tables;
    /** Per post, per table: its paths without comment, several joined by {@link #SEPARATOR}; null for none. */
    private final Map<Long, String[]> byPost = new HashMap<>();

    RootCatalogue(int tables) {
        this.tables = tables;
    }

    /** The paths of the post's nodes without comment in the table, as last known. */
    List<String> paths(int table, long post) {
        String[] known = byPost.get(post);
        if (known == null || known[table] == null) return List.of();
        return known[table].indexOf(SEPARATOR) < 0 ? List.of(known[table]) : Arrays.asList(known[table].split(String.valueOf(SEPARATOR)));
    }

    /** A node without comment of the post in the table, if not known already. */
    void add(int table, long post, String path) {
        List<String> now = new ArrayList<>(paths(table, post));
        if (now.contains(path)) return;
        now.add(path);
        set(table, post, now);
    }

    /** The post's nodes without comment in the table are now exactly these. */
    void set(int table, long post, List<String> paths) {
        String[] known = byPost.get(post);
        if (paths.isEmpty()) {
            if (known == null) return;
            known[table] = null;
            for (String k : known) if (k != null) return;
            byPost.remove(post);
            return;
        }
        if (known == null) {
            known = new String[tables];
            byPost.put(post, known);
        }
        String joined = String.join(String.valueOf(SEPARATOR), paths);
        // a post's roots stand at one path in every table: one string for all
        for (String k : known) if (joined.equals(k)) joined = k;
        known[table] = joined;
    }
}

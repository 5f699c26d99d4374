package io.cutover.backfill;

import io.cutover.mapping.TreeSpec;
import io.cutover.tree.CommentTreeSync;
import io.cutover.tree.TreeChanges;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The backfill's comment-tree step: every post of the target, in key-ordered chunks, has its
 * trees in every tree table of the mapping brought to what its comments in the target say
 * ({@link CommentTreeSync}): what verify's tree check compares against. It runs after the
 * entities, so the comments are there.
 */
final class TreeStep implements DerivedStep.Derivation {
    /** The step's name in {@code --entity} and {@code cutover_backfill}. */
    static final String NAME = "trees";

    /** With {@code -Dcutover.tree.profile=true}, a line per chunk on stderr: where its time went. */
    private static final boolean PROFILE = Boolean.getBoolean("cutover.tree.profile");

    private final TreeSpec trees;
    private final CommentTreeSync sync;
    private final PrintStream out;
    private TreeChanges total = TreeChanges.NONE;
    private long chunks;

    TreeStep(TreeSpec trees, PrintStream out) {
        this.trees = trees;
        this.sync = new CommentTreeSync(trees);
        this.out = out;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String tables() {
        return String.join(",", trees.tables().stream().map(TreeSpec.Table::table).toList());
    }

    @Override
    public String drivingTable() {
        return trees.posts();
    }

    @Override
    public String drivingKey() {
        return "id";
    }

    @Override
    public DerivedStep.Counts apply(Connection c, List<Object> keys) throws SQLException {
        List<Long> posts = new ArrayList<>(keys.size());
        for (Object k : keys) posts.add(((Number) k).longValue());
        long start = System.nanoTime();
        TreeChanges changes = sync.bring(c, posts);
        total = total.plus(changes);
        // known once the first chunk has looked at the tables' indexes
        if (chunks++ == 0) for (String a : sync.advice()) out.println("  " + NAME + ": " + a);
        if (PROFILE) {
            System.err.printf("trees profile: chunk %d, posts %d, nodes written %d, %d ms: %s%n", chunks, posts.size(), changes.written(),
                    (System.nanoTime() - start) / 1_000_000, sync.profile().take());
        }
        return new DerivedStep.Counts(changes.written(), changes.unchanged(), changes.leftToOthers());
    }

    @Override
    public String detail() {
        return String.format("%,d posts; nodes inserted %,d, updated %,d, deleted %,d, already right %,d, left to another writer %,d",
                total.posts(), total.inserted(), total.updated(), total.deleted(), total.unchanged(), total.leftToOthers());
    }
}

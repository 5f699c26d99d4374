package io.cutover.tree;

import io.cutover.mapping.TreeSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one post's tree in one tree table by treebeard's {@code MP_Node} rules: a root (depth
 * 1, no comment) at the path given, each top-level comment under it and each reply under its
 * parent's node, depth counting the steps, numchild the direct children, and siblings taking
 * steps 1, 2, ... in the table's {@code node_order_by} (its sort keys in turn, each ascending or
 * descending), ties by comment id ascending. Every stored sort column holds its comment's value.
 * Nodes come out parent before children, siblings in order (the order of their paths).
 */
public final class MaterializedPaths {
    private final PathSteps steps;

    public MaterializedPaths(PathSteps steps) {
        this.steps = steps;
    }

    public static MaterializedPaths of(TreeSpec trees) {
        return new MaterializedPaths(new PathSteps(trees.steplen(), trees.alphabet()));
    }

    public PathSteps steps() {
        return steps;
    }

    public List<TreeNode> build(TreeSpec.Table table, String rootPath, PostComments post) {
        List<PostComments.Comment> comments = post.comments();
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < comments.size(); i++) index.put(comments.get(i).id(), i);
        // Children lists; position comments.size() stands for the root.
        int root = comments.size();
        List<List<Integer>> children = new ArrayList<>(comments.size() + 1);
        for (int i = 0; i <= root; i++) children.add(new ArrayList<>());
        for (int i = 0; i < comments.size(); i++) {
            Long parent = comments.get(i).parent();
            Integer p = parent == null ? null : index.get(parent);
            children.get(p == null || p == i ? root : p).add(i);
        }
        Comparator<Integer> order = siblingOrder(table, comments);
        for (List<Integer> c : children) c.sort(order);

        List<TreeNode> nodes = new ArrayList<>(comments.size() + 1);
        nodes.add(new TreeNode(rootPath, 1, children.get(root).size(), post.postId(), null, List.of()));
        // Depth-first, explicitly stacked: a deep thread must not exhaust the call stack.
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, rootPath, 0});
        boolean[] placed = new boolean[comments.size()];
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            int node = (Integer) top[0];
            int next = (Integer) top[2];
            List<Integer> kids = children.get(node);
            if (next == kids.size()) {
                stack.pop();
                continue;
            }
            top[2] = next + 1;
            int i = kids.get(next);
            if (placed[i]) continue;
            placed[i] = true;
            String path = top[1] + steps.step(next + 1L);
            PostComments.Comment c = comments.get(i);
            List<Object> sort = new ArrayList<>(table.keys().size());
            for (TreeSpec.SortKey k : table.keys()) sort.add(SortValues.normal(c.value(k.by())));
            nodes.add(new TreeNode(path, steps.depth(path), children.get(i).size(), post.postId(), c.id(), sort));
            stack.push(new Object[] {i, path, 0});
        }
        // A cycle of parents (a damaged reference) never reaches the root: its comments hang under it, last.
        int extra = children.get(root).size();
        for (int i = 0; i < comments.size(); i++) {
            if (placed[i]) continue;
            PostComments.Comment c = comments.get(i);
            String path = rootPath + steps.step(++extra);
            List<Object> sort = new ArrayList<>();
            for (TreeSpec.SortKey k : table.keys()) sort.add(SortValues.normal(c.value(k.by())));
            nodes.add(new TreeNode(path, 2, 0, post.postId(), c.id(), sort));
        }
        if (extra != children.get(root).size()) {
            nodes.set(0, new TreeNode(rootPath, 1, extra, post.postId(), null, List.of()));
        }
        return nodes;
    }

    /** treebeard's node_order_by over the comments' values, ties by comment id ascending. */
    private static Comparator<Integer> siblingOrder(TreeSpec.Table table, List<PostComments.Comment> comments) {
        Comparator<Integer> order = null;
        for (TreeSpec.SortKey k : table.keys()) {
            Comparator<Object> values = k.order() == TreeSpec.Order.DESCENDING
                    ? SortValues.ASCENDING_NULLS_LAST.reversed() : SortValues.ASCENDING_NULLS_LAST;
            Comparator<Integer> byKey = Comparator.comparing(i -> SortValues.normal(comments.get(i).value(k.by())), values);
            order = order == null ? byKey : order.thenComparing(byKey);
        }
        Comparator<Integer> byId = Comparator.comparingLong(i -> comments.get(i).id());
        return order == null ? byId : order.thenComparing(byId);
    }
}

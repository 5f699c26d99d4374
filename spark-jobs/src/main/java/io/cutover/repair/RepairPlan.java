package io.cutover.repair;

import io.cutover.verify.Category;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a repair would do: the guarded statements, what it leaves to a person (with why), and the
 * report's differences that no longer stand (resolved: nothing to do). {@code rereadNote} says
 * how the report's live differences were treated; {@code trees} are the posts whose comment trees
 * are rebuilt, after the statements.
 */
public record RepairPlan(String report, List<Fix> fixes, List<LeftToHuman> left, List<LeftToHuman> skipped, List<Resolved> resolved,
                         String rereadNote, List<TreeFix> trees) {

    public RepairPlan {
        fixes = List.copyOf(fixes);
        left = List.copyOf(left);
        skipped = List.copyOf(skipped);
        resolved = List.copyOf(resolved);
        trees = List.copyOf(trees);
    }

    /** What {@code --max-fixes} counts: the statements, and each post whose trees are rebuilt. */
    public int size() {
        return fixes.size() + trees.size();
    }

    /**
     * Statements per entity and category, in the order repair.sql lists them: the entities in the
     * order the plan made them (the mapping's: a row after the rows it refers to).
     */
    public Map<String, Map<Category, List<Fix>>> grouped() {
        Map<String, Map<Category, List<Fix>>> g = new LinkedHashMap<>();
        for (Fix f : fixes) {
            g.computeIfAbsent(f.entity(), e -> new TreeMap<>()).computeIfAbsent(f.category(), c -> new ArrayList<>()).add(f);
        }
        return g;
    }

    /** Fixes per entity and category, e.g. {@code post: changed 3}. */
    public Map<String, Map<String, Integer>> fixCounts() {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (Fix f : fixes) counts.computeIfAbsent(f.entity(), e -> new TreeMap<>()).merge(f.category().id(), 1, Integer::sum);
        return counts;
    }

    /** Keys left to a person per entity and category. */
    public Map<String, Map<String, Integer>> leftCounts() {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (LeftToHuman l : left) counts.computeIfAbsent(l.entity(), e -> new TreeMap<>()).merge(l.category().id(), 1, Integer::sum);
        return counts;
    }

    /**
     * The statements in execution order: per entity and category, as printed, but every recount
     * last, so that it counts the rows as the plan's inserts, updates and deletes left them.
     */
    public List<Fix> ordered() {
        List<Fix> rows = new ArrayList<>();
        List<Fix> recounts = new ArrayList<>();
        grouped().values().forEach(byCategory -> byCategory.forEach((category, fixes) ->
                (category == Category.AGGREGATE ? recounts : rows).addAll(fixes)));
        rows.addAll(recounts);
        return rows;
    }
}

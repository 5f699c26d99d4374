package io.cutover.repair;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cutover.outcome.CutoverException;
import io.cutover.report.RepairOutcome;
import io.cutover.report.RepairReportWriter;
import io.cutover.storage.Location;
import io.cutover.verify.Category;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan for review: {@code repair.sql} (statements grouped per entity and category, a trace
 * comment on each, nothing run) and {@code repair-summary.json} with the counts, what is left to a
 * person and why, and, after {@code --execute}, what was applied and skipped.
 */
public final class PlanFiles {
    public static final String SQL = "repair.sql";
    public static final String SUMMARY = "repair-summary.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanFiles() {}

    public static String sql(RepairPlan plan) {
        StringBuilder b = new StringBuilder();
        b.append("-- cutover repair of ").append(plan.report()).append(": ").append(plan.fixes().size()).append(" statements.\n");
        b.append("-- Each one changes one row or none: it compares the row with what the repair saw in it, so a row the\n");
        b.append("-- application wrote since is left alone. cutover repair --execute runs them in chunks, one transaction each,\n");
        b.append("-- in this order except the recounts (aggregate), which run after every other statement.\n");
        plan.grouped().forEach((entity, byCategory) -> byCategory.forEach((category, fixes) -> {
            b.append("\n-- ==== ").append(entity).append(": ").append(category.id()).append(" (").append(fixes.size()).append(") ====\n");
            for (Fix f : fixes) b.append(f.trace()).append('\n').append(f.sql()).append(";\n");
        }));
        if (!plan.trees().isEmpty()) {
            b.append("\n-- ==== comment trees rebuilt from their comments, after the statements above (").append(plan.trees().size())
                    .append(" posts) ====\n");
            b.append("-- cutover repair --execute brings each post's trees, in every tree table, to what its comments say then\n");
            b.append("-- (one transaction per post, the app's writes waited for and left alone); there is no SQL to run by hand.\n");
            for (TreeFix t : plan.trees()) {
                b.append(SqlText.comment("post " + t.postId() + " | tree | " + String.join("; ", t.because()))).append('\n');
            }
        }
        if (!plan.skipped().isEmpty()) {
            b.append("\n-- ==== skipped: the application wrote the row since the report (").append(plan.skipped().size()).append(") ====\n");
            for (LeftToHuman l : plan.skipped()) b.append(SqlText.comment(l.entity() + " " + l.key() + " | " + l.category().id() + " " + l.column() + " | " + l.why())).append('\n');
        }
        if (!plan.left().isEmpty()) {
            b.append("\n-- ==== left to a person (").append(plan.left().size()).append(") ====\n");
            for (LeftToHuman l : plan.left()) {
                b.append(SqlText.comment(l.entity() + " " + l.key() + " | " + l.category().id()
                        + (l.column() == null ? "" : " " + l.column()) + " | " + l.why())).append('\n');
            }
        }
        return b.toString();
    }

    /** The summary as a JSON-ready map; {@code applied} is null for a plan only printed. */
    public static Map<String, Object> summary(RepairPlan plan, Executed applied, String recheck) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("report", plan.report());
        s.put("reread", plan.rereadNote());
        s.put("fixes", plan.fixCounts());
        s.put("treeRebuilds", plan.trees().size());
        s.put("resolved", plan.resolved().size());
        s.put("leftToHuman", plan.leftCounts());
        s.put("left", plan.left().stream().map(PlanFiles::named).toList());
        List<Map<String, String>> skipped = new java.util.ArrayList<>();
        for (LeftToHuman l : plan.skipped()) skipped.add(named(l));
        if (applied != null) {
            s.put("applied", applied.applied());
            s.put("treesRebuilt", applied.treePosts());
            s.put("treeNodesWritten", applied.treeNodesWritten());
            for (Fix f : applied.skipped()) {
                skipped.add(Map.of("entity", f.entity(), "category", f.category().id(), "key", f.key(), "why", skippedWhy(f)));
            }
            s.put("recheck", recheck);
        }
        s.put("skipped", skipped);
        return s;
    }

    /**
     * {@code recheckDifferences}: how many differences the recheck still finds (null when only
     * printed); {@code seconds}: how long each step took (reread, plan, apply, recheck);
     * {@code outcome}: keys per entity, category and outcome, as repair.html counts them.
     */
    public static void write(RepairPlan plan, Executed applied, String recheck, Long recheckDifferences, Map<String, Double> seconds,
                             RepairOutcome outcome, Location dir) {
        try {
            dir.mkdirs();
            dir.resolve(SQL).write(sql(plan).getBytes(StandardCharsets.UTF_8));
            Map<String, Object> summary = summary(plan, applied, recheck);
            if (recheckDifferences != null) summary.put("recheckDifferences", recheckDifferences);
            summary.put("seconds", seconds);
            summary.put("outcome", outcome.counts());
            dir.resolve(SUMMARY).write(JSON.writeValueAsBytes(summary));
        } catch (IOException e) {
            throw CutoverException.failure("repair: cannot write the plan to " + dir + ": " + e.getMessage(), e);
        }
    }

    public static void print(RepairPlan plan, Executed applied, Location dir, PrintStream out) {
        out.println();
        out.printf("Repair of %s%n  %s%n", plan.report(), plan.rereadNote());
        out.printf("  %-12s %-16s %8s%n", "entity", "category", "fixes");
        plan.fixCounts().forEach((e, counts) -> counts.forEach((c, n) -> out.printf("  %-12s %-16s %8d%n", e, c, n)));
        if (!plan.trees().isEmpty()) out.printf("  comment trees to rebuild: %,d posts%n", plan.trees().size());
        out.printf("  resolved since the report (no longer differ): %,d%n", plan.resolved().size());
        List<LeftToHuman> human = plan.left();
        if (!human.isEmpty()) {
            out.printf("  left to a person: %,d%n", human.size());
            for (LeftToHuman l : human.subList(0, Math.min(20, human.size()))) {
                out.printf("    %s %s %s%s: %s%n", l.entity(), l.category().id(), l.key(), l.column() == null ? "" : " " + l.column(), l.why());
            }
            if (human.size() > 20) out.printf("    … and %,d more in %s%n", human.size() - 20, dir.resolve(SUMMARY));
        }
        for (LeftToHuman l : plan.skipped()) out.printf("  skipped %s %s %s %s: %s%n", l.entity(), l.category().id(), l.key(), l.column(), l.why());
        if (applied != null) {
            out.printf("  applied %,d; %,d found their row changed when they ran (the application wrote it since), left alone%n",
                    applied.applied(), applied.skipped().size());
            for (Fix f : applied.skipped()) out.printf("    skipped %s %s %s%n", f.entity(), f.category().id(), f.key());
            if (applied.treePosts() > 0) {
                out.printf("  comment trees of %,d posts rebuilt (%,d nodes written)%n", applied.treePosts(), applied.treeNodesWritten());
            }
        }
        out.printf("  plan: %s%n  page: %s%n", dir.resolve(SQL), dir.resolve(RepairReportWriter.PAGE));
    }

    /** A left or skipped difference as the summary names it: the category by its report id. */
    private static Map<String, String> named(LeftToHuman l) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("entity", l.entity());
        m.put("category", l.category().id());
        m.put("key", l.key());
        m.put("column", l.column());
        m.put("why", l.why());
        return m;
    }

    /** Why a statement changed no row when it ran. */
    static String skippedWhy(Fix f) {
        return f.category() == Category.MISSING_IN_NEW
                ? "the key was taken when the insert ran (the application wrote the row since: its row is kept), or a row it refers to"
                        + " was not in the target"
                : "the row no longer held what the repair saw when the statement ran (the application wrote it since)";
    }
}

package io.cutover.repair;

import io.cutover.report.RepairOutcome;
import io.cutover.report.RepairOutcome.KeyOutcome;
import io.cutover.report.RepairOutcome.Outcome;
import io.cutover.storage.Location;
import io.cutover.verify.Category;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What became of each difference of the report, for the page and the notebook
 * ({@link io.cutover.report.RepairReportWriter}): the plan's statements (planned; after
 * {@code --execute} fixed, or skipped when the row had changed, or failed when the recheck still
 * finds what the statement was to fix), what the plan skipped because the app wrote since, left
 * to a person and found resolved, and the posts whose trees are rebuilt.
 */
final class RepairOutcomes {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private RepairOutcomes() {}

    /** The recheck after {@code --execute}: where it was written, how many differences it counts, and their rows. */
    record Recheck(Location dir, long total, List<Difference> differences) {}

    /** {@code executed} and {@code recheck} are null for a plan only printed. */
    static RepairOutcome of(RepairReport report, String target, RepairPlan plan, Executed executed, Recheck recheck,
                            Map<String, Double> seconds) {
        List<KeyOutcome> keys = new ArrayList<>();
        Set<Fix> changedSince = executed == null ? Set.of() : new HashSet<>(executed.skipped());
        Map<String, List<Difference>> after = new HashMap<>();
        if (recheck != null) for (Difference d : recheck.differences()) after.computeIfAbsent(d.entity() + "\u0000" + d.key(), k -> new ArrayList<>()).add(d);
        long onFixedKeys = 0;
        for (Fix f : plan.ordered()) {
            String column = f.columns().isEmpty() ? null : String.join(", ", f.columns());
            if (executed == null) {
                keys.add(key(f, column, Outcome.PLANNED, what(f)));
            } else if (changedSince.contains(f)) {
                keys.add(key(f, column, Outcome.SKIPPED, PlanFiles.skippedWhy(f)));
            } else {
                List<Difference> still = stillDiffers(f, after.getOrDefault(f.entity() + "\u0000" + f.key(), List.of()));
                onFixedKeys += still.size();
                keys.add(still.isEmpty() ? key(f, column, Outcome.FIXED, what(f) + (recheck == null || rechecked(f) ? ""
                                : "; a recheck does not read the recounts: verify again to see it"))
                        : key(f, column, Outcome.FAILED, "applied, but the recheck still finds " + String.join("; ",
                                still.stream().map(RepairOutcomes::described).toList())));
            }
        }
        for (LeftToHuman l : plan.skipped()) keys.add(new KeyOutcome(l.entity(), l.category().id(), l.key(), l.column(), Outcome.SKIPPED, l.why()));
        for (LeftToHuman l : plan.left()) keys.add(new KeyOutcome(l.entity(), l.category().id(), l.key(), l.column(), Outcome.LEFT, l.why()));
        for (Resolved r : plan.resolved()) keys.add(new KeyOutcome(r.entity(), r.category().id(), r.key(), null, Outcome.RESOLVED, r.why()));
        for (TreeFix t : plan.trees()) {
            keys.add(new KeyOutcome("post", Category.TREE.id(), "{\"post_id\":" + t.postId() + "}", null,
                    executed == null ? Outcome.PLANNED : Outcome.FIXED,
                    (executed == null ? "its comment trees are rebuilt from its comments, for: " : "its comment trees were rebuilt from its comments"
                            + " (verify again to see them), for: ") + String.join("; ", t.because())));
        }
        RepairOutcome.Trees trees = new RepairOutcome.Trees(plan.trees().size(), executed == null ? 0 : executed.treePosts(),
                executed == null ? 0 : executed.treeNodesWritten());
        RepairOutcome.Recheck checked = recheck == null ? null
                : new RepairOutcome.Recheck(recheck.dir().toString(), recheck.total(), onFixedKeys);
        RepairOutcome.Origin origin = new RepairOutcome.Origin(report.dir().toString(), written(report.dir()), report.summary().mapping(),
                report.mappingDigest(), target);
        return new RepairOutcome(origin, plan.rereadNote(), executed != null, keys, trees, checked, seconds);
    }

    private static KeyOutcome key(Fix f, String column, Outcome outcome, String why) {
        return new KeyOutcome(f.entity(), f.category().id(), f.key(), column, outcome, why);
    }

    /** What the statement does, in words. */
    private static String what(Fix f) {
        return switch (f.category()) {
            case CHANGED -> "updated to what the old sources hold";
            case MISSING_IN_NEW -> "inserted as the backfill builds it from the old sources";
            case EXTRA_IN_NEW -> "deleted (--delete-extra), as the repair saw it";
            case AGGREGATE -> "recounted as the mapping's check defines it";
            default -> f.category().id();
        };
    }

    /** Whether a recheck reads again what this statement fixes: the rows, not the recounts. */
    private static boolean rechecked(Fix f) {
        return FreshDifferences.RECHECKED.contains(f.category());
    }

    /**
     * The recheck's differences that say this applied statement did not fix its key: for an
     * update, one of the columns it set; for an insert, anything of the row it built; for a
     * delete, the row still extra. Other differences of the key are another fix's or a person's.
     */
    private static List<Difference> stillDiffers(Fix f, List<Difference> after) {
        List<Difference> still = new ArrayList<>();
        for (Difference d : after) {
            boolean mine = switch (f.category()) {
                case CHANGED -> d.category() == Category.CHANGED && d.column() != null
                        && f.columns().stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).equals(d.column().toLowerCase(Locale.ROOT)));
                case MISSING_IN_NEW -> d.category() == Category.MISSING_IN_NEW || d.category() == Category.CHANGED;
                case EXTRA_IN_NEW -> d.category() == Category.EXTRA_IN_NEW;
                default -> false;
            };
            if (mine) still.add(d);
        }
        return still;
    }

    private static String described(Difference d) {
        return d.category().id() + (d.column() == null ? "" : " " + d.column()) + " against " + d.source()
                + (d.category() == Category.CHANGED ? " (old " + shown(d.oldValue()) + ", new " + shown(d.newValue()) + ")" : "");
    }

    private static String shown(String v) {
        if (v == null) return "NULL";
        return v.length() > 60 ? "'" + v.substring(0, 60) + "…'" : "'" + v + "'";
    }

    /** When the report's summary.json was written, or null when the store does not say. */
    private static String written(Location report) {
        Location summary = report.resolve("summary.json");
        try {
            long millis = summary.fileSystem().getFileStatus(summary.hadoopPath()).getModificationTime();
            return millis <= 0 ? null : WHEN.format(Instant.ofEpochMilli(millis));
        } catch (IOException e) {
            return null;
        }
    }
}

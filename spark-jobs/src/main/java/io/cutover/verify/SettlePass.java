package io.cutover.verify;

import io.cutover.outcome.CutoverException;
import io.cutover.schema.Catalog;
import io.cutover.storage.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the keys that differed again, after a delay and in new snapshots: a difference whose
 * key no longer differs was a write in flight (transient); the others are persistent, and
 * their rows are replaced by what the second read found ({@link Settling}).
 */
final class SettlePass {
    /** The summaries with their settle labels, and the persistent differences, which alone decide the exit code. */
    record Settled(List<ComparisonSummary> comparisons, List<ComparisonSummary> checks, long persistent) {}

    private final SparkSession spark;
    private final VerifySpec spec;
    private final SideBinding binding;
    private final DifferenceStatistics statistics;
    private final VerifyListener listener;

    SettlePass(SparkSession spark, VerifySpec spec, SideBinding binding, DifferenceStatistics statistics, VerifyListener listener) {
        this.spark = spark;
        this.spec = spec;
        this.binding = binding;
        this.statistics = statistics;
        this.listener = listener;
    }

    /**
     * {@code plans}: the comparisons pass 1 made, with their summaries {@code comparisons};
     * {@code planned}: every comparison planned, whose live databases the second read holds
     * snapshots of, as pass 1 did.
     */
    Settled run(List<ComparisonPlan> plans, List<ComparisonPlan> planned, Catalog target, DifferenceFiles differences,
                List<ComparisonSummary> comparisons, List<ComparisonSummary> checks) {
        Map<Integer, KeySet> keys = new LinkedHashMap<>();
        long differing = 0;
        BoundSources unheld = binding.unheld();
        for (int i = 0; i < plans.size(); i++) {
            if (comparisons.get(i).differences() == 0) continue;
            KeySet k = KeyRestriction.reported(spark, plans.get(i), differences.of(plans.get(i)), target, unheld);
            keys.put(i, k);
            differing += k.count();
        }
        int failedChecks = (int) checks.stream().filter(c -> c.differences() > 0).count();
        listener.settling(differing, keys.size(), failedChecks, spec.settle());
        try {
            Thread.sleep(spec.settle().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CutoverException.failure("interrupted while waiting to settle", e);
        }
        long start = System.nanoTime();
        List<ComparisonSummary> settledComparisons = new ArrayList<>(comparisons);
        List<ComparisonSummary> settledChecks = new ArrayList<>(checks);
        long persistent = 0;
        try (BoundSources pass = binding.pass(planned, KeptExports.none(), listener)) {
            for (int i = 0; i < plans.size(); i++) {
                ComparisonPlan plan = plans.get(i);
                ComparisonSummary before = comparisons.get(i);
                Location dir = differences.of(plan);
                KeySet k = keys.get(i);
                if (k == null) {
                    Settling.mark(spark, dir, "persistent");
                    settledComparisons.set(i, before.settled(new ComparisonSummary.Settle(0, 0)));
                    continue;
                }
                ComparisonSummary.Settle counts = again(plan, k, target, dir, pass);
                persistent += counts.persistent();
                ComparisonSummary s = statistics.summarize(plan.entity(), plan.source(), plan.columns(),
                        spark.read().parquet(dir.uri()), before.oldRows(), before.newRows(), before.bucketsCompared(),
                        before.bucketsDiffering(), before.recheck(), before.seconds());
                settledComparisons.set(i, s.settled(counts));
                listener.settled(plan.label(), counts);
            }
            // Every other directory (the checks', the comment trees') gets the label too: one shape for all.
            try {
                for (Location dir : differences.all()) Settling.mark(spark, dir, "persistent");
            } catch (IOException e) {
                throw CutoverException.failure("cannot label the checks' differences in " + differences.root() + ": "
                        + e.getMessage(), e);
            }
            for (int i = 0; i < checks.size(); i++) {
                ComparisonSummary c = checks.get(i);
                // The new tables are written in one transaction per change and read at one instant:
                // a cross-table check cannot see a write half done, so each hit is read again only
                // to label it like the rest.
                persistent += c.differences();
                settledChecks.set(i, c.settled(new ComparisonSummary.Settle(0, c.differences())));
            }
        }
        listener.settleDone(persistent, (System.nanoTime() - start) / 1e9);
        return new Settled(settledComparisons, settledChecks, persistent);
    }

    /** One comparison's differing keys read again, and its differences labelled by what that read found. */
    private ComparisonSummary.Settle again(ComparisonPlan plan, KeySet keys, Catalog target, Location dir, BoundSources pass) {
        ComparisonPlan again = keys.many() ? plan : plan.keepingRows();
        ComparisonSides sides = pass.sides(again, target, keys);
        KeyedDiff.Result later = new KeyedDiff(again, spec.buckets()).run(sides);
        try {
            return Settling.label(spark, dir, later.differences().drop("entity", "source"));
        } catch (Exception e) {
            throw VerifyFailure.of(plan, e);
        } finally {
            later.cached().forEach(Dataset::unpersist);
        }
    }
}

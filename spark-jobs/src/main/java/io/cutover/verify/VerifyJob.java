package io.cutover.verify;

import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.schema.Catalog;
import io.cutover.storage.Location;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Verifies the new tables against every old source the mapping names: plans all comparisons
 * first (so mapping problems surface before any Spark work), then, in one pass that reads each
 * live database at one instant, runs each with {@link KeyedDiff} (on the keys a
 * {@link KeyRestriction} selects, if any) and the {@link CrossTableChecks}; a {@link SettlePass}
 * may look at the differing keys again. The report is what it returns.
 */
public final class VerifyJob {
    private final SparkSession spark;
    private final VerifySpec spec;
    private final VerifyListener listener;
    private final SideBinding binding;
    private final DifferenceStatistics statistics;
    private final InputRows inputRows = new InputRows();

    /** Tells the run on {@code out}. */
    public VerifyJob(SparkSession spark, VerifySpec spec, PrintStream out) {
        this(spark, spec, new ConsoleVerifyListener(out));
    }

    VerifyJob(SparkSession spark, VerifySpec spec, VerifyListener listener) {
        this.spark = spark;
        this.spec = spec;
        this.listener = listener;
        this.binding = new SideBinding(spark, spec);
        this.statistics = new DifferenceStatistics(spark, spec.samplesPerColumn());
    }

    public VerifyReport run() {
        long start = System.nanoTime();
        java.time.Instant started = java.time.Instant.now();
        Mapping mapping = spec.mapping();
        ComparisonPlanner planner = new ComparisonPlanner(mapping);
        Catalog target = planner.targetCatalog();
        List<ComparisonPlan> planned = plans(mapping, planner);
        VerifyFunctions.register(spark);
        DifferenceFiles differences = new DifferenceFiles(spec.outputDir().resolve("differences"));
        prepareOutput(differences.root());
        List<ComparisonPlan> plans = KeyRestriction.windowable(spec, planned, listener);
        String pushdown = pushdownDecided();

        List<ComparisonSummary> comparisons;
        List<ComparisonSummary> checks = new ArrayList<>();
        try (BoundSources pass = binding.pass(planned, new KeptExports(plans, spec.sources()), listener)) {
            TouchedComments touched = new TouchedComments(mapping);
            comparisons = compareAll(plans, target, differences, pass, touched);
            CrossTableChecks crossTable = new CrossTableChecks(spark, spec, pass, statistics, listener);
            if (!spec.restricted()) checks.addAll(crossTable.run(differences));
            else if (touched.any()) checks.addAll(crossTable.trees(differences, touched.ids()));
        }
        SettlePass.Settled settled = null;
        if (spec.settle() != null) {
            settled = new SettlePass(spark, spec, binding, statistics, listener)
                    .run(plans, planned, target, differences, comparisons, checks);
            comparisons = settled.comparisons();
            checks = settled.checks();
        }
        // An inherited check hit is reported, not counted: the old data has it too.
        long total = comparisons.stream().mapToLong(ComparisonSummary::differences).sum()
                + checks.stream().mapToLong(ComparisonSummary::differences).sum();
        // Writes still in flight are no finding: with a settle pass only the persistent ones count.
        long counted = settled == null ? total : settled.persistent();
        int exit = counted > spec.maxDifferences() ? ExitCode.DIFFERENCES : ExitCode.OK;
        Map<String, String> sources = new LinkedHashMap<>();
        spec.sources().forEach((k, v) -> sources.put(k, v.toString()));
        VerifyReport report = new VerifyReport(mapping.name(), sources, spec.target().toString(),
                spec.since() == null ? null : spec.since().toString(),
                spec.recheck() == null ? null : spec.recheck().toString(), comparisons, checks, total,
                spec.maxDifferences(), exit, (System.nanoTime() - start) / 1e9, differences.root().toString(),
                spec.consistentRead(), spec.settle() == null ? null : spec.settle().toMillis() / 1000.0,
                settled == null ? null : settled.persistent(), pushdown);
        if (spec.history() != null) VerifyHistoryEntries.record(spark, spec, report, started);
        return report;
    }

    /**
     * What --pushdown decided for the run's live databases, told before anything is read and kept
     * for the report: "auto: PostgreSQL at localhost runs on this machine ...".
     */
    private String pushdownDecided() {
        List<String> decisions = binding.pushdownDecisions();
        if (decisions.isEmpty()) return null;
        String line = String.join("; ", decisions);
        listener.pushdownDecided(line);
        return line;
    }

    /** Every comparison of the pass, in plan order, with the rows-read progress over all of them. */
    private List<ComparisonSummary> compareAll(List<ComparisonPlan> plans, Catalog target, DifferenceFiles differences,
                                               BoundSources pass, TouchedComments touched) {
        KeyRestriction restriction = new KeyRestriction(spark, spec, plans, listener);
        if (spec.restricted()) return compareSideBySide(plans, target, differences, restriction, pass, touched);
        long[] reads = pass.rowsRead(plans, inputRows);
        VerifyProgress progress = listener.rowsRead(Arrays.stream(reads).sum(), inputRows.estimated());
        List<ComparisonSummary> comparisons = new ArrayList<>();
        SegmentPass segments = new SegmentPass(spark, spec, pass, listener);
        spark.sparkContext().addSparkListener(progress);
        try {
            for (int i = 0; i < plans.size(); i++) {
                ComparisonPlan plan = plans.get(i);
                listener.comparing(plan.label(), pass.placement(plan).note());
                progress.begin(reads[i]);
                ComparisonSummary summary;
                try {
                    summary = compared(prepare(plan, target, differences, restriction, pass, touched), restriction, segments);
                } catch (Exception e) {
                    throw VerifyFailure.of(plan, e);
                }
                progress.end();
                pass.done(i);
                comparisons.add(summary);
                listener.compared(plan.label(), summary);
            }
            progress.finish();
        } finally {
            spark.sparkContext().removeSparkListener(progress);
        }
        return comparisons;
    }

    /**
     * A recheck's or a window's comparisons: each one's keys and sides are worked out in turn (a
     * comparison with no key to read is done there, without a Spark job), then the keyed reads
     * of all of them run side by side ({@link SideBySide}), each paying its fixed costs alongside
     * the others' rather than after them.
     */
    private List<ComparisonSummary> compareSideBySide(List<ComparisonPlan> plans, Catalog target, DifferenceFiles differences,
                                                      KeyRestriction restriction, BoundSources pass, TouchedComments touched) {
        // A restricted run reads a few keys of each table: its total is not known before.
        VerifyProgress progress = listener.rowsRead(0, inputRows.estimated());
        List<ComparisonSummary> comparisons = new ArrayList<>();
        List<SideBySide.Work<ComparisonSummary>> work = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        spark.sparkContext().addSparkListener(progress);
        try {
            progress.begin(VerifyProgress.UNKNOWN);
            for (ComparisonPlan plan : plans) {
                listener.comparing(plan.label(), pass.placement(plan).note());
                Prepared prepared;
                try {
                    prepared = prepare(plan, target, differences, restriction, pass, touched);
                } catch (Exception e) {
                    throw VerifyFailure.of(plan, e);
                }
                comparisons.add(prepared.done());
                if (prepared.done() != null) {
                    listener.compared(plan.label(), prepared.done());
                    continue;
                }
                slots.add(comparisons.size() - 1);
                work.add(new SideBySide.Work<>(plan.label(), () -> {
                    ComparisonSummary summary = compared(prepared, restriction, null);
                    listener.compared(prepared.plan().label(), summary);
                    return summary;
                }, (label, e) -> VerifyFailure.of(prepared.plan(), e)));
            }
            List<ComparisonSummary> read = SideBySide.run(spark.sparkContext(), work);
            for (int i = 0; i < read.size(); i++) comparisons.set(slots.get(i), read.get(i));
            progress.end();
            for (int i = 0; i < plans.size(); i++) pass.done(i);
            progress.finish();
        } finally {
            spark.sparkContext().removeSparkListener(progress);
        }
        return comparisons;
    }

    /**
     * One comparison made ready to read: its keys, and its sides narrowed to them; or, when it
     * has no key to read, {@code done}, its summary, with nothing read at all.
     */
    private record Prepared(ComparisonPlan plan, KeySet keys, ComparisonSides sides, Location dir, long start,
                            ComparisonSummary done) {}

    private Prepared prepare(ComparisonPlan plan, Catalog target, DifferenceFiles differences,
                             KeyRestriction restriction, BoundSources pass, TouchedComments touched) {
        long start = System.nanoTime();
        KeySet keys = restriction.keys(plan, target, pass);
        touched.add(plan, keys);
        Location dir = differences.of(plan);
        if (keys != null && keys.count() == 0) {
            // Nothing to look at again: no read at all, no Spark job, and a summary that says so.
            return new Prepared(plan, keys, null, dir, start, statistics.nothingRead(plan.entity(), plan.source(), plan.columns(),
                    restriction.rechecks() ? new ComparisonSummary.Recheck(0, 0, 0) : null, (System.nanoTime() - start) / 1e9));
        }
        // A few keys' rows are kept whole and read once: every later step reads them from memory.
        if (keys != null && !keys.many()) plan = plan.keepingRows();
        // The sides are analysed here, on this thread, against the views registered for them:
        // the reads that follow may run beside other comparisons that register their own.
        return new Prepared(plan, keys, pass.sides(plan, target, keys), dir, start, null);
    }

    /**
     * One comparison read: its differences written, and summarised. {@code segments}: a full run's
     * segment checksums, which compare what they can before the per-row path (null: per row only).
     */
    private ComparisonSummary compared(Prepared p, KeyRestriction restriction, SegmentPass segments) {
        ComparisonPlan plan = p.plan();
        KeyedDiff.Result result = segments == null ? null : segments.run(plan, p.sides());
        if (result == null) result = new KeyedDiff(plan, spec.buckets()).run(p.sides());
        result.differences().drop("entity", "source").coalesce(1).write().mode(SaveMode.Overwrite).parquet(p.dir().uri());
        result.cached().forEach(Dataset::unpersist);

        // Read back with its known shape: inferring it from the file would cost a Spark job.
        Dataset<Row> written = spark.read().schema(DifferenceFiles.SHAPE).parquet(p.dir().uri());
        java.util.function.LongFunction<ComparisonSummary.Recheck> recheck = null;
        if (restriction.rechecks()) {
            long earlier = p.keys().count();
            recheck = persisting -> new ComparisonSummary.Recheck(earlier, earlier - persisting, persisting);
        }
        return statistics.summarizeRecheck(plan.entity(), plan.source(), plan.columns(), written, result.oldRows(),
                result.newRows(), result.bucketsCompared(), result.bucketsDiffering(), recheck, (System.nanoTime() - p.start()) / 1e9);
    }

    /** Every comparison the run will make, planned before any data is read. */
    private List<ComparisonPlan> plans(Mapping mapping, ComparisonPlanner planner) {
        List<ComparisonPlan> plans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : spec.entities()) {
            if (mapping.entity(name).isEmpty()) {
                problems.add("unknown entity '" + name + "' (the mapping has " + mapping.entities().stream()
                        .map(EntitySpec::name).collect(Collectors.joining(", ")) + ")");
            }
        }
        for (EntitySpec entity : mapping.entities()) {
            if (!spec.entities().isEmpty() && !spec.entities().contains(entity.name())) continue;
            for (String source : entity.from().keySet()) {
                if (!spec.sources().containsKey(source)) continue;
                try {
                    plans.add(planner.plan(entity, source));
                } catch (CutoverException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) throw CutoverException.configuration(String.join("\n  ", problems));
        if (plans.isEmpty()) {
            throw CutoverException.configuration("nothing to compare: no entity of the mapping has a source among "
                    + spec.sources().keySet());
        }
        return plans;
    }

    private void prepareOutput(Location differencesDir) {
        try {
            spec.outputDir().mkdirs();
            differencesDir.deleteRecursively();
        } catch (IOException e) {
            throw CutoverException.configuration("cannot write the report to " + spec.outputDir() + ": " + e.getMessage());
        }
    }

    // ---- for benchmarks and tests that run the comparisons another way ----------------------

    /** Every comparison the spec asks for, planned. */
    List<ComparisonPlan> plans() {
        return plans(spec.mapping(), new ComparisonPlanner(spec.mapping()));
    }

    /** Both sides of one comparison, every row, read outside a run's snapshots. */
    ComparisonSides sides(ComparisonPlan plan, Catalog target) {
        return binding.unheld().sides(plan, target);
    }

    /** Where a comparison's digests are computed (decided once, before anything is read). */
    DigestPushdown.Placement placement(ComparisonPlan plan) {
        return binding.placement(plan);
    }
}

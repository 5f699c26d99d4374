package io.cutover.repair;

import io.cutover.outcome.CutoverException;
import io.cutover.outcome.ExitCode;
import io.cutover.report.RepairOutcome;
import io.cutover.report.RepairReportWriter;
import io.cutover.report.VerifyReportWriter;
import io.cutover.storage.Location;
import io.cutover.verify.ComparisonSummary;
import io.cutover.verify.VerifyJob;
import io.cutover.verify.VerifyReport;
import io.cutover.verify.VerifySpec;
import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code cutover repair}: a verify report checked ({@link RepairReport}), its keys read again now
 * ({@link FreshDifferences}, into {@code fresh/}), a plan made from that ({@link RepairPlanner}) and
 * written for review ({@link PlanFiles}); with {@code --execute}, applied ({@link PlanExecutor}, then
 * the comment trees {@link TreeRebuilds}) and
 * every key it was about verified again into {@code recheck/}, beside {@code repair.sql}.
 * Exit 0 when nothing is left, 1 when something is (named), 2 bad input, 3 a failure.
 */
public final class RepairJob {
    private final SparkSession spark;
    private final RepairOptions options;

    public RepairJob(SparkSession spark, RepairOptions options) {
        this.spark = spark;
        this.options = options;
    }

    public int run(PrintStream out) {
        RepairReport report = RepairReport.open(options.report(), options.mapping(), options.target());
        if (options.out().equals(options.report())) {
            throw CutoverException.configuration("repair: --out " + options.out() + " is the report itself; name another directory");
        }
        Location fresh = options.out().resolve("fresh");
        Map<String, Double> seconds = new java.util.LinkedHashMap<>();
        long start = System.nanoTime();
        FreshDifferences.Result now = new FreshDifferences(spark).read(report, options.mapping(), options.sources(),
                options.target(), fresh, options.buckets());
        try (Connection c = options.target().server().connect(options.target().database())) {
            // Values are written as verify shows them, and verify reads timestamps in UTC.
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET TimeZone = 'UTC'");
            }
            seconds.put("reread", since(start));
            RepairPlan plan;
            start = System.nanoTime();
            try (BuiltNewRows rows = new BuiltNewRows(spark, options.mapping(), options.sources(), out)) {
                plan = new RepairPlanner(options.mapping(), c, rows, options.deleteExtra(), report.dir().toString())
                        .plan(now, comparedBy(VerifyReportWriter.read(fresh)), report.rereadNote());
            }
            seconds.put("plan", since(start));
            if (plan.size() > options.maxFixes()) {
                throw CutoverException.configuration("repair: the plan has " + plan.size() + " statements and tree rebuilds, more than --max-fixes "
                        + options.maxFixes() + "; nothing is written. Repair fewer keys at a time (verify --entity) or raise --max-fixes"
                        + " after looking at why so many rows differ");
            }
            if (!options.execute()) {
                RepairOutcome outcome = RepairOutcomes.of(report, options.target().toString(), plan, null, null, seconds);
                PlanFiles.write(plan, null, null, null, seconds, outcome, options.out());
                RepairReportWriter.write(outcome, options.out());
                PlanFiles.print(plan, null, options.out(), out);
                out.println("  printed only: review " + PlanFiles.SQL + ", then run again with --execute");
                return plan.size() == 0 && plan.left().isEmpty() && plan.skipped().isEmpty() ? ExitCode.OK : ExitCode.DIFFERENCES;
            }
            start = System.nanoTime();
            Executed executed = new PlanExecutor(c, options.chunkSize(), options.lockTimeout()).execute(plan.ordered());
            // The trees last: they are built from the comments as the statements left them.
            TreeRebuilds.Done trees = TreeRebuilds.apply(options.mapping(), c, plan.trees(), options.lockTimeout());
            executed = executed.withTrees(trees.posts(), trees.changes().written());
            seconds.put("apply", since(start));
            Location recheck = options.out().resolve("recheck");
            start = System.nanoTime();
            VerifyReport after = recheck(report, fresh, recheck);
            seconds.put("recheck", since(start));
            RepairOutcome outcome = RepairOutcomes.of(report, options.target().toString(), plan, executed,
                    new RepairOutcomes.Recheck(recheck, after.totalDifferences(), new FreshDifferences(spark).differences(recheck)), seconds);
            PlanFiles.write(plan, executed, recheck.toString(), after.totalDifferences(), seconds, outcome, options.out());
            RepairReportWriter.write(outcome, options.out());
            PlanFiles.print(plan, executed, options.out(), out);
            out.printf("  recheck of the keys: %,d differences remain (report: %s)%n", after.totalDifferences(), recheck.resolve("report.html"));
            boolean clean = plan.left().isEmpty() && plan.skipped().isEmpty() && executed.skipped().isEmpty() && after.totalDifferences() == 0;
            return clean ? ExitCode.OK : ExitCode.DIFFERENCES;
        } catch (SQLException e) {
            throw CutoverException.failure("repair: cannot close the connection to " + options.target() + ": " + e.getMessage(), e);
        }
    }

    private static double since(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The report's keys verified again after the plan ran: the fresh report names the same keys. */
    private VerifyReport recheck(RepairReport report, Location fresh, Location dir) {
        VerifySpec spec = new VerifySpec(options.mapping(), options.sources(), options.target(), java.util.List.of(), null,
                fresh, dir, 0, options.buckets(), 5);
        VerifyReport after = new VerifyJob(spark, spec, new PrintStream(OutputStream.nullOutputStream())).run();
        VerifyReportWriter.write(after, report.mappingDigest(), dir);
        return after;
    }

    /** Per entity and column, the sources whose comparison holds that column. */
    static Map<String, Map<String, Set<String>>> comparedBy(VerifyReport fresh) {
        Map<String, Map<String, Set<String>>> by = new HashMap<>();
        for (ComparisonSummary s : fresh.comparisons()) {
            by.computeIfAbsent(s.entity(), e -> new HashMap<>()).computeIfAbsent(RepairPlanner.ENTITY_SOURCES, k -> new HashSet<>())
                    .add(s.source());
            for (ComparisonSummary.ColumnSummary c : s.columns()) {
                by.computeIfAbsent(s.entity(), e -> new HashMap<>())
                        .computeIfAbsent(c.column().toLowerCase(Locale.ROOT), k -> new HashSet<>()).add(s.source());
            }
        }
        return by;
    }

}

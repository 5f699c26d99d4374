package io.cutover.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * How a run reads its sides, pass after pass. Where each comparison's pass-1 digests are computed
 * is decided once, before anything is read, and holds for every pass; the readers are bound per
 * pass ({@link BoundSources}): the first pass and the settle pass each read their live databases
 * inside snapshots of their own.
 */
final class SideBinding {
    private final SparkSession spark;
    private final VerifySpec spec;
    /** Decides placements only: that asks each database its settings and plans queries, and reads no table. */
    private final DigestPushdown deciding;
    private final Map<ComparisonPlan, DigestPushdown.Placement> placements = new HashMap<>();

    SideBinding(SparkSession spark, VerifySpec spec) {
        this.spark = spark;
        this.spec = spec;
        TableReader none = new TableReader(spark);
        this.deciding = new DigestPushdown(spark, () -> none, spec);
    }

    /**
     * The readers of one pass: with a consistent read, one snapshot taken now per live database
     * that {@code planned} reads (sources and the new tables), held until the pass is closed.
     * {@code exports}: the CSV exports the pass parses once for several comparisons.
     */
    BoundSources pass(List<ComparisonPlan> planned, KeptExports exports, VerifyListener listener) {
        LiveSnapshots snapshots = spec.consistentRead() ? LiveSnapshots.take(liveDatabases(planned), listener)
                : LiveSnapshots.none();
        return new BoundSources(spark, spec, this, snapshots, exports, listener);
    }

    /** Readers outside a run's passes: each live read at its own moment, no export kept. */
    BoundSources unheld() {
        return new BoundSources(spark, spec, this, LiveSnapshots.none(), KeptExports.none(), null);
    }

    /** Where a comparison's digests are computed (decided once, before anything is read). */
    DigestPushdown.Placement placement(ComparisonPlan plan) {
        return placements.computeIfAbsent(plan, deciding::placement);
    }

    /** What --pushdown decided for the run's live databases, one line per decision. */
    List<String> pushdownDecisions() {
        return deciding.decisions();
    }

    /** The live databases of the comparisons, sources and target, each with the comparisons that read it. */
    private Map<SourceLocation, List<String>> liveDatabases(List<ComparisonPlan> planned) {
        Map<SourceLocation, List<String>> readers = new LinkedHashMap<>();
        for (ComparisonPlan p : planned) {
            for (SourceLocation l : List.of(spec.sources().get(p.source()), spec.target())) {
                if (l instanceof SourceLocation.Database) readers.computeIfAbsent(l, k -> new ArrayList<>()).add(p.label());
            }
        }
        return readers;
    }
}

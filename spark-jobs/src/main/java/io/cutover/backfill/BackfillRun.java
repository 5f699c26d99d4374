package io.cutover.backfill;

import io.cutover.mapping.AggregateCheck;
import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SourceSpec;
import io.cutover.outcome.CutoverException;
import io.cutover.schema.Catalog;
import io.cutover.verify.OldSideRows;
import io.cutover.verify.SourceLocation;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code cutover backfill}: the entities asked for, in the hierarchy's order, each built from the
 * old sources ({@link NewRows}) and loaded by the guarded writer ({@link EntityBackfill}), with
 * the rows that changed under a chunk re-read ({@link ChangedOldRows}). Every entity is checked
 * (a target table, never one a source reads; a source for its key) before anything is written.
 * Live sources are read in one snapshot per database for the whole run.
 *
 * <p>Memory: an entity's rows are built and sorted in Spark, kept there (memory, then disk) and
 * handed to the writer in batches of partitions ({@link SortedBatches}): the driver holds two
 * batches and one chunk, not the table.
 */
public final class BackfillRun {
    /** {@code -Dcutover.backfill.profile=true}: each entity's build and load times on stderr. */
    static final boolean PROFILE = Boolean.getBoolean("cutover.backfill.profile");

    private final SparkSession spark;
    private final BackfillSpec spec;
    private final PrintStream out;
    private final Catalog target;
    private Runnable afterSnapshot = () -> { };

    public BackfillRun(SparkSession spark, BackfillSpec spec, PrintStream out) {
        this.spark = spark;
        this.spec = spec;
        this.out = out;
        this.target = catalog(spec.mapping(), spec.mapping().targetSchema());
    }

    /** For a test of the copy/update race: what runs once the run's snapshot is taken, before any row is read. */
    BackfillRun afterSnapshot(Runnable action) {
        this.afterSnapshot = action;
        return this;
    }

    /**
     * Every entity a backfill may write, in the mapping's order: all but those whose target table
     * is the very table one of their own sides reads (users: {@code auth_user} is the mirror's
     * table and the new tables' users at once), unless the mapping marks columns to fill into
     * those rows in place ({@link InPlaceColumns}). Any other target a source reads is refused
     * when asked for, never silently left out.
     */
    public static List<String> backfillable(Mapping mapping) {
        List<String> names = new ArrayList<>();
        for (EntitySpec e : mapping.entities()) {
            if (!InPlaceColumns.inPlace(mapping, e) || InPlaceColumns.marksAny(e)) names.add(e.name());
        }
        if (mapping.commentTrees().isPresent()) names.add(TreeStep.NAME);
        return names;
    }

    /** The entities asked for, in the mapping's order; an unknown one is a configuration error (exit 2). */
    List<EntitySpec> entities() {
        Mapping m = spec.mapping();
        List<String> asked = spec.entities().isEmpty() ? backfillable(m) : spec.entities();
        for (String name : asked) {
            if (name.equals(TreeStep.NAME) && m.commentTrees().isPresent()) continue;
            if (m.entity(name).isEmpty()) {
                throw CutoverException.configuration("--entity " + name + ": the mapping has no entity '" + name + "' (it has "
                        + String.join(", ", m.entities().stream().map(EntitySpec::name).toList())
                        + (m.commentTrees().isPresent() ? ", and the step " + TreeStep.NAME : "") + ")");
            }
        }
        return m.entities().stream().filter(e -> asked.contains(e.name())).toList();
    }

    /** Backfills every entity asked for; the summaries, in order. */
    public List<BackfillSummary> run() {
        List<EntitySpec> entities = entities();
        Map<String, ColumnProviders> providers = new LinkedHashMap<>();
        Map<String, BackfillJob> jobs = new LinkedHashMap<>();
        String digest = MappingDigest.of(spec.mappingText());
        // Everything checked before the first row is written.
        Map<String, InPlaceColumns> fills = new LinkedHashMap<>();
        for (EntitySpec e : entities) {
            ColumnProviders p = ColumnProviders.of(spec.mapping(), target, e, spec.sources().keySet());
            // an own-source target the mapping marks nothing to fill in is refused by BackfillJob.of, as before
            if (InPlaceColumns.inPlace(spec.mapping(), e) && InPlaceColumns.marksAny(e)) {
                InPlaceColumns fill = InPlaceColumns.of(spec.mapping(), target, e);
                p = p.fillingInPlace(fill);
                fills.put(e.name(), fill);
                List<String> columns = new ArrayList<>(p.columnNames());
                for (String c : fill.values().keySet()) if (!columns.contains(c)) columns.add(c);
                jobs.put(e.name(), BackfillJob.inPlace(target, fill, columns, digest));
            } else {
                jobs.put(e.name(), BackfillJob.of(spec.mapping(), target, e.name(), p.columnNames(), digest, "pending", 0));
            }
            providers.put(e.name(), p);
        }
        List<BackfillSummary> summaries = new ArrayList<>();
        String runId;
        List<AggregateStep> recounts;
        try (OldSideRows old = OldSideRows.inSnapshot(spark, spec.mapping(), spec.sources(), out);
             OldSideRows targetNow = OldSideRows.now(spark, spec.mapping(), Map.of())) {
            runId = runId(old);
            Instant runStart = fills.isEmpty() ? null : runStart();
            afterSnapshot.run();
            for (EntitySpec e : entities) {
                ColumnProviders p = providers.get(e.name());
                InPlaceColumns fill = fills.get(e.name());
                Map<String, Object> values = new LinkedHashMap<>();
                if (fill != null) fill.values().keySet().forEach(c -> values.put(c, runStart));
                out.println("backfill " + e.name() + " -> " + e.table() + ": " + p.describe() + (fill == null ? ""
                        : "; filled in place where still NULL: " + String.join(", ", fill.fill())
                          + (values.isEmpty() ? "" : " (" + String.join(", ", values.keySet()) + " = " + runStart + ", the run's start)")));
                summaries.add(entity(e, p, values, jobs.get(e.name()), runId, old, targetNow));
            }
            recounts = recounts(entities, old);
        }
        // after the snapshots are let go: these read the target as it is now
        summaries.addAll(derived(recounts, digest, runId));
        return summaries;
    }

    /**
     * The aggregate checks whose counted rows this run loaded (a post's {@code num_comments} once
     * the comments are), each with the drift the old data already had ({@link InheritedDrift}),
     * read in the run's snapshot.
     */
    private List<AggregateStep> recounts(List<EntitySpec> entities, OldSideRows old) {
        List<AggregateStep> steps = new ArrayList<>();
        for (AggregateCheck check : spec.mapping().checks()) {
            boolean counted = entities.stream().anyMatch(e -> e.table().equalsIgnoreCase(check.aggregateTable()));
            if (!counted) continue;
            AggregateStep step = AggregateStep.of(check);
            if (step == null) {
                out.println("backfill " + check.name() + ": joined on several columns, not recounted (verify still checks it)");
                continue;
            }
            steps.add(step.inheriting(InheritedDrift.of(spark, spec.mapping(), spec.sources(), old, check, step.tableKey())));
        }
        return steps;
    }

    /**
     * What is recomputed from the target's own rows once the entities are loaded: the comment trees
     * when asked for (the step {@code trees}, after every entity), then the totals of
     * {@link #recounts}.
     */
    private List<BackfillSummary> derived(List<AggregateStep> recounts, String digest, String runId) {
        Mapping m = spec.mapping();
        DerivedStep steps = new DerivedStep(spec.target().server(), spec.target().database(), digest, runId, spec.options(), out);
        List<BackfillSummary> done = new ArrayList<>();
        List<String> asked = spec.entities().isEmpty() ? backfillable(m) : spec.entities();
        if (asked.contains(TreeStep.NAME) && m.commentTrees().isPresent()) {
            TreeStep trees = new TreeStep(m.commentTrees().get(), out);
            out.println("backfill " + TreeStep.NAME + " -> " + trees.tables() + ": rebuilt from the comments in the target");
            done.add(steps.run(trees));
        }
        for (AggregateStep step : recounts) {
            AggregateCheck check = step.check();
            out.println("backfill " + check.name() + " -> " + step.tables() + ": recounted as " + check.expr() + " over "
                    + check.aggregateTable());
            done.add(steps.run(step));
        }
        return done;
    }

    /**
     * The instant of {@code backfill: {value: run_start}} ({@link RunStart}): the one the filled
     * rows of every in-place entity of the mapping hold already, else now.
     */
    private Instant runStart() {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (EntitySpec e : spec.mapping().entities()) {
            if (!InPlaceColumns.inPlace(spec.mapping(), e) || !InPlaceColumns.marksAny(e)) continue;
            List<String> timed = InPlaceColumns.runStartColumns(e);
            if (!timed.isEmpty()) columns.put(e.table(), timed);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return RunStart.of(spec.target().server(), spec.target().database(), columns, now);
    }

    private BackfillSummary entity(EntitySpec e, ColumnProviders p, Map<String, Object> runValues, BackfillJob planned,
                                   String runId, OldSideRows old, OldSideRows targetNow) {
        NewRows rows = new NewRows(spec.mapping(), target, spec.target(), p, runValues);
        BackfillJob job = planned.counted(runId, 0);
        try (EntityBackfill first = EntityBackfill.open(spec.target().server(), spec.target().database(), job, spec.options(), out)) {
            if (first.resumePoint().finished()) return first.load(Collections.emptyIterator(), ConcurrentEdits.NONE);
        }
        long started = System.nanoTime();
        NewRows.Flagged flagged = rows.buildFlagged(old, targetNow);
        Dataset<Row> built = flagged.rows().persist(StorageLevel.MEMORY_AND_DISK());
        // One RDD for the counting pass and the fetches, so their partitions are the same ones.
        try (SortedBatches batches = SortedBatches.count(built.javaRDD(), rows.columns().size(), flagged.checks().size())) {
            long[] missing = new long[flagged.checks().size()];
            for (int i = 0; i < missing.length; i++) missing[i] = batches.flagged(i);
            rows.failOnMissingReferences(flagged, missing);
            long expected = batches.total();
            long builtAt = System.nanoTime();
            BackfillJob counted = job.counted(runId, expected);
            ConcurrentEdits edits = edits(p, rows, old);
            try (EntityBackfill b = EntityBackfill.open(spec.target().server(), spec.target().database(), counted, spec.options(), out)) {
                BackfillSummary summary = b.load(batches.values(), edits);
                if (PROFILE) {
                    System.err.printf("backfill profile %s: built, sorted and counted %.2f s; loaded %.2f s%n", e.name(),
                            (builtAt - started) / 1e9, (System.nanoTime() - builtAt) / 1e9);
                }
                return summary;
            }
        } finally {
            built.unpersist();
        }
    }

    /** Nothing writes a snapshot directory or an export: only live sources are re-read. */
    private ConcurrentEdits edits(ColumnProviders p, NewRows rows, OldSideRows old) {
        boolean live = p.sources().stream().anyMatch(s -> spec.sources().get(s) instanceof SourceLocation.Database);
        if (!live) return ConcurrentEdits.NONE;
        List<ChangedOldRows.Probe> probes = ChangedOldRows.probes(p, old, source -> {
            SourceSpec s = spec.mapping().sources().get(source);
            return s.kind() == SourceSpec.Kind.DATABASE ? catalog(spec.mapping(), s.schema()) : null;
        });
        return new ChangedOldRows(rows, () -> OldSideRows.now(spark, spec.mapping(), spec.sources()), probes);
    }

    /** The run's snapshots, by when each live source's was taken (a snapshot directory or export: its location). */
    private String runId(OldSideRows old) {
        List<String> parts = new ArrayList<>();
        for (String source : spec.sources().keySet()) {
            String taken = old.snapshotTakenAt(source);
            parts.add(source + "@" + (taken != null ? taken : spec.sources().get(source)));
        }
        return String.join(" ", parts);
    }

    private static Catalog catalog(Mapping mapping, String schema) {
        if (!mapping.schemas().containsKey(schema)) throw CutoverException.configuration("mapping names no schema '" + schema + "'");
        return mapping.catalog(schema);
    }
}

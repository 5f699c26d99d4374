package io.cutover.verify;

import io.cutover.mapping.Mapping;
import io.cutover.storage.Location;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One verify run: the mapping, where each old source and the new tables are, what to compare,
 * and where the report goes. {@code since} narrows to rows created or updated in a window;
 * {@code recheck} to the keys an earlier report found different. {@code pushdown}: whether a live
 * PostgreSQL side's pass-1 digest is computed in PostgreSQL ({@link Pushdown}, {@link DigestPushdown}).
 * {@code consistentRead}: each live database is read inside one exported snapshot for the whole
 * run. {@code settle}: after the run, the differing keys are read again after this delay, in new
 * snapshots, and each difference is labelled transient (gone) or persistent; null for no second look.
 * {@code history}: the directory where the run adds its line to the {@link VerifyHistory}; null for none.
 * {@code exportCache}: the directory where CSV exports are kept parsed ({@link ExportCache}); null
 * to parse them whole every run.
 */
public record VerifySpec(Mapping mapping, Map<String, SourceLocation> sources, SourceLocation target,
                         List<String> entities, Instant since, Location recheck, Location outputDir,
                         long maxDifferences, int buckets, int samplesPerColumn, Pushdown pushdown,
                         boolean consistentRead, Duration settle, Location history, Location exportCache) {

    public static final int DEFAULT_BUCKETS = 1 << 16;

    public VerifySpec {
        // In the order given: the report lists the sources so (Map.copyOf's order changes from run to run).
        sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
        entities = List.copyOf(entities);
        if (pushdown == null) pushdown = Pushdown.AUTO;
    }

    /** Without an export cache. */
    public VerifySpec(Mapping mapping, Map<String, SourceLocation> sources, SourceLocation target,
                      List<String> entities, Instant since, Location recheck, Location outputDir,
                      long maxDifferences, int buckets, int samplesPerColumn, Pushdown pushdown,
                      boolean consistentRead, Duration settle, Location history) {
        this(mapping, sources, target, entities, since, recheck, outputDir, maxDifferences, buckets, samplesPerColumn,
                pushdown, consistentRead, settle, history, null);
    }

    /** {@code pushdown}: true for {@link Pushdown#ON}, false for {@link Pushdown#OFF}. */
    public VerifySpec(Mapping mapping, Map<String, SourceLocation> sources, SourceLocation target,
                      List<String> entities, Instant since, Location recheck, Location outputDir,
                      long maxDifferences, int buckets, int samplesPerColumn, boolean pushdown,
                      boolean consistentRead, Duration settle, Location history) {
        this(mapping, sources, target, entities, since, recheck, outputDir, maxDifferences, buckets, samplesPerColumn,
                pushdown ? Pushdown.ON : Pushdown.OFF, consistentRead, settle, history);
    }

    /** Without a history. */
    public VerifySpec(Mapping mapping, Map<String, SourceLocation> sources, SourceLocation target,
                      List<String> entities, Instant since, Location recheck, Location outputDir,
                      long maxDifferences, int buckets, int samplesPerColumn, boolean pushdown,
                      boolean consistentRead, Duration settle) {
        this(mapping, sources, target, entities, since, recheck, outputDir, maxDifferences, buckets, samplesPerColumn,
                pushdown, consistentRead, settle, null);
    }

    /** Pushdown on (where the mapping and database allow it), consistent reads, no settle pass. */
    public VerifySpec(Mapping mapping, Map<String, SourceLocation> sources, SourceLocation target,
                      List<String> entities, Instant since, Location recheck, Location outputDir,
                      long maxDifferences, int buckets, int samplesPerColumn) {
        this(mapping, sources, target, entities, since, recheck, outputDir, maxDifferences, buckets, samplesPerColumn,
                true, true, null);
    }

    public VerifySpec withTarget(SourceLocation newTables) {
        return new VerifySpec(mapping, sources, newTables, entities, since, recheck, outputDir, maxDifferences, buckets,
                samplesPerColumn, pushdown, consistentRead, settle, history, exportCache);
    }

    /** The defaults, with a local recheck report and output directory. */
    public VerifySpec(Mapping mapping, Map<String, SourceLocation> sources, SourceLocation target,
                      List<String> entities, Instant since, Path recheck, Path outputDir,
                      long maxDifferences, int buckets, int samplesPerColumn) {
        this(mapping, sources, target, entities, since, recheck == null ? null : Location.local(recheck),
                Location.local(outputDir), maxDifferences, buckets, samplesPerColumn);
    }

    public VerifySpec withOutputDir(Path dir) {
        return withOutputDir(Location.local(dir));
    }

    public VerifySpec withOutputDir(Location dir) {
        return new VerifySpec(mapping, sources, target, entities, since, recheck, dir, maxDifferences, buckets,
                samplesPerColumn, pushdown, consistentRead, settle, history, exportCache);
    }

    public VerifySpec withPushdown(boolean on) {
        return withPushdown(on ? Pushdown.ON : Pushdown.OFF);
    }

    public VerifySpec withPushdown(Pushdown mode) {
        return new VerifySpec(mapping, sources, target, entities, since, recheck, outputDir, maxDifferences, buckets,
                samplesPerColumn, mode, consistentRead, settle, history, exportCache);
    }

    public VerifySpec withLiveReads(boolean consistent, Duration settleDelay) {
        return new VerifySpec(mapping, sources, target, entities, since, recheck, outputDir, maxDifferences, buckets,
                samplesPerColumn, pushdown, consistent, settleDelay, history, exportCache);
    }

    public VerifySpec withHistory(Location dir) {
        return new VerifySpec(mapping, sources, target, entities, since, recheck, outputDir, maxDifferences, buckets,
                samplesPerColumn, pushdown, consistentRead, settle, dir, exportCache);
    }

    public VerifySpec withExportCache(Location dir) {
        return new VerifySpec(mapping, sources, target, entities, since, recheck, outputDir, maxDifferences, buckets,
                samplesPerColumn, pushdown, consistentRead, settle, history, dir);
    }

    /** Whether only some keys are read (a recheck or a time window). */
    boolean restricted() {
        return since != null || recheck != null;
    }
}

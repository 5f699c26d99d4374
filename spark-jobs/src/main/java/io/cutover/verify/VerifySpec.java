package io.cutover.verify;

import io.cutover.mapping.Mapping;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One verify run: the mapping, where each old source and the new tables are, what to compare,
 * and where the report goes. {@code since} narrows to rows created or updated in a window;
 * {@code recheck} to the keys an earlier report found different. {@code pushdown}: a live
 * PostgreSQL side's pass-1 digest is computed in PostgreSQL (see {@link DigestPushdown}).
 */
public record VerifySpec(Mapping mapping, Map<String, SourceLocation> sources, SourceLocation target,
                         List<String> entities, Instant since, Path recheck, Path outputDir,
                         long maxDifferences, int buckets, int samplesPerColumn, boolean pushdown) {

    public static final int DEFAULT_BUCKETS = 1 << 16;

    public VerifySpec {
        sources = Map.copyOf(sources);
        entities = List.copyOf(entities);
    }

    /** With pushdown on, the default. */
    public VerifySpec(Mapping mapping, Map<String, SourceLocation> sources, SourceLocation target,
                      List<String> entities, Instant since, Path recheck, Path outputDir,
                      long maxDifferences, int buckets, int samplesPerColumn) {
        this(mapping, sources, target, entities, since, recheck, outputDir, maxDifferences, buckets, samplesPerColumn, true);
    }

    public VerifySpec withTarget(SourceLocation newTables) {
        return new VerifySpec(mapping, sources, newTables, entities, since, recheck, outputDir, maxDifferences, buckets,
                samplesPerColumn, pushdown);
    }

    public VerifySpec withOutputDir(Path dir) {
        return new VerifySpec(mapping, sources, target, entities, since, recheck, dir, maxDifferences, buckets,
                samplesPerColumn, pushdown);
    }

    public VerifySpec withPushdown(boolean on) {
        return new VerifySpec(mapping, sources, target, entities, since, recheck, outputDir, maxDifferences, buckets,
                samplesPerColumn, on);
    }
}

package io.cutover.verify;

import io.cutover.mapping.Mapping;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One verify run: the mapping, where each old source and the new tables are, what to compare,
 * and where the report goes. {@code since} narrows to rows created or updated in a window;
 * {@code recheck} to the keys an earlier report found different.
 */
public record VerifySpec(Mapping mapping, Map<String, SourceLocation> sources, SourceLocation target,
                         List<String> entities, Instant since, Path recheck, Path outputDir,
                         long maxDifferences, int buckets, int samplesPerColumn) {

    public static final int DEFAULT_BUCKETS = 1 << 16;

    public VerifySpec {
        sources = Map.copyOf(sources);
        entities = List.copyOf(entities);
    }
}

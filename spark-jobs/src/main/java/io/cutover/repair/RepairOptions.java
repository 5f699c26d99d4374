package io.cutover.repair;

import io.cutover.mapping.Mapping;
import io.cutover.storage.Location;
import io.cutover.verify.SourceLocation;
import java.time.Duration;
import java.util.Map;

/**
 * One repair: the report it starts from, the mapping and the old sources it re-reads, the live
 * database it writes ({@code target}), where the plan goes, and how it is applied: only printed
 * unless {@code execute}; extra rows deleted only with {@code deleteExtra}; a plan of more than
 * {@code maxFixes} statements refused.
 */
public record RepairOptions(Location report, Mapping mapping, Map<String, SourceLocation> sources,
                            SourceLocation.Database target, Location out, boolean execute, boolean deleteExtra,
                            long maxFixes, int chunkSize, Duration lockTimeout, int buckets) {

    public static final long DEFAULT_MAX_FIXES = 10_000;

    public RepairOptions {
        sources = Map.copyOf(sources);
    }
}

package io.cutover.backfill;

import io.cutover.mapping.Mapping;
import io.cutover.verify.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * One {@code cutover backfill} run: the mapping (and its file's text, whose digest every
 * checkpoint records), where each old source is read from, the target database written, the
 * entities asked for (empty: every entity a backfill may write, in the mapping's order, which is
 * the hierarchy's) and how gently to load them.
 */
public record BackfillSpec(Mapping mapping, String mappingText, Map<String, SourceLocation> sources,
                           SourceLocation.Database target, List<String> entities, BackfillOptions options) {

    public BackfillSpec {
        sources = Map.copyOf(sources);
        entities = List.copyOf(entities);
    }
}

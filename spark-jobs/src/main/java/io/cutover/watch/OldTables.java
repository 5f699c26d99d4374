package io.cutover.watch;

import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.SideSpec;
import io.cutover.mapping.SourceSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables the mapping reads as old, per schema of a database source. A schema that is not
 * the target's is old as a whole (the Reddit backend); in the target's schema only the tables
 * the sources name are old (the channels_* mirror and auth tables next to discussions_*).
 */
public final class OldTables {
    private OldTables() {}

    public static Map<String, Set<String>> of(Mapping mapping) {
        Map<String, Set<String>> bySchema = new LinkedHashMap<>();
        for (SourceSpec source : mapping.sources().values()) {
            if (source.kind() != SourceSpec.Kind.DATABASE) continue;
            Set<String> tables = bySchema.computeIfAbsent(source.schema(), s -> new TreeSet<>());
            if (!source.schema().equals(mapping.targetSchema()) && mapping.schemas().containsKey(source.schema())) {
                tables.addAll(mapping.catalog(source.schema()).tables().keySet());
            }
            for (EntitySpec e : mapping.entities()) {
                SideSpec side = e.from().get(source.name());
                if (side == null) continue;
                for (String t : new String[] {side.table(), side.thing(), side.data()}) if (t != null) tables.add(t.toLowerCase());
            }
        }
        return bySchema;
    }
}

package io.cutover.backfill;

import io.cutover.mapping.EntitySpec;
import io.cutover.mapping.Mapping;
import io.cutover.outcome.CutoverException;
import io.cutover.schema.Catalog;
import java.util.List;
import java.util.Locale;

/**
 * One entity to backfill: its target table as written, the mapping's digest and the run's
 * snapshot id for the checkpoint, and the rows expected (for progress and ETA; 0 if unknown).
 */
public record BackfillJob(String entity, TargetTable target, String mappingDigest, String runId, long expectedRows,
                          boolean inPlace) {

    /** A job that inserts rows ({@code inPlace} false). */
    public BackfillJob(String entity, TargetTable target, String mappingDigest, String runId, long expectedRows) {
        this(entity, target, mappingDigest, runId, expectedRows, false);
    }

    /** The same job with another run id and row count. */
    BackfillJob counted(String run, long expected) {
        return new BackfillJob(entity, target, mappingDigest, run, expected, inPlace);
    }

    /**
     * A job that fills {@code fill}'s columns into the rows of a target the entity's own sources
     * read ({@link InPlaceColumns}, checked there): the rows carry the key and those columns.
     */
    static BackfillJob inPlace(Catalog targetCatalog, InPlaceColumns fill, List<String> columns, String mappingDigest) {
        EntitySpec spec = fill.entity();
        return new BackfillJob(spec.name(), TargetTable.of(targetCatalog, spec.table(), spec.key(), columns), mappingDigest,
                "pending", 0, true);
    }

    /**
     * The entity as the mapping declares it: its target table and key, checked by
     * {@link WriteTargetGuard}; {@code columns} are the ones the row builder fills. A renumbered
     * surrogate (the target's {@code surrogate:}) must not be among them: the target's identity
     * supplies it. Configuration errors exit 2 before anything is written.
     */
    public static BackfillJob of(Mapping mapping, Catalog targetCatalog, String entity, List<String> columns,
                                 String mappingDigest, String runId, long expectedRows) {
        EntitySpec spec = mapping.entity(entity).orElseThrow(() -> CutoverException.configuration(
                "backfill: mapping '" + mapping.name() + "' has no entity '" + entity + "'"));
        WriteTargetGuard.check(mapping, spec.table());
        for (String s : spec.surrogate()) {
            if (columns.stream().anyMatch(c -> c.equalsIgnoreCase(s))) {
                throw CutoverException.configuration("backfill of " + entity + ": " + spec.table() + "." + s.toLowerCase(Locale.ROOT)
                        + " is a renumbered surrogate; the table's own identity numbers new rows, so rows must not carry it");
            }
        }
        return new BackfillJob(entity, TargetTable.of(targetCatalog, spec.table(), spec.key(), columns), mappingDigest, runId,
                expectedRows);
    }
}

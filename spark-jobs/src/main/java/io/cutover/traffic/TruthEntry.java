package io.cutover.traffic;

import java.util.Map;

/**
 * One difference the traffic left between the old world and the new tables on purpose: a dual
 * write lost or damaged on the new side, or (phase new-only) a write the old side never got.
 * {@code entity} and {@code key} are as verify reports them (e.g. post {"id":N}, postvote
 * {"post_id":N,"voter_id":"name"}); {@code column} is null for a whole row; {@code category}
 * is what verify calls the difference (missing_in_new, extra_in_new, changed, aggregate);
 * {@code kind} is lost, damaged or new_only; {@code operation} the write that made it, at
 * {@code when} (ISO-8601).
 */
public record TruthEntry(String entity, Map<String, Object> key, String column, String category, String kind,
                         String operation, String when) {
}

package io.cutover.mapping;

import java.util.List;
import java.util.Map;

/**
 * An old table with no new counterpart that stays after the cutover. Its {@code refs} still
 * hold old surrogate ids of an entity, so they are reached through that entity's natural key.
 * {@code literals} names the Reddit fullname types of id columns (base36 literals).
 */
public record KeptTable(String table, List<KeptRef> refs, Map<String, List<String>> literals,
                        FilePosition location) {
    public record KeptRef(String column, String entity) {}
}

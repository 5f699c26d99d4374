package io.cutover.mapping;

import java.util.Map;

/**
 * Where old rows come from: a database with a DDL schema, or a CSV export with its columns.
 * {@code latest} (CSV only, may be null) makes the export a change log: of the rows that share
 * a key, only those with the greatest {@code by} value count.
 */
public record SourceSpec(String name, Kind kind, String schema, Role role,
                         Map<String, String> csvColumns, Latest latest, FilePosition location) {
    public enum Kind { DATABASE, CSV }

    /**
     * The latest row per {@code key} by {@code by} wins; rows that tie on it all stay, so an
     * exact duplicate of the latest row is still a duplicate key.
     */
    public record Latest(java.util.List<String> key, String by, FilePosition location) {}

    /** truth: the source of record (Reddit); mirror: a copy that may lag (channels_*). */
    public enum Role { TRUTH, MIRROR }
}

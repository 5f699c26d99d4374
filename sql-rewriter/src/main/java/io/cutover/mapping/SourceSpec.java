package io.cutover.mapping;

import java.util.Map;

/** Where old rows come from: a database with a DDL schema, or a CSV export with its columns. */
public record SourceSpec(String name, Kind kind, String schema, Role role,
                         Map<String, String> csvColumns, Location location) {
    public enum Kind { DATABASE, CSV }

    /** truth: the source of record (Reddit); mirror: a copy that may lag (channels_*). */
    public enum Role { TRUTH, MIRROR }
}

package io.cutover.demo;

import io.cutover.outcome.CutoverException;

/**
 * The target design a demo world is built to (domain.md): the 2020 one, new {@code discussions_*}
 * tables beside the mirror; or the 2025 one, the {@code channels_*} tables archived in place with
 * the Reddit ids, the plain text and the archive instant added, and one comment tree table.
 */
public enum Design {
    D2020("2020", "open-discussions.yaml"),
    D2025("2025", "open-discussions-2025.yaml");

    private final String id;
    private final String mapping;

    Design(String id, String mapping) {
        this.id = id;
        this.mapping = mapping;
    }

    public String id() {
        return id;
    }

    /** The shipped mapping (a resource of io.cutover.mapping) that describes this design. */
    public String mapping() {
        return mapping;
    }

    public static Design parse(String value) {
        for (Design d : values()) if (d.id.equals(value)) return d;
        throw CutoverException.configuration("--design must be 2020 or 2025, got '" + value + "'");
    }
}

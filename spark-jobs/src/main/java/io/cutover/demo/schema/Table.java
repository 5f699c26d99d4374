package io.cutover.demo.schema;

import java.util.List;

/**
 * A table as the renderers fill it: its name, its columns in the order a row gives their values
 * (the order of the CREATE TABLE, so a bulk COPY needs no column list), and the column its id
 * sequence numbers, if any (a live write keeps that sequence above the ids it writes).
 */
public record Table(String name, String sequenceColumn, List<String> columns) {
    /** The same table with columns added after its own (an ALTER TABLE ... ADD COLUMN). */
    public Table plus(String... added) {
        List<String> all = new java.util.ArrayList<>(columns);
        all.addAll(List.of(added));
        return new Table(name, sequenceColumn, List.copyOf(all));
    }

    public static Table of(String name, String sequenceColumn, String... columns) {
        return new Table(name, sequenceColumn, List.of(columns));
    }
}

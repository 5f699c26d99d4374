package io.cutover.demo.schema;

/**
 * Where rendered rows go: the COPY streams of a bulk load (a world generated whole), or the
 * statements of a live write (the traffic's dual writes). The renderers of each schema write
 * through it, so a row has one spelling whoever writes it.
 */
public interface Rows {
    /**
     * A timestamp that stands for the writing transaction's own time (SQL {@code now()}): every
     * row a live write touches in one transaction gets the same instant. A bulk load has none.
     */
    long NOW = Long.MIN_VALUE;

    Row row(Table table);

    /**
     * A row, unless the table holds one with the same value in {@code uniqueColumn} already (that
     * one stays as it is). A bulk load fills empty tables with distinct values: a plain row there.
     */
    Row rowUnlessPresent(Table table, String uniqueColumn);
}

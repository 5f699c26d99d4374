package io.cutover.snapshot;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One key range of a table read by one COPY: the statement (holding the range's predicate) and
 * where it reads, for messages. Carries no connection details.
 */
record CopyRange(int index, String copySql, String predicate) implements InputPartition {
    @Override
    public String toString() {
        return "key range " + (index + 1) + (predicate == null ? " (whole table)" : " (" + predicate + ")");
    }
}

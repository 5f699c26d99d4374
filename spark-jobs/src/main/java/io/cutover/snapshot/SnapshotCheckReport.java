package io.cutover.snapshot;

import java.util.List;

/** The outcome of {@code cutover snapshot verify}: every problem names its table and file. */
public record SnapshotCheckReport(String snapshotDir, int tablesChecked, int filesChecked, List<Problem> problems) {

    /** {@code file} is null when the problem concerns the whole table or snapshot. */
    public record Problem(String table, String file, String problem) {
        @Override
        public String toString() {
            return table + (file == null ? "" : " " + file) + ": " + problem;
        }
    }

    public boolean passed() {
        return problems.isEmpty();
    }
}

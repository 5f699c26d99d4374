package io.cutover.snapshot;

import java.util.List;

/**
 * What a restore loaded and how the restored tables compare with the backup; {@code loadSeconds}
 * covers types, tables, COPY, keys, indexes and sequences, {@code checkSeconds} the read-back.
 */
public record RestoreReport(String snapshotId, List<TableResult> tables, double loadSeconds, double checkSeconds) {

    /**
     * One restored table: {@code differences} counts rows in the backup but not in the table
     * plus rows in the table but not in the backup (0 when count and content checksum agree).
     */
    public record TableResult(String source, String target, long rowsInBackup, long rowsRestored,
                              String backupChecksum, String restoredChecksum, long differences) {
        public boolean matches() {
            return differences == 0 && rowsInBackup == rowsRestored && backupChecksum.equals(restoredChecksum);
        }
    }

    public long differences() {
        return tables.stream().mapToLong(TableResult::differences).sum();
    }

    public boolean matches() {
        return tables.stream().allMatch(TableResult::matches);
    }
}

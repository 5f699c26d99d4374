package io.cutover.snapshot;

import io.cutover.outcome.CutoverException;
import io.cutover.snapshot.SnapshotManifest.FileEntry;
import io.cutover.storage.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The snapshot's check of its own files right after they are written: every file's footer rows
 * and sha256, and every row decoded again by Spark's Parquet reader (not the writer) into the
 * content checksum, per file; files must add up to exactly what the readers read, or the
 * snapshot fails. Large tables are read back one by one as they finish (overlapping other
 * tables' reads); the small ones together, in one Spark job.
 */
final class ReadBack {
    private ReadBack() {}

    /** A table's (or file source's) files as written (with the schema written), with what the readers counted and hashed. */
    record Pending(String label, Location dir, StructType schema, long rows, ContentChecksum checksum, double writeSeconds) {}

    /** The files, checked. */
    record Written(long rows, ContentChecksum checksum, List<FileEntry> files, double writeSeconds, double readBackSeconds) {}

    static Written one(SparkSession spark, Pending p) throws IOException {
        return all(spark, List.of(p)).get(0);
    }

    /**
     * All of them in one Spark job. If the job fails (a file that cannot be decoded), each is
     * read back alone, so that the failure names its table.
     */
    static List<Written> all(SparkSession spark, List<Pending> pending) throws IOException {
        if (pending.isEmpty()) return List.of();
        long t0 = System.nanoTime();
        List<List<String>> paths = new ArrayList<>();
        for (Pending p : pending) paths.add(ParquetFiles.list(p.dir()).stream().map(Location::uri).toList());
        List<Map<String, StoredChecksums.PerFile>> back;
        try {
            back = StoredChecksums.readAll(spark, paths, pending.stream().map(Pending::schema).toList(),
                    SnapshotManifest.FORMAT_VERSION);
        } catch (RuntimeException e) {
            if (pending.size() == 1) throw e;
            List<Written> written = new ArrayList<>();
            for (Pending p : pending) written.add(one(spark, p));
            return written;
        }
        // Each table's share of the one job, so that the manifest's timings still add up.
        double seconds = (System.nanoTime() - t0) / 1e9 / pending.size();
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) written.add(check(pending.get(i), back.get(i), seconds));
        return written;
    }

    private static Written check(Pending p, Map<String, StoredChecksums.PerFile> back, double seconds) throws IOException {
        Map<String, ContentChecksum> perFile = new HashMap<>();
        back.forEach((name, f) -> perFile.put(name, f.checksum()));
        List<FileEntry> files = ParquetFiles.describe(p.dir(), perFile);
        long footerRows = files.stream().mapToLong(FileEntry::rows).sum();
        long readBackRows = back.values().stream().mapToLong(StoredChecksums.PerFile::rows).sum();
        ContentChecksum readBack = StoredChecksums.total(back);
        if (footerRows != p.rows() || readBackRows != p.rows() || !readBack.equals(p.checksum())) {
            throw CutoverException.failure(p.label() + ": read-back does not match what was read: " + p.rows()
                    + " rows, checksum " + p.checksum() + " read; files hold " + footerRows + " rows (" + readBackRows
                    + " readable), checksum " + readBack, null);
        }
        return new Written(p.rows(), p.checksum(), files, p.writeSeconds(), seconds);
    }
}

package io.cutover.snapshot;

import io.cutover.snapshot.SnapshotManifest.DatabaseEntry;
import io.cutover.snapshot.SnapshotManifest.FileEntry;
import io.cutover.snapshot.SnapshotManifest.StoredData;
import io.cutover.snapshot.SnapshotManifest.TableEntry;
import io.cutover.snapshot.SnapshotCheckReport.Problem;
import io.cutover.storage.Location;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code cutover snapshot verify}: re-reads every file of a committed snapshot and checks it
 * against the manifest: presence, size, sha256, footer row count, and the content checksum
 * recomputed from the decoded rows (per file, and summed per table), with the row hash of the
 * manifest's format. The files of every table are decoded in one Spark job.
 */
public final class SnapshotVerifier {
    private SnapshotVerifier() {}

    /** A local snapshot directory, as tests and local callers name it. */
    public static SnapshotCheckReport verify(SparkSession spark, Path snapshotDir, PrintStream out) {
        return verify(spark, Location.local(snapshotDir), out);
    }

    public static SnapshotCheckReport verify(SparkSession spark, Location snapshotDir, PrintStream out) {
        SnapshotManifest manifest;
        try {
            manifest = ManifestFile.read(snapshotDir);
        } catch (ManifestFile.IncompleteSnapshotException e) {
            out.println("FAILED " + e.getMessage());
            return new SnapshotCheckReport(snapshotDir.toString(), 0, 0,
                    List.of(new Problem(snapshotDir.toString(), null, "no " + SnapshotManifest.FILE_NAME
                            + ": the snapshot is incomplete (killed or failed run)")));
        }
        int format = manifest.formatVersion();
        List<Inspected> inspected = new ArrayList<>();
        for (DatabaseEntry db : manifest.databases()) {
            for (TableEntry t : db.tables()) {
                String label = t.label(db.database());
                List<Problem> found = new ArrayList<>();
                if (t.rowsInSnapshot() != t.rowsWritten()) {
                    found.add(new Problem(label, null, "manifest says " + t.rowsInSnapshot() + " rows in the snapshot but "
                            + t.rowsWritten() + " written"));
                }
                inspected.add(inspect(snapshotDir, label, t, found));
            }
        }
        for (var f : manifest.fileSources()) inspected.add(inspect(snapshotDir, f.label(null), f, new ArrayList<>()));

        // The intact files of every table decoded in one Spark job; should that fail, table by table.
        List<Map<String, StoredChecksums.PerFile>> decoded = null;
        try {
            decoded = StoredChecksums.readAll(spark, inspected.stream().map(Inspected::intact).toList(), format);
        } catch (RuntimeException e) {
            // each table below, alone, so that the failure names it
        }
        List<Problem> problems = new ArrayList<>();
        int files = 0;
        for (int i = 0; i < inspected.size(); i++) {
            Inspected t = inspected.get(i);
            if (decoded != null) compare(t.label(), t.data(), t.intact(), decoded.get(i), t.problems());
            else compareContent(spark, format, t.label(), t.data(), t.intact(), t.problems());
            // Each damaged file alone, so that its error names it.
            for (FileEntry f : t.damaged()) {
                compareContent(spark, format, t.label(), t.data(),
                        List.of(snapshotDir.resolve(t.data().path()).resolve(f.name()).uri()), t.problems());
            }
            report(out, t.label(), t.problems());
            problems.addAll(t.problems());
            files += t.files();
        }
        int tables = inspected.size();
        if (problems.isEmpty()) {
            out.printf("snapshot %s verified: %d tables, %d files, all sizes, digests, row counts and content checksums match%n",
                    manifest.snapshotId(), tables, files);
        } else {
            out.printf("snapshot %s FAILED verification: %d problems%n", manifest.snapshotId(), problems.size());
        }
        return new SnapshotCheckReport(snapshotDir.toString(), tables, files, List.copyOf(problems));
    }

    /** A table's (or file source's) files as found: those whose size, sha256 and footer match, and those that do not. */
    private record Inspected(String label, StoredData data, List<String> intact, List<FileEntry> damaged,
                             List<Problem> problems, int files) {}

    private static Inspected inspect(Location snapshotDir, String label, StoredData data, List<Problem> problems) {
        Location dir = snapshotDir.resolve(data.path());
        long rows = 0;
        ContentChecksum sum = ContentChecksum.EMPTY;
        for (FileEntry f : data.files()) {
            rows += f.rows();
            sum = sum.plus(ContentChecksum.parse(f.contentChecksum()));
        }
        if (rows != data.rowsWritten() || !sum.hex().equals(data.contentChecksum())) {
            problems.add(new Problem(label, null, "the manifest's file entries (" + rows + " rows, checksum " + sum
                    + ") do not add up to the table's (" + data.rowsWritten() + " rows, checksum " + data.contentChecksum() + ")"));
        }
        List<String> intact = new ArrayList<>();
        List<FileEntry> damaged = new ArrayList<>();
        if (!dir.isDirectoryQuietly()) {
            problems.add(new Problem(label, null, "directory " + data.path() + " is missing"));
            return new Inspected(label, data, intact, damaged, problems, 0);
        }
        Set<String> expected = new HashSet<>();
        for (FileEntry f : data.files()) {
            expected.add(f.name());
            Location p = dir.resolve(f.name());
            String where = data.path() + "/" + f.name();
            try {
                if (!p.isFileQuietly()) {
                    problems.add(new Problem(label, where, "missing"));
                    continue;
                }
                long size = p.size();
                boolean ok = true;
                if (size != f.bytes()) {
                    problems.add(new Problem(label, where, "size " + size + " bytes, manifest says " + f.bytes()
                            + (size < f.bytes() ? " (truncated)" : "")));
                    ok = false;
                }
                String sha = ParquetFiles.sha256(p);
                if (!sha.equals(f.sha256())) {
                    problems.add(new Problem(label, where, "sha256 " + sha + ", manifest says " + f.sha256()));
                    ok = false;
                }
                try {
                    long footer = ParquetFiles.footerRows(p);
                    if (footer != f.rows()) {
                        problems.add(new Problem(label, where, "footer holds " + footer + " rows, manifest says " + f.rows()));
                        ok = false;
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(new Problem(label, where, "not a readable Parquet file: " + SnapshotJob.reason(e)));
                    continue;
                }
                if (ok) intact.add(p.uri()); else damaged.add(f);
            } catch (IOException e) {
                problems.add(new Problem(label, where, "cannot read: " + e.getMessage()));
            }
        }
        try {
            for (Location p : ParquetFiles.list(dir)) {
                if (!expected.contains(p.name())) {
                    problems.add(new Problem(label, data.path() + "/" + p.name(), "not in the manifest"));
                }
            }
        } catch (IOException e) {
            problems.add(new Problem(label, null, "cannot list " + data.path() + ": " + e.getMessage()));
        }
        return new Inspected(label, data, intact, damaged, problems, data.files().size());
    }

    private static void compareContent(SparkSession spark, int format, String label, StoredData data, List<String> paths,
                                       List<Problem> problems) {
        if (paths.isEmpty()) return;
        Map<String, StoredChecksums.PerFile> perFile;
        try {
            perFile = StoredChecksums.read(spark, paths, format);
        } catch (Exception e) {
            String where = paths.size() == 1 ? data.path() + "/" + new org.apache.hadoop.fs.Path(paths.get(0)).getName() : null;
            problems.add(new Problem(label, where, "rows cannot be decoded: " + SnapshotJob.reason(e)));
            return;
        }
        compare(label, data, paths, perFile, problems);
    }

    /** The decoded rows and checksum of each of {@code paths} against its manifest entry. */
    private static void compare(String label, StoredData data, List<String> paths, Map<String, StoredChecksums.PerFile> perFile,
                                List<Problem> problems) {
        for (FileEntry f : data.files()) {
            if (paths.stream().noneMatch(p -> new org.apache.hadoop.fs.Path(p).getName().equals(f.name()))) continue;
            StoredChecksums.PerFile got = perFile.getOrDefault(f.name(), new StoredChecksums.PerFile(0, ContentChecksum.EMPTY));
            if (got.rows() != f.rows() || !got.checksum().hex().equals(f.contentChecksum())) {
                problems.add(new Problem(label, data.path() + "/" + f.name(), "content: " + got.rows() + " rows, checksum "
                        + got.checksum() + "; manifest says " + f.rows() + " rows, checksum " + f.contentChecksum()));
            }
        }
    }

    private static void report(PrintStream out, String label, List<Problem> problems) {
        if (problems.isEmpty()) {
            out.println("  ok     " + label);
        } else {
            for (Problem p : problems) out.println("  FAILED " + p);
        }
    }
}

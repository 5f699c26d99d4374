package io.cutover.snapshot;

import io.cutover.outcome.CutoverException;
import io.cutover.snapshot.SnapshotManifest.DatabaseEntry;
import io.cutover.snapshot.SnapshotManifest.FileSourceEntry;
import io.cutover.snapshot.SnapshotManifest.TableEntry;
import io.cutover.storage.Location;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares two committed snapshots from their manifests alone: the rows counted in each cut and
 * the 128-bit content checksum per table (and file source). Equal checksums mean equal content
 * whatever the file layout, so this needs no data read and answers in milliseconds.
 */
public final class SnapshotDiff {
    private SnapshotDiff() {}

    /** What happened to one table between A and B. */
    public enum Change { ADDED, GONE, CHANGED }

    /** One table (label {@code database.schema.table} or {@code file source NAME}) that is not the same in B. */
    public record TableChange(String label, Change change, long rowsA, long rowsB, boolean checksumEqual) {
        public String describe() {
            return switch (change) {
                case ADDED -> label + ": added in B (" + String.format("%,d", rowsB) + " rows)";
                case GONE -> label + ": gone in B (had " + String.format("%,d", rowsA) + " rows)";
                case CHANGED -> label + ": rows " + String.format("%,d", rowsA) + " -> " + String.format("%,d", rowsB)
                        + (checksumEqual ? "" : ", content checksum differs");
            };
        }
    }

    public record Result(String snapshotA, String snapshotB, int tablesCompared, List<TableChange> changes) {
        public boolean equal() {
            return changes.isEmpty();
        }
    }

    /** Reads both manifests; a directory that is not a committed snapshot is a configuration error naming it. */
    public static Result compare(Location a, Location b) {
        SnapshotManifest ma = committed(a);
        SnapshotManifest mb = committed(b);
        if (ma.formatVersion() != mb.formatVersion()) {
            // Checksums of two row hashes never agree, equal content or not: comparing them would
            // call every table changed.
            throw CutoverException.configuration("cannot compare " + a + " (manifest format " + ma.formatVersion()
                    + ", content checksums of " + SnapshotManifest.rowHash(ma.formatVersion()) + ") with " + b
                    + " (manifest format " + mb.formatVersion() + ", " + SnapshotManifest.rowHash(mb.formatVersion())
                    + "): their checksums come from different row hashes; compare two snapshots of the same format");
        }
        Map<String, Stored> left = stored(ma);
        Map<String, Stored> right = stored(mb);
        TreeSet<String> labels = new TreeSet<>(left.keySet());
        labels.addAll(right.keySet());
        List<TableChange> changes = new ArrayList<>();
        for (String label : labels) {
            Stored x = left.get(label);
            Stored y = right.get(label);
            if (x == null) changes.add(new TableChange(label, Change.ADDED, 0, y.rows, false));
            else if (y == null) changes.add(new TableChange(label, Change.GONE, x.rows, 0, false));
            else if (x.rows != y.rows || !x.checksum.equals(y.checksum)) {
                changes.add(new TableChange(label, Change.CHANGED, x.rows, y.rows, x.checksum.equals(y.checksum)));
            }
        }
        return new Result(ma.snapshotId(), mb.snapshotId(), labels.size(), List.copyOf(changes));
    }

    public static void print(Result r, PrintStream out) {
        for (TableChange c : r.changes()) out.println("  " + c.describe());
        out.println(r.equal()
                ? "snapshot diff: " + r.snapshotA() + " and " + r.snapshotB() + " are equal (" + r.tablesCompared()
                        + " tables: same rows, same content checksums)"
                : "snapshot diff: " + r.changes().size() + " of " + r.tablesCompared() + " tables differ between "
                        + r.snapshotA() + " and " + r.snapshotB() + ": "
                        + String.join(", ", r.changes().stream().map(TableChange::label).toList()));
    }

    static SnapshotManifest committed(Location dir) {
        try {
            return ManifestFile.read(dir);
        } catch (ManifestFile.IncompleteSnapshotException e) {
            throw CutoverException.configuration(e.getMessage());
        }
    }

    private record Stored(long rows, String checksum) {}

    private static Map<String, Stored> stored(SnapshotManifest m) {
        Map<String, Stored> all = new LinkedHashMap<>();
        for (DatabaseEntry d : m.databases()) {
            for (TableEntry t : d.tables()) all.put(t.label(d.database()), new Stored(t.rowsInSnapshot(), t.contentChecksum()));
        }
        for (FileSourceEntry f : m.fileSources()) all.put(f.label(null), new Stored(f.rowsWritten(), f.contentChecksum()));
        return all;
    }
}

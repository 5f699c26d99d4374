package io.cutover.snapshot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cutover.outcome.CutoverException;
import io.cutover.storage.AtomicFile;
import io.cutover.storage.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and commits {@link SnapshotManifest}s. */
public final class ManifestFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ManifestFile() {}

    public static Location of(Location snapshotDir) {
        return snapshotDir.resolve(SnapshotManifest.FILE_NAME);
    }

    public static boolean isCommitted(Location snapshotDir) {
        return of(snapshotDir).isFileQuietly();
    }

    public static boolean isCommitted(Path snapshotDir) {
        return isCommitted(Location.local(snapshotDir));
    }

    /**
     * Writes the manifest last, as the snapshot's commit point: it appears whole or not at all,
     * and an existing one is never replaced (by rename where that is atomic, by one PUT on an
     * object store: {@link AtomicFile}).
     */
    static void commit(Location snapshotDir, SnapshotManifest manifest) throws IOException {
        AtomicFile.commit(of(snapshotDir), JSON.writeValueAsBytes(manifest));
    }

    /** A local snapshot directory, as tests and local callers name it. */
    public static SnapshotManifest read(Path snapshotDir) {
        return read(Location.local(snapshotDir));
    }

    /** Reads a committed manifest; a directory without one is reported as an incomplete snapshot. */
    public static SnapshotManifest read(Location snapshotDir) {
        if (!snapshotDir.isDirectoryQuietly()) {
            throw CutoverException.configuration("no snapshot directory at " + snapshotDir);
        }
        try (InputStream in = of(snapshotDir).open()) {
            SnapshotManifest m = JSON.readValue(in, SnapshotManifest.class);
            if (m.formatVersion() < SnapshotManifest.OLDEST_FORMAT_VERSION || m.formatVersion() > SnapshotManifest.FORMAT_VERSION) {
                throw CutoverException.configuration(of(snapshotDir) + ": manifest format " + m.formatVersion()
                        + " is not one of the supported " + SnapshotManifest.OLDEST_FORMAT_VERSION + " to "
                        + SnapshotManifest.FORMAT_VERSION);
            }
            return m;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IncompleteSnapshotException(snapshotDir);
        } catch (IOException e) {
            throw CutoverException.failure("cannot read " + of(snapshotDir) + ": " + e.getMessage(), e);
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A snapshot directory that was never committed: a run was killed or failed. */
    public static final class IncompleteSnapshotException extends RuntimeException {
        public IncompleteSnapshotException(Location dir) {
            super(dir + " is not a complete snapshot: it has no " + SnapshotManifest.FILE_NAME
                    + " (the run that wrote it was killed or failed); do not restore from it");
        }
    }
}

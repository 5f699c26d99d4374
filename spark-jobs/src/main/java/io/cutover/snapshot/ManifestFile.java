package io.cutover.snapshot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cutover.outcome.CutoverException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Reads and commits {@link SnapshotManifest}s. */
public final class ManifestFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ManifestFile() {}

    public static Path of(Path snapshotDir) {
        return snapshotDir.resolve(SnapshotManifest.FILE_NAME);
    }

    public static boolean isCommitted(Path snapshotDir) {
        return Files.isRegularFile(of(snapshotDir));
    }

    /**
     * Writes the manifest to a temporary file, forces it to disk, then moves it into place
     * atomically: the manifest appears whole or not at all, and an existing one is never
     * replaced.
     */
    static void commit(Path snapshotDir, SnapshotManifest manifest) throws IOException {
        Path target = of(snapshotDir);
        Path temp = snapshotDir.resolve("." + SnapshotManifest.FILE_NAME + ".tmp");
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        if (Files.exists(target)) {
            Files.delete(temp);
            throw new FileAlreadyExistsException(target.toString(), null, "a committed manifest is already there");
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a committed manifest; a directory without one is reported as an incomplete snapshot. */
    public static SnapshotManifest read(Path snapshotDir) {
        if (!Files.isDirectory(snapshotDir)) {
            throw CutoverException.configuration("no snapshot directory at " + snapshotDir);
        }
        try {
            SnapshotManifest m = JSON.readValue(of(snapshotDir).toFile(), SnapshotManifest.class);
            if (m.formatVersion() != SnapshotManifest.FORMAT_VERSION) {
                throw CutoverException.configuration(of(snapshotDir) + ": manifest format " + m.formatVersion()
                        + " is not the supported " + SnapshotManifest.FORMAT_VERSION);
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
        public IncompleteSnapshotException(Path dir) {
            super(dir + " is not a complete snapshot: it has no " + SnapshotManifest.FILE_NAME
                    + " (the run that wrote it was killed or failed); do not restore from it");
        }
    }
}

package io.cutover.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;

/**
 * A small file that is a commit point (a snapshot's manifest): it appears whole or not at all,
 * and an existing one is never replaced.
 *
 * <p>On HDFS and local disks: written to a temporary file beside it, forced to disk
 * ({@code hsync}), then renamed into place, which is atomic there. On object stores: one upload,
 * visible only when it completes, made only if no object is there ({@link CreateIfAbsent}: the
 * store refuses a second one where the connector can say so, S3A from Hadoop 3.4.2); a rename
 * there would be a copy, visible half-done to nobody but not atomic either.
 */
public final class AtomicFile {
    private AtomicFile() {}

    public static void commit(Location target, byte[] bytes) throws IOException {
        refuseExisting(target);
        if (!Stores.renameIsAtomic(target)) {
            CreateIfAbsent.write(target, bytes);
            return;
        }
        // A temporary file of its own: two writers racing for one commit must never share (and delete) one.
        Location temp = target.sibling("." + target.name() + "." + UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = temp.create(false)) {
            out.write(bytes);
            out.hsync();
        }
        if (target.exists()) {
            temp.deleteRecursively();
            refuseExisting(target);
        }
        temp.renameTo(target);
    }

    private static void refuseExisting(Location target) throws IOException {
        if (target.exists()) {
            throw new FileAlreadyExistsException(target.toString(), null, "a committed file is already there");
        }
    }
}

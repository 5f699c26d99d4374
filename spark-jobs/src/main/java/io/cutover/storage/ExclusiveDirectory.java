package io.cutover.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;
import org.apache.hadoop.security.AccessControlException;

/**
 * Creates a directory that only one of several runs may own (two snapshots started with the
 * same id). Local disks: {@code mkdir} fails when the directory exists. HDFS: {@code mkdirs}
 * succeeds on an existing directory, so the run that creates the claim file inside it with
 * overwrite off wins (the NameNode refuses the second create). Object stores have no such
 * guarantee: the claim's existence check and its PUT are two requests (see docs/snapshot.md).
 */
public final class ExclusiveDirectory {
    /** In the directory's root, where no reader looks for data. */
    public static final String CLAIM = ".claimed";

    private ExclusiveDirectory() {}

    public static void create(Location dir) throws IOException {
        if (dir.isLocal()) {
            java.nio.file.Path p = dir.localPath();
            Files.createDirectory(p);
            if (!Files.isWritable(p)) throw new AccessDeniedException(dir.toString());
            return;
        }
        try {
            if (dir.exists()) throw new FileAlreadyExistsException(dir.toString());
            dir.mkdirs();
            try (OutputStream out = dir.resolve(CLAIM).create(false)) {
                out.write(("claimed at " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(dir.toString());
        } catch (AccessControlException e) {
            throw new AccessDeniedException(dir.toString(), null, e.getMessage());
        }
    }
}

package io.cutover.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.security.AccessControlException;

/**
 * Creates a directory that only one of several runs may own (two snapshots started with the
 * same id). Local disks: {@code mkdir} fails when the directory exists. HDFS and object stores:
 * a directory is no lock there ({@code mkdirs} succeeds on an existing one, and on an object store
 * a directory is only a name prefix), so the run that creates the claim file inside it wins
 * ({@link CreateIfAbsent}: the NameNode, or the object store's conditional upload, refuses the
 * second). An object store without conditional uploads cannot promise it: the claim says so.
 */
public final class ExclusiveDirectory {
    /** In the directory's root, where no reader looks for data. */
    public static final String CLAIM = ".claimed";

    private ExclusiveDirectory() {}

    /**
     * A claimed directory; {@code caveat} is present when the store could not make the claim
     * exclusive (two runs at the same moment could both hold it).
     */
    public record Claim(Location dir, Optional<String> caveat) {}

    public static Claim create(Location dir) throws IOException {
        if (dir.isLocal()) {
            java.nio.file.Path p = dir.localPath();
            Files.createDirectory(p);
            if (!Files.isWritable(p)) throw new AccessDeniedException(dir.toString());
            return new Claim(dir, Optional.empty());
        }
        try {
            if (dir.exists()) throw new FileAlreadyExistsException(dir.toString());
            dir.mkdirs();
            Location claim = dir.resolve(CLAIM);
            CreateIfAbsent.write(claim, ("claimed at " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
            return new Claim(dir, Stores.createsExclusively(claim) ? Optional.empty() : Optional.of(caveat(dir)));
        } catch (FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(dir.toString());
        } catch (AccessControlException e) {
            throw new AccessDeniedException(dir.toString(), null, e.getMessage());
        }
    }

    private static String caveat(Location dir) {
        return Stores.name(dir) + " cannot create an object only if none exists (its connector does not declare "
                + Options.CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE + "; S3A does from Hadoop 3.4.2): "
                + "a second run started with the same id at this moment could also write to " + dir
                + ", and its manifest is checked before it is written, not refused by the store; give every run its own --id";
    }
}

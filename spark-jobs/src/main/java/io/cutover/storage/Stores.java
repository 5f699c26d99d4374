package io.cutover.storage;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;

/**
 * What a store promises that a commit relies on. HDFS and local disks rename atomically; object
 * stores (S3, GCS, Azure Blob/ADLS, ...) do not (a rename is a copy and a delete, a directory
 * rename is many of them), but they make an object visible only when its upload completes, and
 * some can refuse an upload when the object already exists.
 */
final class Stores {
    private Stores() {}

    /** Object store connectors by scheme (Hadoop has no capability for "rename is atomic"). */
    private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs",
            "oss", "cosn", "obs");

    /** Whether a rename here is atomic: false for object stores, by scheme or by what the connector declares. */
    static boolean renameIsAtomic(Location where) throws IOException {
        return !isObjectStore(where);
    }

    static boolean isObjectStore(Location where) throws IOException {
        if (where.isLocal()) return false;
        String scheme = where.scheme() == null ? "" : where.scheme().toLowerCase(Locale.ROOT);
        if (OBJECT_STORES.contains(scheme)) return true;
        FileSystem fs = where.fileSystem();
        // Connectors of object stores declare these; HDFS and POSIX-like stores do not.
        return fs.hasPathCapability(where.hadoopPath(), CommonPathCapabilities.ETAGS_AVAILABLE)
                || fs.hasPathCapability(where.hadoopPath(), CommonPathCapabilities.DIRECTORY_LISTING_INCONSISTENT);
    }

    /**
     * Whether of several writers creating one new file at once, exactly one succeeds. Local disks
     * (a directory made with {@code mkdir}) and HDFS (the NameNode) do; an object store does when
     * its connector can make the upload conditional on the object's absence (S3A from Hadoop 3.4.2,
     * unless {@code fs.s3a.create.conditional.enabled} is false).
     */
    static boolean createsExclusively(Location where) throws IOException {
        if (!isObjectStore(where)) return true;
        return where.fileSystem().hasPathCapability(where.hadoopPath(),
                Options.CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE);
    }

    /** The store as a user names it, for messages: {@code s3a://bucket}. */
    static String name(Location where) {
        var uri = where.hadoopPath().toUri();
        return uri.getAuthority() == null ? uri.getScheme() + ":" : uri.getScheme() + "://" + uri.getAuthority();
    }
}

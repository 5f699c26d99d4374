package io.cutover.storage;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FileSystem;

/**
 * What a store promises that a commit relies on. HDFS and local disks rename atomically; object
 * stores (S3, GCS, Azure Blob/ADLS, ...) do not (a rename is a copy and a delete, a directory
 * rename is many of them), but they make an object visible only when its upload completes.
 */
final class Stores {
    private Stores() {}

    /** Object store connectors by scheme (Hadoop has no capability for "rename is atomic"). */
    private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs",
            "oss", "cosn", "obs");

    /** Whether a rename here is atomic: false for object stores, by scheme or by what the connector declares. */
    static boolean renameIsAtomic(Location where) throws IOException {
        if (where.isLocal()) return true;
        String scheme = where.scheme() == null ? "" : where.scheme().toLowerCase(Locale.ROOT);
        if (OBJECT_STORES.contains(scheme)) return false;
        FileSystem fs = where.fileSystem();
        // Connectors of object stores declare these; HDFS and POSIX-like stores do not.
        return !fs.hasPathCapability(where.hadoopPath(), CommonPathCapabilities.ETAGS_AVAILABLE)
                && !fs.hasPathCapability(where.hadoopPath(), CommonPathCapabilities.DIRECTORY_LISTING_INCONSISTENT);
    }
}

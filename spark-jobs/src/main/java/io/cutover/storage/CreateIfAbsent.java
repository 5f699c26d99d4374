package io.cutover.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.Options;

/**
 * Writes a small file only if nothing is at its path, so that of several runs creating it at
 * once exactly one succeeds and the others get {@link FileAlreadyExistsException}: the claim on a
 * snapshot id, and a manifest on an object store.
 *
 * <p>HDFS: a create with overwrite off, which the NameNode grants once. Object stores that
 * declare {@link Options.CreateFileOptionKeys#FS_OPTION_CREATE_CONDITIONAL_OVERWRITE} (S3A from
 * Hadoop 3.4.2): the upload carries {@code If-None-Match: *}, so the store itself refuses the
 * second one, when it completes at {@code close()}; S3A then throws {@code RemoteFileChangedException}
 * (HTTP 412). Other object stores: an existence check, then the upload: two requests, so two
 * runs at the same moment can both pass ({@link Stores#createsExclusively} says which).
 */
final class CreateIfAbsent {
    /** S3A's exception for a failed precondition; hadoop-aws is the cluster's, not on our compile path. */
    private static final String PRECONDITION_FAILED = "org.apache.hadoop.fs.s3a.RemoteFileChangedException";

    private CreateIfAbsent() {}

    static void write(Location target, byte[] bytes) throws IOException {
        if (target.exists()) throw alreadyThere(target);
        FSDataOutputStreamBuilder<?, ?> builder = target.fileSystem().createFile(target.hadoopPath())
                .overwrite(false).recursive();
        if (Stores.isObjectStore(target) && Stores.createsExclusively(target)) {
            builder.must(Options.CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE, true);
        }
        try (OutputStream out = builder.build()) {
            out.write(bytes);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            throw alreadyThere(target);
        } catch (IOException e) {
            if (isPreconditionFailure(e)) throw alreadyThere(target);
            throw e;
        }
    }

    private static boolean isPreconditionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals(PRECONDITION_FAILED)) return true;
        }
        return false;
    }

    private static FileAlreadyExistsException alreadyThere(Location target) {
        return new FileAlreadyExistsException(target.toString(), null, "a file is already there");
    }
}

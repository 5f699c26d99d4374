package io.cutover.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A file or directory the jobs read or write, on any store Hadoop's {@link FileSystem} reaches
 * with Spark's configuration: a local path (no scheme, or {@code file:}), {@code hdfs://},
 * {@code s3a://}, {@code gs://}, {@code abfs://}.
 *
 * <p>A path without a scheme is local (resolved against the working directory), never against
 * {@code fs.defaultFS}: {@code --out /backups} means the same directory whether or not the
 * cluster's default file system is HDFS. Local paths print as they were given. Local files are
 * opened through Hadoop's raw local file system, which writes no {@code .crc} side files.
 */
public final class Location implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    private final String uri;
    private final String shown;
    private final boolean local;

    private Location(String uri, String shown, boolean local) {
        this.uri = uri;
        this.shown = shown;
        this.local = local;
    }

    /** A location as a user writes it: {@code /backups}, {@code file:/backups}, {@code hdfs://nn:8020/backups}. */
    public static Location of(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty path");
        if (!SCHEME.matcher(text).matches()) return local(java.nio.file.Path.of(text));
        Path p = new Path(text);
        if ("file".equalsIgnoreCase(p.toUri().getScheme())) return local(java.nio.file.Path.of(p.toUri().getPath()));
        return new Location(p.toString(), p.toString(), false);
    }

    public static Location local(java.nio.file.Path path) {
        java.nio.file.Path abs = path.toAbsolutePath().normalize();
        return new Location(new Path("file", null, abs.toString()).toString(), path.toString(), true);
    }

    /** {@code child} may hold several names ({@code reddit/public.posts}). */
    public Location resolve(String child) {
        if (local) return local(java.nio.file.Path.of(shown).resolve(child));
        return new Location(new Path(new Path(uri), child).toString(), new Path(new Path(uri), child).toString(), false);
    }

    /** The location beside this one named {@code name}. */
    public Location sibling(String name) {
        if (local) return local(java.nio.file.Path.of(shown).resolveSibling(name));
        Path p = new Path(new Path(uri).getParent(), name);
        return new Location(p.toString(), p.toString(), false);
    }

    public Location parent() {
        if (local) {
            java.nio.file.Path p = java.nio.file.Path.of(shown).toAbsolutePath().normalize().getParent();
            return local(p == null ? java.nio.file.Path.of("/") : p);
        }
        Path p = new Path(uri).getParent();
        return new Location(p.toString(), p.toString(), false);
    }

    public String name() {
        return new Path(uri).getName();
    }

    /** The fully qualified URI, for Spark's readers and writers. */
    public String uri() {
        return uri;
    }

    public boolean isLocal() {
        return local;
    }

    public String scheme() {
        return new Path(uri).toUri().getScheme();
    }

    public Path hadoopPath() {
        return new Path(uri);
    }

    public FileSystem fileSystem() throws IOException {
        Configuration conf = StorageConf.current();
        if (local) return FileSystem.getLocal(conf).getRawFileSystem();
        return hadoopPath().getFileSystem(conf);
    }

    public boolean exists() throws IOException {
        return fileSystem().exists(hadoopPath());
    }

    /** Whether anything is there, for checks that only report (an I/O error counts as no). */
    public boolean existsQuietly() {
        return statusQuietly() != null;
    }

    /** Whether it exists and is a directory, for checks that only report (an I/O error counts as no). */
    public boolean isDirectoryQuietly() {
        FileStatus s = statusQuietly();
        return s != null && s.isDirectory();
    }

    /** Whether it exists and is a file, for checks that only report (an I/O error counts as no). */
    public boolean isFileQuietly() {
        FileStatus s = statusQuietly();
        return s != null && s.isFile();
    }

    private FileStatus statusQuietly() {
        try {
            return status();
        } catch (IOException e) {
            return null;
        }
    }

    private FileStatus status() throws IOException {
        try {
            return fileSystem().getFileStatus(hadoopPath());
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    public long size() throws IOException {
        return fileSystem().getFileStatus(hadoopPath()).getLen();
    }

    /** The files directly inside this directory, by name. */
    public List<Location> files() throws IOException {
        return children(false);
    }

    /** The directories directly inside this directory, by name. */
    public List<Location> directories() throws IOException {
        return children(true);
    }

    private List<Location> children(boolean directories) throws IOException {
        List<Location> out = new ArrayList<>();
        for (FileStatus s : fileSystem().listStatus(hadoopPath())) {
            if (s.isDirectory() == directories) out.add(resolve(s.getPath().getName()));
        }
        out.sort(Comparator.comparing(Location::name));
        return out;
    }

    /** Locally as {@code Files.createDirectories}, so that its errors (access denied, a file in the way) stay what they were. */
    public void mkdirs() throws IOException {
        if (local) {
            java.nio.file.Files.createDirectories(localPath());
            return;
        }
        if (!fileSystem().mkdirs(hadoopPath())) throw new IOException("cannot create directory " + this);
    }

    /** The local file this names; only for a local location. */
    java.nio.file.Path localPath() {
        if (!local) throw new IllegalStateException(this + " is not local");
        return java.nio.file.Path.of(hadoopPath().toUri().getPath());
    }

    public InputStream open() throws IOException {
        return fileSystem().open(hadoopPath());
    }

    /** Creates or replaces a file (reports; not a commit point: see {@link AtomicFile} for those). */
    public OutputStream create() throws IOException {
        return fileSystem().create(hadoopPath(), true);
    }

    FSDataOutputStream create(boolean overwrite) throws IOException {
        return fileSystem().create(hadoopPath(), overwrite);
    }

    /** Writes a small file whole (replacing any), e.g. a report page. */
    public void write(byte[] bytes) throws IOException {
        try (OutputStream out = create()) {
            out.write(bytes);
        }
    }

    /** Removes the file or the directory with everything in it; nothing there is not an error. */
    public void deleteRecursively() throws IOException {
        FileSystem fs = fileSystem();
        if (fs.exists(hadoopPath()) && !fs.delete(hadoopPath(), true)) throw new IOException("cannot delete " + this);
    }

    /**
     * Renames this file or directory to {@code target}, which must not exist. Atomic on HDFS and
     * local disks; on an object store a rename is a copy and a delete, so commit points never use it.
     */
    public void renameTo(Location target) throws IOException {
        if (!fileSystem().rename(hadoopPath(), target.hadoopPath())) {
            throw new IOException("cannot rename " + this + " to " + target);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Location l && l.uri.equals(uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }

    /** As given: a local path prints as a path, a remote one as its URI. */
    @Override
    public String toString() {
        return shown;
    }
}

package io.cutover.snapshot;

import io.cutover.snapshot.SnapshotManifest.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/** The data files of one table directory: names, sizes, digests and footer row counts. */
public final class ParquetFiles {
    private ParquetFiles() {}

    /** Data files as Spark sees them: names starting with '_' or '.' (markers, .crc) are not data. */
    public static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("_") && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Row count from the Parquet footer; throws on a file that is not (or no longer) Parquet. */
    public static long footerRows(Path file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            return r.getRecordCount();
        }
    }

    /** Describes the files just written, with the per-file content checksums from the read-back. */
    static List<FileEntry> describe(Path dir, Map<String, ContentChecksum> checksums) throws IOException {
        List<FileEntry> files = new ArrayList<>();
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            ContentChecksum c = checksums.getOrDefault(name, ContentChecksum.EMPTY);
            files.add(new FileEntry(name, Files.size(p), footerRows(p), sha256(p), c.hex()));
        }
        return files;
    }
}

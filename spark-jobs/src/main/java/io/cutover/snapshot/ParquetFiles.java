package io.cutover.snapshot;

import io.cutover.snapshot.SnapshotManifest.FileEntry;
import io.cutover.storage.Location;
import io.cutover.storage.ParquetInput;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The data files of one table directory: names, sizes, digests and footer row counts. */
public final class ParquetFiles {
    private ParquetFiles() {}

    /** Data files as Spark sees them: names starting with '_' or '.' (markers, .crc) are not data. */
    public static List<Location> list(Location dir) throws IOException {
        return dir.files().stream().filter(p -> !p.name().startsWith("_") && !p.name().startsWith(".")).toList();
    }

    public static String sha256(Location file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = file.open()) {
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Row count from the Parquet footer; throws on a file that is not (or no longer) Parquet. */
    public static long footerRows(Location file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(ParquetInput.of(file))) {
            return r.getRecordCount();
        }
    }

    /**
     * The files the manifest names for one table or file source, as URIs for Spark. Readers use
     * these, never a listing: a file the manifest does not name (a killed task's, a stray copy)
     * is not part of the snapshot. A table written with no files reads as its directory.
     */
    public static String[] named(Location snapshotDir, SnapshotManifest.StoredData data) {
        Location dir = snapshotDir.resolve(data.path());
        if (data.files().isEmpty()) return new String[] {dir.uri()};
        return data.files().stream().map(f -> dir.resolve(f.name()).uri()).toArray(String[]::new);
    }

    /**
     * The stored rows of a table or file source, read with the schema the manifest records.
     * Without it, Spark would infer the schema from a footer in a job of its own (about 0.1 s of
     * fixed cost per read, which added up over a snapshot's many small tables).
     */
    public static Dataset<Row> read(SparkSession spark, Location snapshotDir, SnapshotManifest.StoredData data) {
        StructType schema = schema(data);
        DataFrameReader reader = spark.read();
        if (schema != null) reader = reader.schema(schema);
        return reader.parquet(named(snapshotDir, data));
    }

    /** The Spark schema of the stored rows, or null when the manifest does not say it in a form Spark parses. */
    static StructType schema(SnapshotManifest.StoredData data) {
        List<StructField> fields = new ArrayList<>();
        if (data instanceof SnapshotManifest.TableEntry t) {
            for (SnapshotManifest.ColumnEntry c : t.columns()) {
                if (c.parquetType() == null) return null;
                try {
                    fields.add(DataTypes.createStructField(c.name(), DataType.fromDDL(c.parquetType()), true));
                } catch (RuntimeException e) {
                    return null;
                }
            }
        } else if (data instanceof SnapshotManifest.FileSourceEntry f) {
            // A file source's fields are kept as the exact text they were.
            for (String c : f.columns()) fields.add(DataTypes.createStructField(c, DataTypes.StringType, true));
        } else {
            return null;
        }
        return DataTypes.createStructType(fields);
    }

    /** Describes the files just written, with the per-file content checksums from the read-back. */
    static List<FileEntry> describe(Location dir, Map<String, ContentChecksum> checksums) throws IOException {
        List<FileEntry> files = new ArrayList<>();
        for (Location p : list(dir)) {
            String name = p.name();
            ContentChecksum c = checksums.getOrDefault(name, ContentChecksum.EMPTY);
            files.add(new FileEntry(name, p.size(), footerRows(p), sha256(p), c.hex()));
        }
        return files;
    }
}

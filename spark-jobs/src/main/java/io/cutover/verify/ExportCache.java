package io.cutover.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.outcome.CutoverException;
import io.cutover.storage.AtomicFile;
import io.cutover.storage.Location;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * A CSV export kept parsed, as Parquet, so that a run parses only what was appended since the
 * last one: the export is a change log that only grows. Per source and export, in
 * {@code dir/<source>-<hash of the export's path>/}:
 * Parquet parts (each a run's parse, sorted by thing) and numbered manifests, each naming the
 * export, the bytes of it parsed (whole lines), a SHA-256 of those bytes, the parse rules'
 * identity (the mapping's columns and types of the source) and the parts that hold them.
 *
 * <p>A run reads the newest manifest; if the export still begins with the bytes it names and the
 * rules are the same, only the tail after them is parsed, into a new part, and a new manifest
 * names all the parts. A changed prefix (a rotated or rewritten export) or other rules rebuild
 * the cache, with a line saying why. The parse itself is {@link TableReader#csv}'s, on an exact
 * copy of the byte range (a line the writer is still appending is left for the next run), with
 * errors naming the export and its line.
 *
 * <p>Several runs at once never corrupt it: parts have names of their own, and a manifest is a
 * commit point written only if absent ({@link AtomicFile}); a run that loses the race to commit
 * uses its own parts this once, and the next run reads the newest committed manifest.
 */
final class ExportCache {
    /** One commit of the cache: what of which export the parts hold. */
    record Manifest(int generation, String export, long bytesParsed, String prefixSha256, String parseRules,
                    long linesParsed, List<String> parts) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The parser's own version: a change in how the export is parsed rebuilds every cache. */
    private static final String PARSER = "csv-1";

    private final SparkSession spark;
    private final Location dir;
    private final TableReader reader;
    private final Consumer<String> say;
    /** The manifest each source was read through in this run, for tests and the report. */
    private final Map<String, Manifest> used = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Location> homes = new java.util.concurrent.ConcurrentHashMap<>();

    ExportCache(SparkSession spark, Location dir, TableReader reader, Consumer<String> say) {
        this.spark = spark;
        this.dir = dir;
        this.reader = reader;
        this.say = say;
    }

    /** The export's typed rows, every line of it, as {@link TableReader#csv} would parse them. */
    Dataset<Row> rows(String source, SourceLocation.CsvFile csv, Map<String, String> columns) {
        if (!csv.file().isFileQuietly()) throw CutoverException.configuration("cannot read " + csv.file());
        // One directory per source and export: a run on another export (a test's, last month's) leaves this one be.
        Location home = dir.resolve(source + "-" + hex(digest().digest(csv.file().toString().getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12));
        try {
            home.mkdirs();
            Manifest last = newest(home);
            String rules = rules(columns);
            long length = csv.file().size();
            Manifest next;
            if (last == null) {
                next = rebuild(home, csv, columns, rules, length, 1, null);
            } else if (!last.parseRules().equals(rules)) {
                next = rebuild(home, csv, columns, rules, length, last.generation() + 1,
                        "was written by other parse rules (the mapping's columns of " + source + " changed)");
            } else if (!last.export().equals(csv.file().toString())) {
                next = rebuild(home, csv, columns, rules, length, last.generation() + 1, "was written for " + last.export());
            } else if (length < last.bytesParsed() || !last.prefixSha256().equals(sha256(csv.file(), last.bytesParsed()))) {
                next = rebuild(home, csv, columns, rules, length, last.generation() + 1, "holds the first "
                        + last.bytesParsed() + " bytes of " + csv.file() + ", which changed (a rotated or rewritten export)");
            } else {
                next = appended(home, csv, columns, last, length);
            }
            used.put(source, next);
            homes.put(source, home);
            Dataset<Row> all = null;
            for (String part : next.parts()) {
                Dataset<Row> d = spark.read().parquet(home.resolve(part).uri()).drop(TableReader.CSV_VALUE_ERROR);
                all = all == null ? d : all.unionByName(d);
            }
            return all;
        } catch (IOException e) {
            throw CutoverException.failure("export cache " + home + ": " + e.getMessage(), e);
        }
    }

    /** The manifest this run read {@code source} through, or null. */
    Manifest used(String source) {
        return used.get(source);
    }

    /** Where {@code source}'s parts and manifests are, once this run has read it; null before. */
    Location home(String source) {
        return homes.get(source);
    }

    /** The tail appended since {@code last}, parsed into a part of its own; nothing new: {@code last} itself. */
    private Manifest appended(Location home, SourceLocation.CsvFile csv, Map<String, String> columns, Manifest last, long length)
            throws IOException {
        Range tail = copy(csv.file(), last.bytesParsed(), length, home, true);
        if (tail.bytes() == 0) {
            say.accept("export cache: " + csv.file() + " read from " + home + " (" + last.linesParsed() + " lines, nothing appended)");
            tail.staging().deleteRecursively();
            return last;
        }
        String part = parse(home, tail.staging(), csv, columns);
        List<String> parts = new ArrayList<>(last.parts());
        parts.add(part);
        Manifest next = new Manifest(last.generation() + 1, csv.file().toString(), last.bytesParsed() + tail.bytes(),
                sha256(csv.file(), last.bytesParsed() + tail.bytes()), last.parseRules(), last.linesParsed() + tail.lines(), parts);
        say.accept("export cache: " + csv.file() + ": parsed the " + tail.lines() + " lines appended since the last run ("
                + tail.bytes() + " bytes), " + last.linesParsed() + " read from " + home);
        return commit(home, next);
    }

    private Manifest rebuild(Location home, SourceLocation.CsvFile csv, Map<String, String> columns, String rules, long length,
                             int generation, String why) throws IOException {
        if (why != null) say.accept("export cache: " + home + " " + why + ": rebuilt");
        Range all = copy(csv.file(), 0, length, home, false);
        String part = parse(home, all.staging(), csv, columns);
        Manifest next = new Manifest(generation, csv.file().toString(), all.bytes(), sha256(csv.file(), all.bytes()), rules,
                all.lines(), List.of(part));
        if (why == null) say.accept("export cache: " + csv.file() + " parsed whole (" + all.lines() + " lines) into " + home);
        return commit(home, next);
    }

    /** Parses a staged byte range (the header first) into a new part, sorted by thing; returns its name. */
    private String parse(Location home, Location staging, SourceLocation.CsvFile csv, Map<String, String> columns) {
        String part = "part-" + UUID.randomUUID();
        Dataset<Row> rows = reader.csvMarked(staging, csv.file(), columns);
        String order = columns.containsKey("thing") ? "thing" : columns.keySet().iterator().next();
        Location written = home.resolve(part);
        try {
            // Sorted by thing: each Parquet row group then holds a narrow range of things, which its statistics tell a reader.
            rows.sortWithinPartitions(order).write().mode(SaveMode.ErrorIfExists).parquet(written.uri());
            // A value that does not cast stops the run as a parse of the export would, naming its file and line;
            // the part is removed (no manifest names it). The column's null counts make this read nearly free.
            List<Row> bad = spark.read().parquet(written.uri()).where(TableReader.CSV_VALUE_ERROR + " IS NOT NULL")
                    .select(TableReader.CSV_VALUE_ERROR).limit(1).collectAsList();
            if (!bad.isEmpty()) {
                deleteQuietly(written);
                throw new IllegalArgumentException(bad.get(0).getString(0));
            }
        } finally {
            // A staging file left behind costs space, not correctness: no manifest names it.
            deleteQuietly(staging);
        }
        return part;
    }

    private static void deleteQuietly(Location l) {
        try {
            l.deleteRecursively();
        } catch (IOException e) {
            // space, not correctness: see above
        }
    }

    /** Commits {@code next}; if another run committed that generation first, this run still reads its own parts. */
    private Manifest commit(Location home, Manifest next) throws IOException {
        try {
            AtomicFile.commit(home.resolve(manifestName(next.generation())), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(next));
        } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
            say.accept("export cache: another run committed generation " + next.generation() + " of " + home + " first; this run reads its own parse");
        }
        return next;
    }

    /** The newest committed manifest of {@code home}, or null. */
    static Manifest newest(Location home) throws IOException {
        Location newest = null;
        for (Location f : home.files()) {
            if (f.name().matches("manifest-\\d{6}\\.json") && (newest == null || f.name().compareTo(newest.name()) > 0)) newest = f;
        }
        if (newest == null) return null;
        try (InputStream in = newest.open()) {
            return JSON.readValue(in, Manifest.class);
        }
    }

    private static String manifestName(int generation) {
        return String.format("manifest-%06d.json", generation);
    }

    /** What a parse depends on: the parser and the mapping's columns and types of the source, in order. */
    static String rules(Map<String, String> columns) {
        StringBuilder text = new StringBuilder(PARSER);
        columns.forEach((c, t) -> text.append('\n').append(c).append(' ').append(t));
        return hex(digest().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A staged copy of a byte range of the export: whole lines only, after the export's header line. */
    private record Range(Location staging, long bytes, long lines) {}

    /**
     * Copies the export's bytes from {@code from} up to its last complete line before {@code to}
     * into a staging file in {@code home}, after the header line when {@code withHeader}
     * ({@code from} is then past it). A line still being written (no newline yet) waits for the next run.
     */
    private static Range copy(Location file, long from, long to, Location home, boolean withHeader) throws IOException {
        // Not a dot file: Spark leaves hidden files out of a read, even one named.
        Location staging = home.resolve("staging-" + UUID.randomUUID() + ".csv");
        long bytes = 0, lines = 0;
        try (InputStream in = file.open(); OutputStream out = staging.create()) {
            if (withHeader) out.write(header(file));
            skip(in, from);
            byte[] buffer = new byte[1 << 16];
            ByteArrayOutputStream partial = new ByteArrayOutputStream();
            long left = to - from;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) break;
                left -= n;
                int lastNewline = -1;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lastNewline = i;
                        lines++;
                    }
                }
                if (lastNewline < 0) {
                    partial.write(buffer, 0, n);
                    continue;
                }
                partial.writeTo(out);
                bytes += partial.size() + lastNewline + 1;
                partial.reset();
                out.write(buffer, 0, lastNewline + 1);
                partial.write(buffer, lastNewline + 1, n - lastNewline - 1);
            }
        }
        // The header is a line of the export but no row of it.
        return new Range(staging, bytes, withHeader ? lines : Math.max(0, lines - 1));
    }

    /** The export's first line, its newline included. */
    private static byte[] header(Location file) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (InputStream in = file.open()) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                line.write(b);
                if (b == '\n') break;
            }
        }
        return line.toByteArray();
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) throw new IOException("the export ended before byte " + bytes);
                n = 1;
            }
            left -= n;
        }
    }

    /** SHA-256 of the export's first {@code bytes} bytes. */
    static String sha256(Location file, long bytes) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = file.open()) {
            byte[] buffer = new byte[1 << 16];
            long left = bytes;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) return "";   // shorter than that: not the export the cache holds
                md.update(buffer, 0, n);
                left -= n;
            }
        }
        return hex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

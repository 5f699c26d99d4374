package io.cutover.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.storage.AtomicFile;
import io.cutover.storage.Location;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The runs of verify over time, kept in a directory on any store: each run writes its one JSON
 * line as a file of its own, {@code runs/<time>-<id>.jsonl}, committed whole ({@link AtomicFile}),
 * and a reader takes every {@code .jsonl} file of the directory and of {@code runs/} together.
 *
 * <p>Why not one file appended to: object stores cannot append (rewriting the object loses the
 * line of a run that ends at the same time, and a crash mid-write loses the history), and HDFS
 * appends under a lease that a second writer cannot take. One small file per run is one PUT on
 * an object store and a rename on HDFS and local disks: it is there whole or not at all, and two
 * runs never write the same file. A compacted file ({@code cat runs/*.jsonl > all.jsonl} in the
 * directory) reads the same: a run found twice is counted once.
 */
public final class VerifyHistory {
    /** Where each run's line goes. */
    public static final String RUNS = "runs";
    private static final String SUFFIX = ".jsonl";
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Location dir;

    public VerifyHistory(Location dir) {
        this.dir = dir;
    }

    public Location dir() {
        return dir;
    }

    /** What a history holds: its runs, oldest first, and the lines that could not be read, with file and line. */
    public record Read(Location dir, List<VerifyHistoryEntry> runs, List<String> skipped) {
        public Read {
            runs = List.copyOf(runs);
            skipped = List.copyOf(skipped);
        }
    }

    /** A new run id: unique enough that two runs started in the same millisecond do not collide. */
    static String newRunId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Adds one run; the file is named by its start time, so a listing is in run order. */
    public Location append(VerifyHistoryEntry run) throws IOException {
        Location runs = dir.resolve(RUNS);
        runs.mkdirs();
        Location file = runs.resolve(FILE_TIME.format(Instant.parse(run.time())) + "-" + run.runId() + SUFFIX);
        AtomicFile.commit(file, (JSON.writeValueAsString(run) + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** Every run of the history; a missing directory is an empty history. */
    public Read read() throws IOException {
        Map<String, VerifyHistoryEntry> runs = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        if (!dir.isDirectoryQuietly()) return new Read(dir, List.of(), List.of());
        List<Location> files = new ArrayList<>(lines(dir));
        Location runsDir = dir.resolve(RUNS);
        if (runsDir.isDirectoryQuietly()) files.addAll(lines(runsDir));
        for (Location file : files) {
            try (InputStream in = file.open();
                 BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                int number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    if (line.isBlank()) continue;
                    try {
                        VerifyHistoryEntry run = JSON.readValue(line, VerifyHistoryEntry.class);
                        String problem = problem(run);
                        if (problem != null) skipped.add(file + ":" + number + ": " + problem);
                        else runs.putIfAbsent(run.runId(), run);
                    } catch (JsonProcessingException e) {
                        skipped.add(file + ":" + number + ": not a history line (" + e.getOriginalMessage() + ")");
                    }
                }
            }
        }
        List<VerifyHistoryEntry> ordered = new ArrayList<>(runs.values());
        ordered.sort(Comparator.comparing((VerifyHistoryEntry r) -> Instant.parse(r.time())).thenComparing(VerifyHistoryEntry::runId));
        return new Read(dir, ordered, skipped);
    }

    /** Why a line that parsed is still no run, or null. */
    private static String problem(VerifyHistoryEntry run) {
        if (run.runId() == null || run.runId().isBlank()) return "no runId";
        if (run.time() == null) return "no time";
        try {
            Instant.parse(run.time());
        } catch (RuntimeException e) {
            return "time '" + run.time() + "' is not an ISO instant";
        }
        if (run.mode() == null) return "no mode";
        return null;
    }

    /** The history files directly in a directory; hidden ones are files still being written. */
    private static List<Location> lines(Location directory) throws IOException {
        List<Location> out = new ArrayList<>();
        for (Location f : directory.files()) {
            if (f.name().endsWith(SUFFIX) && !f.name().startsWith(".") && !f.name().startsWith("_")) out.add(f);
        }
        out.sort(Comparator.comparing(Location::name));
        return out;
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}

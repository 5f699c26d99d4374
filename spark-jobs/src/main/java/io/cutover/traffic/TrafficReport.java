package io.cutover.traffic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cutover.outcome.CutoverException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a traffic run did; also the truth file's content. {@code counts}: writes per operation
 * (new_post_link, vote_up, ...); {@code lost} and {@code damaged}: dual writes that failed on the
 * new side; {@code truth}: every difference they left (or, phase new-only, every write's),
 * after the {@code carriedOver} entries that earlier runs left in the same truth file (the file
 * is the world's: it names every difference traffic made there). Instants are ISO-8601 text.
 *
 * <p>The truth is what the new side shows once every entity is backfilled: {@code dualWrite} names
 * the entities whose writes reached the new tables; a write to another entity, or to a row the new
 * tables did not hold yet ({@code absentNewRows} counts the edits that changed 0 new rows), is
 * copied from the old side by the backfill, so it leaves no entry, lost or not.
 */
public record TrafficReport(String world, String redditDatabase, String appDatabase, String phase, long seed,
                            double rate, double seconds, double lostPercent, long lagMillis, String dualWrite,
                            long absentNewRows, long planned, long done,
                            Map<String, Long> counts, long lost, long damaged, String started, String ended,
                            boolean stoppedEarly, long carriedOver, List<TruthEntry> truth) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static TrafficReport read(Path file) {
        try {
            return JSON.readValue(file.toFile(), TrafficReport.class);
        } catch (IOException e) {
            throw CutoverException.configuration("cannot read the traffic truth file " + file + ": " + e.getMessage());
        }
    }

    void write(Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw CutoverException.failure("cannot write the traffic truth file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A truth entry's key as verify writes it in differences/ ({"id":12} ...). */
    public static String keyJson(Map<String, Object> key) {
        try {
            return new ObjectMapper().writeValueAsString(key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

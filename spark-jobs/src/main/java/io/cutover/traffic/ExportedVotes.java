package io.cutover.traffic;

import io.cutover.mapping.Fullname;
import io.cutover.outcome.CutoverException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The votes of the working set as the old side holds them: the vote export, a change log whose
 * latest line per (voter, thing) is the vote. The traffic reads them here while the new vote
 * tables may lack rows, so that it un-votes and re-votes the world's votes too, and never casts a
 * second vote for a voter whose vote stands.
 */
final class ExportedVotes {
    private ExportedVotes() {}

    static void read(Path export, WorldState w, Map<Long, ? extends WorldState.Thing> posts,
                     Map<Long, ? extends WorldState.Thing> comments) {
        Map<String, WorldState.User> byName = new HashMap<>();
        for (WorldState.User u : w.users) byName.put(u.name(), u);
        try (BufferedReader in = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line = in.readLine();   // the header
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",");
                if (f.length != 4) continue;
                Fullname thing = Fullname.parse(f[1]);
                WorldState.Thing t = (thing.typeNumber() == Fullname.LINK ? posts : comments).get(thing.id());
                WorldState.User voter = byName.get(f[0]);
                if (t == null || voter == null) continue;
                long millis = Instant.parse(f[3]).toEpochMilli();
                WorldState.Vote v = t.votes.get(voter);
                if (v == null || millis >= v.lastMillis) t.votes.put(voter, new WorldState.Vote(Integer.parseInt(f[2]), millis));
            }
        } catch (IOException | RuntimeException e) {
            throw CutoverException.configuration("--world: cannot read the vote export " + export + ": " + e.getMessage());
        }
    }
}

package io.cutover.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.outcome.CutoverException;
import io.cutover.mapping.Fullname;
import io.cutover.verify.Category;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Holds a verify report against the demo world's ground truth: every injected fault must be
 * reported (by some comparison, where the mapping can see it) and every reported difference must
 * come from a fault. This is how the quickstart and the tests know verify tells the truth.
 */
public final class GroundTruthCheck {
    private GroundTruthCheck() {}

    /** {@code missed}: faults no comparison reported; {@code unexplained}: differences no fault accounts for. */
    public record Outcome(int faults, int found, List<String> missed, List<String> unexplained) {
        public boolean exact() {
            return missed.isEmpty() && unexplained.isEmpty();
        }
    }

    public static Outcome check(SparkSession spark, Path groundTruth, Path differences) {
        JsonNode truth;
        try {
            truth = new ObjectMapper().readTree(groundTruth.toFile());
        } catch (IOException e) {
            throw CutoverException.configuration("cannot read ground truth " + groundTruth + ": " + e.getMessage());
        }
        // What verify reported: "entity|key|category|column" and, for matching, "entity|key".
        Set<String> reported = new LinkedHashSet<>();
        Set<String> reportedRows = new LinkedHashSet<>();
        // Tree differences are matched exactly, row by row: each fault names every tree rule it breaks.
        Set<String> reportedTree = new LinkedHashSet<>();
        // An inherited check hit is the old data's own drift, copied faithfully: no fault, no difference.
        for (Row r : spark.read().parquet(differences.toString()).where("category <> '" + Category.INHERITED.id() + "'")
                .selectExpr("CAST(entity AS STRING)", "key", "category", "column").collectAsList()) {
            String row = r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3);
            if (Category.of(r.getString(2)) == Category.TREE) {
                reportedTree.add(row);
                continue;
            }
            reported.add(row);
            reportedRows.add(r.getString(0) + "|" + r.getString(1));
        }
        // A world of the 2025 design names each fault's row by the key verify reports it under.
        boolean keyedAsReported = truth.has("design");
        Set<String> explainedRows = new TreeSet<>();
        Set<String> expectedTree = new LinkedHashSet<>();
        List<String> missed = new ArrayList<>();
        int found = 0;
        for (JsonNode f : truth.path("faults")) {
            List<String> treeRows = treeExpectations(f);
            expectedTree.addAll(treeRows);
            if (f.path("kind").asText().startsWith("tree_")) {
                if (reportedTree.containsAll(treeRows)) found++;
                else missed.add(f.path("kind").asText() + " " + f.path("table").asText() + " " + f.path("key"));
                continue;
            }
            List<String> expected = keyedAsReported
                    ? List.of(row(f.path("entity").asText(), f.path("key").toString(), Category.CHANGED, f.path("column").asText()))
                    : expectations(f);
            String row = expected.get(0).substring(0, expected.get(0).indexOf('|', expected.get(0).indexOf('|') + 1));
            explainedRows.add(row);
            for (JsonNode a : f.path("affects")) {
                String affected = affectedCheck(a.asText());
                if (affected != null) explainedRows.add(affected);
            }
            if (expected.stream().anyMatch(reported::contains) && reportedTree.containsAll(treeRows)) found++;
            else missed.add(f.path("kind").asText() + " " + f.path("key") + (f.path("column").isNull() ? "" : "." + f.path("column").asText()));
        }
        List<String> unexplained = new ArrayList<>();
        for (String r : reportedRows) if (!explainedRows.contains(r)) unexplained.add(r);
        for (String r : reportedTree) if (!expectedTree.contains(r)) unexplained.add(r);
        return new Outcome(truth.path("faults").size(), found, missed, unexplained);
    }

    /** The difference rows ("entity|key|category|column") any one of which reports this fault. */
    private static List<String> expectations(JsonNode f) {
        String kind = f.path("kind").asText();
        String entity = f.path("entity").asText();
        String column = f.path("column").isNull() ? "null" : f.path("column").asText();
        return switch (kind) {
            case "missing_in_new" -> List.of(row(entity, idKey(f.path("key").path("id")), Category.MISSING_IN_NEW, "null"));
            case "extra_in_new" -> List.of(row(entity, idKey(f.path("key").path("id")), Category.EXTRA_IN_NEW, "null"));
            case "missing_in_old" -> List.of(row(entity, idKey(f.path("key").path("comment_id")), Category.EXTRA_IN_NEW, "null"));
            case "duplicate_vote_export" -> {
                Fullname thing = Fullname.parse(f.path("key").path("thing").asText());
                String voteEntity = thing.typeNumber() == Fullname.LINK ? "postvote" : "commentvote";
                String idName = thing.typeNumber() == Fullname.LINK ? "post_id" : "comment_id";
                yield List.of(row(voteEntity, "{\"" + idName + "\":" + thing.id() + ",\"voter_id\":\""
                        + f.path("key").path("voter").asText() + "\"}", Category.DUPLICATE_KEY, "null"));
            }
            default -> List.of(row(entity, idKey(f.path("key").path("id")), Category.CHANGED, column));
        };
    }

    private static String row(String entity, String key, Category category, String column) {
        return entity + "|" + key + "|" + category.id() + "|" + column;
    }

    /**
     * The tree difference rows ("entity|key|tree|rule") a fault must cause, all of them: a tree
     * fault's own rule, and the rules its {@code affects} name (a fault in discussions_comment
     * upsets the trees built from it; a missing leaf node, its parent's numchild).
     */
    private static List<String> treeExpectations(JsonNode f) {
        List<String> rows = new ArrayList<>();
        if (f.path("kind").asText().startsWith("tree_")) {
            String keyColumn = f.path("key").fieldNames().next();
            rows.add(TreeFaults.row(f.path("entity").asText(), keyColumn, f.path("key").path(keyColumn).asLong(),
                    f.path("column").asText()));
        }
        for (JsonNode a : f.path("affects")) {
            String row = TreeFaults.reportedRow(a.asText());
            if (row != null) rows.add(row);
        }
        return rows;
    }

    private static String idKey(JsonNode id) {
        return "{\"id\":" + id.asText() + "}";
    }

    /** "num_comments of post 123" → the post-num-comments check's row for post 123; other notes name nothing we check. */
    private static String affectedCheck(String note) {
        if (note.startsWith("num_comments of post ") && !note.endsWith("in the old mirror")) {
            return "post|" + idKey(new ObjectMapper().getNodeFactory().numberNode(Long.parseLong(note.substring(21).trim())));
        }
        return null;
    }
}

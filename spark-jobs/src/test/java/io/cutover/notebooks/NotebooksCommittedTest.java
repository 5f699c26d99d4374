package io.cutover.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The notebooks are committed without outputs, and each takes its input from one tagged parameter cell. */
class NotebooksCommittedTest {
    private final Path notebooks = Path.of("").toAbsolutePath().getParent().resolve("notebooks");

    @Test
    void committedNotebooksCarryNoOutputsAndOneParameterCell() throws IOException {
        List<Path> all;
        try (Stream<Path> files = Files.list(notebooks)) {
            all = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(List.of("query_review.ipynb", "snapshot_inventory.ipynb", "verify_report.ipynb"),
                all.stream().map(p -> p.getFileName().toString()).toList());
        List<String> problems = new ArrayList<>();
        for (Path nb : all) {
            JsonNode root = new ObjectMapper().readTree(nb.toFile());
            assertEquals("python3", root.path("metadata").path("kernelspec").path("name").asText(), nb + ": kernel");
            int parameters = 0;
            for (JsonNode cell : root.path("cells")) {
                if (!cell.path("cell_type").asText().equals("code")) continue;
                if (cell.path("outputs").size() > 0 || !cell.path("execution_count").isNull()) {
                    problems.add(nb.getFileName() + ": a code cell with outputs (clear them: jupyter nbconvert --clear-output --inplace)");
                }
                for (JsonNode tag : cell.path("metadata").path("tags")) if (tag.asText().equals("parameters")) parameters++;
            }
            if (parameters != 1) problems.add(nb.getFileName() + ": " + parameters + " cells tagged 'parameters', want 1");
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}

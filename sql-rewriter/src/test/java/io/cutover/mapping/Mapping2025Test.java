package io.cutover.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped mapping of the 2025 design (archive in place) loads and validates, read from its file as a user would. */
class Mapping2025Test {
    static final Path FILE = Path.of("src/main/resources/io/cutover/mapping/open-discussions-2025.yaml");

    @Test
    void theArchiveInPlaceMappingValidatesWithItsDdlNamedByPath() {
        assertTrue(Files.isReadable(FILE), FILE.toAbsolutePath().toString());
        Mapping m = Mapping.load(FILE);   // throws MappingException naming every problem
        assertEquals("open-discussions-2025", m.name());
        assertTrue(m.schemas().get("app").get(1).endsWith("schema/app-2025.sql"), m.schemas().toString());
        assertEquals(List.of("user", "channel", "post", "comment"), m.entities().stream().map(EntitySpec::name).toList());
        TreeSpec trees = m.commentTrees().orElseThrow();
        assertEquals("channels_comment", trees.comments());
        assertEquals("reddit_id", trees.parent().key());
        TreeSpec.Table tree = trees.tables().get(0);
        assertEquals("channels_commenttreenode", tree.table());
        assertEquals(List.of("score", "created"), tree.keys().stream().map(TreeSpec.SortKey::column).toList());
        assertEquals(List.of(TreeSpec.Order.DESCENDING, TreeSpec.Order.ASCENDING), tree.keys().stream().map(TreeSpec.SortKey::order).toList());
    }
}

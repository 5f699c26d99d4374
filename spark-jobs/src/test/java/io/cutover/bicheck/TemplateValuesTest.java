package io.cutover.bicheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateValuesTest {
    @Test
    void fillsDeclaredValuesAndDropsOptionalBlocksWithoutThem() {
        String sql = "-- bi-check: channel = 'mm'\nSELECT 1 WHERE c = {{channel}} [[AND t = {{ type }}]] [[AND c <> {{channel}}]]";
        Map<String, String> values = TemplateValues.declared(sql);
        assertEquals(Map.of("channel", "'mm'"), values);
        assertEquals("-- bi-check: channel = 'mm'\nSELECT 1 WHERE c = 'mm'  AND c <> 'mm'", TemplateValues.apply(sql, values));
        assertNull(TemplateValues.apply("SELECT {{x}}", Map.of()));
    }
}

package io.cutover.demo;

import java.util.List;
import java.util.Map;

/**
 * One injected fault: what was damaged and how. {@code key} names the row by the columns of
 * its table; {@code affects} lists cross-table checks the fault also upsets (e.g. a missing
 * comment makes its post's num_comments disagree with the comments present).
 */
public record Fault(String kind, String entity, String source, String table, Map<String, Object> key,
                    String column, String before, String after, List<String> affects) {
}

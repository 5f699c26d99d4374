package io.cutover.mapping;

import java.util.List;
import java.util.Map;

/** One kind of thing (channel, post, ...): its new table and, per source, its old rows. */
public record EntitySpec(String name, String table, List<String> key, List<String> surrogate,
                         Map<String, SideSpec> from, FilePosition location) {
}

package io.cutover.mapping;

import java.util.List;
import java.util.Map;

/**
 * A child table whose rows became columns of the new parent row: one row per (parent,
 * {@code on} value) holding {@code value}, now one new column per {@code on} value
 * ({@code values}: role -> new column). {@code dropped} lists child columns with no home.
 */
public record PivotSpec(String table, String parent, String on, String value,
                        Map<String, String> values, List<String> dropped, FilePosition location) {
}

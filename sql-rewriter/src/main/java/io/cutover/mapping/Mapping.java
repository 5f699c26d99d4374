package io.cutover.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The declarative correspondence between the old world (the Reddit backend, the channels_*
 * mirror, the vote export) and the new discussions_* tables. Read by verify and by the SQL
 * rewriter: one model, one file.
 */
public record Mapping(String name, String origin, Map<String, List<String>> schemas,
                      Map<String, SourceSpec> sources, String targetSchema,
                      List<EntitySpec> entities, List<KeptTable> kept, List<AggregateCheck> checks,
                      TreeSpec trees) {

    public static final String SHIPPED = "open-discussions.yaml";

    /** The mapping shipped for this migration, validated against the shipped DDL. */
    public static Mapping shipped() {
        String resource = "/io/cutover/mapping/" + SHIPPED;
        try (InputStream in = Mapping.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return load(SHIPPED, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Mapping load(Path file) {
        try {
            return load(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses and validates; throws {@link MappingException} with every problem found. */
    public static Mapping load(String origin, String yaml) {
        Problems problems = new Problems(origin);
        MappingReader reader = new MappingReader(origin, problems);
        Mapping mapping = reader.read(YamlNode.parse(origin, yaml));
        new MappingValidator(mapping, problems, reader.schemaEntries()).validate();
        return mapping;
    }

    public Optional<EntitySpec> entity(String name) {
        return entities.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The comment trees, when the mapping describes any. */
    public Optional<TreeSpec> commentTrees() {
        return Optional.ofNullable(trees);
    }

    public Optional<KeptTable> keptTable(String table) {
        return kept.stream().filter(k -> k.table().equalsIgnoreCase(table)).findFirst();
    }
}

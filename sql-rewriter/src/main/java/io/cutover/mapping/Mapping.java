package io.cutover.mapping;

import io.cutover.schema.Catalog;
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
                      TreeSpec trees, Map<String, Catalog> liveCatalogs) {

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
        return load(file, LiveCatalogs.NONE);
    }

    /** {@code live}: how the schemas the mapping reads from a database ({@code live:}) are read. */
    public static Mapping load(Path file, LiveCatalogs live) {
        try {
            return load(file.toString(), Files.readString(file), live);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses and validates; throws {@link MappingException} with every problem found. */
    public static Mapping load(String origin, String yaml) {
        return load(origin, yaml, LiveCatalogs.NONE);
    }

    /** The same, the catalogs of the {@code live:} schemas read through {@code live} before validation. */
    public static Mapping load(String origin, String yaml, LiveCatalogs live) {
        Problems problems = new Problems(origin);
        MappingReader reader = new MappingReader(origin, problems);
        Mapping read = reader.read(YamlNode.parse(origin, yaml));
        Mapping mapping = new Mapping(read.name, read.origin, read.schemas, read.sources, read.targetSchema, read.entities,
                read.kept, read.checks, read.trees, LiveSchemas.read(read, reader.liveEntries(), live, problems));
        new MappingValidator(mapping, problems, reader.schemaEntries(), reader.liveEntries().keySet()).validate();
        return mapping;
    }

    /** Whether the schema's catalog is read from a database ({@code live:}) rather than from DDL. */
    public boolean isLive(String schema) {
        return liveCatalogs.containsKey(schema);
    }

    /**
     * The catalog of one of the mapping's schemas: as read from its database for a {@code live:}
     * schema, else its DDL replayed. Throws {@link io.cutover.schema.SchemaException}.
     */
    public Catalog catalog(String schema) {
        Catalog live = liveCatalogs.get(schema);
        if (live != null) return live;
        List<String> scripts = schemas.get(schema);
        if (scripts == null) throw new IllegalArgumentException("the mapping has no schema '" + schema + "'");
        return Catalog.of(scripts.toArray(String[]::new));
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

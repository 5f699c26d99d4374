package io.cutover.mapping;

import io.cutover.schema.SchemaScript;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Binds a {@link YamlNode} tree to the mapping records. Hand-written rather than databind so
 * that it can keep going after a problem and report every one with its file:line:column and
 * path. This class reads the document's top level; one reader per concept reads each part.
 */
final class MappingReader {
    private final YamlFields fields;
    private final String origin;
    private final SourceReader sources;
    private final EntityReader entities;
    private final KeptTableReader kept;
    private final CheckReader checks;
    private final TreeReader trees;
    /** The mapping file's directory: where a relative DDL path in {@code schemas:} starts. */
    private final Path directory;
    private final Map<String, List<FilePosition>> schemaEntries = new LinkedHashMap<>();
    private final Map<String, LiveSchemas.Entry> liveEntries = new LinkedHashMap<>();

    MappingReader(String origin, Problems problems) {
        this.origin = origin;
        this.directory = directoryOf(origin);
        this.fields = new YamlFields(problems);
        ComparatorReader comparators = new ComparatorReader(fields);
        this.sources = new SourceReader(fields);
        this.entities = new EntityReader(fields, new ColumnRuleReader(fields, new TransformReader(fields), comparators),
                new PivotReader(fields));
        this.kept = new KeptTableReader(fields);
        this.checks = new CheckReader(fields, comparators);
        this.trees = new TreeReader(fields);
    }

    /**
     * The mapping the document describes. What is broken is reported to the problems and left
     * out, so that the catalog check can still run over the rest.
     */
    Mapping read(YamlNode root) {
        MappingPath doc = MappingPath.DOCUMENT;
        if (!root.isMap()) {
            throw new MappingException(List.of(new MappingProblem(root.location(), doc.toString(), "expected a mapping document")));
        }
        fields.allowed(root, doc, "mapping", "schemas", "sources", "target", "entities", "kept", "checks", "trees");
        String name = fields.text(root, "mapping", doc, true);
        Map<String, List<String>> schemas = new LinkedHashMap<>();
        YamlNode s = fields.map(root, "schemas", doc, true);
        if (s != null) s.entries().forEach((k, v) -> schemas.put(k, schemaScripts(k, v)));
        Map<String, SourceSpec> sourceSpecs = new LinkedHashMap<>();
        YamlNode src = fields.map(root, "sources", doc, true);
        if (src != null) src.entries().forEach((k, v) -> sourceSpecs.put(k, sources.read(k, v, doc.key("sources").key(k))));
        sourceSpecs.values().removeIf(Objects::isNull);
        YamlNode target = fields.map(root, "target", doc, true);
        String targetSchema = target == null ? null : fields.text(target, "schema", doc.key("target"), true);
        List<EntitySpec> entitySpecs = items(root, "entities", true, entities::read);
        List<KeptTable> keptTables = items(root, "kept", false, kept::read);
        List<AggregateCheck> aggregateChecks = items(root, "checks", false, checks::read);
        YamlNode ts = fields.map(root, "trees", doc, false);
        TreeSpec treeSpec = ts == null ? null : trees.read(ts, doc.key("trees"));
        return new Mapping(name, origin, Map.copyOf(schemas), Collections.unmodifiableMap(sourceSpecs), targetSchema,
                entitySpecs, keptTables, aggregateChecks, treeSpec, Map.of());
    }

    /** The directory of the mapping file; the working directory when the origin names none. */
    private static Path directoryOf(String origin) {
        try {
            Path parent = Path.of(origin).toAbsolutePath().getParent();
            if (parent != null) return parent;
        } catch (java.nio.file.InvalidPathException notAPath) {
            // a mapping read from a stream under a descriptive name
        }
        return Path.of("").toAbsolutePath();
    }

    /** Where each script of each schema is named in the file, for errors in the script. */
    Map<String, List<FilePosition>> schemaEntries() {
        return Collections.unmodifiableMap(schemaEntries);
    }

    /** The schemas written {@code {live: <PostgreSQL schema>}}: read from a database, not from DDL. */
    Map<String, LiveSchemas.Entry> liveEntries() {
        return Collections.unmodifiableMap(liveEntries);
    }

    /**
     * One schema's scripts, a DDL file's path resolved against the mapping file's directory
     * (see {@link SchemaScript#namesFile}), so that every reader of the mapping finds it.
     */
    private List<String> schemaScripts(String schema, YamlNode v) {
        MappingPath path = MappingPath.DOCUMENT.key("schemas").key(schema);
        if (v.isMap()) {
            // {live: public}: the catalog is read from the database; it has no scripts
            fields.allowed(v, path, "live");
            String databaseSchema = fields.text(v, "live", path, true);
            // kept even when unreadable, so that validation does not take it for an empty DDL schema
            YamlNode at = v.entries().get("live");
            liveEntries.put(schema, new LiveSchemas.Entry(databaseSchema, at == null ? v.location() : at.location()));
            schemaEntries.put(schema, List.of());
            return List.of();
        }
        List<YamlNode> items = v.isScalar() ? List.of(v) : v.isList() ? v.items() : List.of();
        if (!v.isScalar() && !v.isList()) fields.strings(v, path);   // reports what is wrong
        List<String> scripts = new ArrayList<>();
        List<FilePosition> at = new ArrayList<>();
        for (YamlNode item : items) {
            String entry = fields.scalar(item, path);
            if (entry == null) continue;
            scripts.add(SchemaScript.namesFile(entry) ? directory.resolve(entry).normalize().toString() : entry);
            at.add(item.location());
        }
        schemaEntries.put(schema, List.copyOf(at));
        return List.copyOf(scripts);
    }

    /** Reads one item of a top-level list: the node, the list's path, the item's index. */
    private interface ItemReader<T> {
        T read(YamlNode item, MappingPath list, int index);
    }

    /** The items of a top-level list that could be read. */
    private <T> List<T> items(YamlNode root, String key, boolean required, ItemReader<T> reader) {
        YamlNode list = fields.list(root, key, MappingPath.DOCUMENT, required);
        if (list == null) return List.of();
        List<T> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            T item = reader.read(list.items().get(i), MappingPath.DOCUMENT.key(key), i);
            if (item != null) out.add(item);
        }
        return List.copyOf(out);
    }
}

package io.cutover.mapping;

import io.cutover.schema.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the catalogs of a mapping's {@code live:} schemas before validation, over the connection
 * of the target or of a database source that uses each; what cannot be read is a problem at the
 * schema's entry, so that validation then reports against the file as for a DDL catalog.
 */
final class LiveSchemas {
    /** One {@code schemas: {name: {live: databaseSchema}}} entry and where it is written. */
    record Entry(String databaseSchema, FilePosition position) {}

    private LiveSchemas() {}

    static Map<String, Catalog> read(Mapping mapping, Map<String, Entry> entries, LiveCatalogs live, Problems problems) {
        Map<String, Catalog> out = new LinkedHashMap<>();
        entries.forEach((schema, entry) -> {
            if (entry.databaseSchema() == null) return;   // reading said what is wrong
            MappingPath path = MappingPath.DOCUMENT.key("schemas").key(schema).key("live");
            List<String> users = new ArrayList<>();
            if (schema.equals(mapping.targetSchema())) users.add("the target");
            mapping.sources().values().stream()
                    .filter(s -> s.kind() == SourceSpec.Kind.DATABASE && schema.equals(s.schema()))
                    .forEach(s -> users.add("source '" + s.name() + "'"));
            if (users.isEmpty()) {
                problems.at(entry.position(), path, "schema '" + schema + "' is read from a live database, but neither "
                        + "the target nor a database source uses it: there is no connection to read it over");
                return;
            }
            try {
                Optional<Catalog> catalog = read(mapping, schema, entry.databaseSchema(), live);
                if (catalog.isEmpty()) {
                    problems.at(entry.position(), path, "schema '" + schema + "' is read from the live database of "
                            + String.join(" or ", users) + " (live: " + entry.databaseSchema() + "), and this command "
                            + "has no connection to it: run a command that connects (verify, backfill, repair, bi-check) "
                            + "with a db: location for it, or name the schema's DDL scripts or files instead");
                } else if (catalog.get().tables().isEmpty()) {
                    problems.at(entry.position(), path, "schema '" + schema + "': the database of " + String.join(" or ", users)
                            + " has no table in its schema '" + entry.databaseSchema() + "'");
                } else {
                    out.put(schema, catalog.get());
                }
            } catch (RuntimeException e) {
                problems.at(entry.position(), path, "cannot read schema '" + schema + "' from the database of "
                        + String.join(" or ", users) + ": " + e.getMessage());
            }
        });
        return Map.copyOf(out);
    }

    /** The target's database first, then each database source using the schema, in file order. */
    private static Optional<Catalog> read(Mapping mapping, String schema, String databaseSchema, LiveCatalogs live) {
        if (schema.equals(mapping.targetSchema())) {
            Optional<Catalog> c = live.ofTarget(databaseSchema);
            if (c.isPresent()) return c;
        }
        for (SourceSpec s : mapping.sources().values()) {
            if (s.kind() != SourceSpec.Kind.DATABASE || !schema.equals(s.schema())) continue;
            Optional<Catalog> c = live.ofSource(s.name(), databaseSchema);
            if (c.isPresent()) return c;
        }
        return Optional.empty();
    }
}

package io.cutover.cli;

import io.cutover.mapping.LiveCatalogs;
import io.cutover.mapping.Mapping;
import io.cutover.mapping.MappingException;
import io.cutover.outcome.CutoverException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --mapping FILE}: the mapping a command works from, the shipped one when none is named. */
public final class MappingOption {
    @Option(names = "--mapping", paramLabel = "FILE",
            description = "Mapping file (default: the shipped " + Mapping.SHIPPED + ").")
    Path file;

    /**
     * Loads and validates it; a file that cannot be read or does not validate is a configuration error (exit 2).
     * A command without connections: a mapping that reads a schema from a live database is an error.
     */
    public Mapping load() {
        return load(LiveCatalogs.NONE);
    }

    /**
     * A file that cannot be read is a configuration error before anything else: commands that
     * read live schemas load the mapping only once their server is open.
     */
    public void requireReadable() {
        if (file != null && !Files.isReadable(file)) throw CutoverException.configuration("--mapping: cannot read " + file);
    }

    /** The same, the mapping's {@code live:} schemas read over the command's connections ({@code live}). */
    public Mapping load(LiveCatalogs live) {
        if (file == null) return Mapping.shipped();
        requireReadable();
        try {
            return Mapping.load(file, live);
        } catch (MappingException e) {
            throw CutoverException.configuration(e.getMessage().strip());
        } catch (UncheckedIOException e) {
            throw CutoverException.configuration("--mapping: cannot read " + file + ": " + e.getCause().getMessage());
        }
    }
}

package io.cutover.cli;

import io.cutover.outcome.ExitCode;
import io.cutover.outcome.CutoverException;
import io.cutover.mapping.Mapping;
import io.cutover.rewrite.BatchRewrite;
import io.cutover.rewrite.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cutover rewrite IN --out OUT}: port a directory of BI queries to the new schema. */
@Command(name = "rewrite", mixinStandardHelpOptions = true,
        description = {"Rewrites every *.sql BI query of a directory from the old schema (channels_*) to the new (discussions_*).",
                "Writes per query the rewritten SQL, review/NAME.diff and review/NAME.findings.txt, and REVIEW.md.",
                "Exit 0: all rewritten (warnings allowed); 1: some queries need a human; 2: bad input; 3: failure."})
public final class RewriteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "directory of old queries (*.sql)")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "directory for the rewrites and the review index")
    Path out;

    @Mixin
    MappingOption mappingFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(in)) throw CutoverException.configuration("not a directory: " + in);
        Mapping mapping = mappingFile.load();
        BatchRewrite.Summary summary;
        try {
            if (BatchRewrite.queries(in).isEmpty()) throw CutoverException.configuration("no *.sql files in " + in);
            summary = BatchRewrite.run(mapping, in, out);
        } catch (IOException e) {
            throw CutoverException.failure("cannot rewrite " + in + " into " + out + ": " + e.getMessage(), e);
        }
        var w = spec.commandLine().getOut();
        w.printf("%d queries: %d rewritten clean, %d rewritten with findings, %d need a human; review %s%n",
                summary.entries().size(), summary.byStatus().get(Status.CLEAN), summary.byStatus().get(Status.FINDINGS),
                summary.byStatus().get(Status.NEEDS_HUMAN), out.resolve("REVIEW.md"));
        w.flush();
        return summary.byStatus().get(Status.NEEDS_HUMAN) > 0 ? ExitCode.DIFFERENCES : ExitCode.OK;
    }
}

package io.cutover.rewrite;

import io.cutover.mapping.Mapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Batch throughput of parse + resolve + rewrite + re-parse, on one thread: the corpus repeated
 * to about 10,000 queries. Not a test (timings on shared machines are noise); run it:
 *
 * <pre>java -cp ... io.cutover.rewrite.RewriteBenchmark [bi-queries/old] [10000]</pre>
 */
public final class RewriteBenchmark {
    private RewriteBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bi-queries/old");
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        List<String> corpus = new ArrayList<>();
        for (Path q : BatchRewrite.queries(dir)) corpus.add(Files.readString(q));
        if (corpus.isEmpty()) throw new IllegalArgumentException("no queries in " + dir);
        try (SqlRewriter rewriter = new SqlRewriter(Mapping.shipped())) {
            // warm-up: JIT and the parser's lookahead tables
            for (int i = 0; i < 2_000; i++) rewriter.rewrite(corpus.get(i % corpus.size()));
            // CPU time of this thread as well as wall time: on a shared machine, wall time
            // measures the neighbours; the parse runs on this thread unless it falls back
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long findings = 0;
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) findings += rewriter.rewrite(corpus.get(i % corpus.size())).findings().size();
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf("rewrote %,d queries (%d distinct; parse + resolve + rewrite + re-parse) in %.2f s wall, %.2f s CPU:"
                            + " %,.0f queries/s wall, %,.0f queries/s per CPU-second on one thread (%,d findings)%n",
                    total, corpus.size(), seconds, cpu, total / seconds, total / cpu, findings);
        }
    }
}

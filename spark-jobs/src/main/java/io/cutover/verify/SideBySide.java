package io.cutover.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;

/**
 * The keyed reads of a recheck or a window, side by side: each comparison's few rows cost a
 * handful of small Spark jobs, most of whose time is fixed (scheduling, a JDBC connection and
 * its snapshot import, a Parquet commit); run one after another they add up, run at once they
 * overlap. Each worker submits its jobs in a scheduler pool of its own ({@value #POOLS} are
 * defined in fairscheduler.xml; {@code spark.scheduler.mode=FAIR} is the cutover default, as for
 * the snapshot's tables), so one comparison's tasks do not queue behind another's. The first
 * failure cancels the others' jobs and is rethrown, naming its comparison.
 */
final class SideBySide {
    static final String POOL_PROPERTY = "spark.scheduler.pool";
    /** Pools fairscheduler.xml defines for verify (Spark warns about every other name it meets). */
    static final int POOLS = 4;
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** One comparison's work, and the failure that names it. */
    record Work<R>(String label, Callable<R> run, java.util.function.BiFunction<String, Exception, RuntimeException> failure) {}

    private SideBySide() {}

    /** The results in the order of {@code work}; at most {@link #POOLS} at once. */
    static <R> List<R> run(SparkContext spark, List<Work<R>> work) {
        if (work.isEmpty()) return List.of();
        String prefix = "cutover-verify-" + RUNS.incrementAndGet();
        AtomicInteger worker = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(POOLS, work.size()), r -> {
            Thread t = new Thread(r, "cutover-verify-" + (worker.incrementAndGet()));
            t.setDaemon(true);
            return t;
        });
        List<Future<R>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < work.size(); i++) {
                Work<R> w = work.get(i);
                String group = prefix + "-" + i;
                futures.add(threads.submit(() -> {
                    spark.setJobGroup(group, w.label(), true);
                    spark.setLocalProperty(POOL_PROPERTY, pool(Thread.currentThread().getName()));
                    try {
                        return w.run().call();
                    } finally {
                        spark.setLocalProperty(POOL_PROPERTY, null);
                        spark.clearJobGroup();
                    }
                }));
            }
            List<R> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    for (int j = 0; j < work.size(); j++) if (j != i) spark.cancelJobGroup(prefix + "-" + j);
                    Throwable cause = e.getCause();
                    if (cause instanceof Error err) throw err;
                    throw work.get(i).failure().apply(work.get(i).label(), (Exception) cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    for (int j = 0; j < work.size(); j++) spark.cancelJobGroup(prefix + "-" + j);
                    throw new IllegalStateException("interrupted while comparing", e);
                }
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    /** The pool of worker {@code cutover-verify-N}: one of the {@value #POOLS} defined. */
    static String pool(String workerName) {
        int n = Integer.parseInt(workerName.substring(workerName.lastIndexOf('-') + 1));
        return "cutover-verify-" + ((n - 1) % POOLS + 1);
    }
}

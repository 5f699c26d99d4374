package io.cutover.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.apache.spark.SparkContext;

/**
 * The order and overlap in which tables are backed up (across all of a snapshot's databases) or
 * restored and checked.
 *
 * <ul>
 *   <li>Largest first: the longest table starts at once and the small ones fill in around the
 *       end, instead of a large table that happens to come last running alone.</li>
 *   <li>The connection cap is the schedule's currency: a table takes the connections it reads
 *       with (a large one up to its share, a small one-task table one), so several small tables
 *       read side by side where one large table would, and their fixed costs (jobs, commits,
 *       footers) overlap. A table gives its connections back as soon as its rows are written, so
 *       its read-back overlaps the next table's read.</li>
 *   <li>Each worker submits its Spark jobs in its own scheduler pool: with
 *       {@code spark.scheduler.mode=FAIR} (the cutover default) a small table's single task takes
 *       the next free core instead of queueing behind every task of a large table; under FIFO
 *       the pools are ignored and only the order and overlap remain.</li>
 * </ul>
 */
final class TableSchedule<P, R> {
    static final String POOL_PROPERTY = "spark.scheduler.pool";
    /**
     * Tables of at most this many rows are backed up, or restored, together in one Spark job:
     * alone, each would pay a job's fixed cost (0.2-0.3 s measured on this machine), more than
     * reading, writing or loading its rows takes.
     */
    static final long PACKED_TABLE_ROWS = 50_000;
    /**
     * The schedule's units: each table alone, but the small ones ({@code small}) together in one
     * unit, to be done in one Spark job.
     */
    static <P> List<List<P>> packSmall(List<P> tables, Predicate<P> small) {
        List<List<P>> units = new ArrayList<>();
        List<P> packed = new ArrayList<>();
        for (P t : tables) {
            if (small.test(t)) packed.add(t);
            else units.add(List.of(t));
        }
        if (!packed.isEmpty()) units.add(packed);
        return units;
    }

    /** Each table's result, from the results of the units {@link #packSmall} made (in their tables' order). */
    static <P, R> Map<P, R> perTable(List<List<P>> units, List<List<R>> results) {
        Map<P, R> byTable = new IdentityHashMap<>();
        for (int u = 0; u < units.size(); u++) {
            for (int i = 0; i < units.get(u).size(); i++) byTable.put(units.get(u).get(i), results.get(u).get(i));
        }
        return byTable;
    }

    /** Pools the jar's fairscheduler.xml defines (Spark warns about every other name it meets). */
    static final int POOLS = 8;

    /**
     * One table's work, reading with at most {@code connections} at once; calls {@code readDone}
     * once it no longer reads the database.
     */
    interface Backup<P, R> {
        R run(P table, int connections, Runnable readDone) throws Exception;
    }

    private final SparkContext spark;
    private final String jobGroupPrefix;
    private final int connections;

    /** {@code connections}: the most reader connections open at once, over all tables. */
    TableSchedule(SparkContext spark, String jobGroupPrefix, int connections) {
        this.spark = spark;
        this.jobGroupPrefix = jobGroupPrefix;
        this.connections = Math.max(1, connections);
    }

    /** The pool of worker {@code cutover-snapshot-N}: one of the {@value #POOLS} defined. */
    static String pool(String workerName) {
        int n = Integer.parseInt(workerName.substring(workerName.lastIndexOf('-') + 1));
        return "cutover-snapshot-" + ((n - 1) % POOLS + 1);
    }

    /**
     * Runs every table's work and returns the results in the order of {@code tables}; {@code wants}
     * is how many connections a table would read with (granted between 1 and the cap).
     */
    List<R> run(List<P> tables, ToLongFunction<P> rows, ToIntFunction<P> wants, Backup<P, R> backup) throws Exception {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) order.add(i);
        order.sort(Comparator.comparingLong((Integer i) -> rows.applyAsLong(tables.get(i))).reversed());

        Semaphore free = new Semaphore(connections);
        AtomicBoolean failed = new AtomicBoolean();
        AtomicReference<Throwable> cause = new AtomicReference<>();
        // One worker more than connections: a table reading its files back keeps a thread but no
        // connection, so the next table starts reading meanwhile.
        AtomicInteger worker = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(tables.size(), connections + 1)), r -> {
            Thread t = new Thread(r, "cutover-snapshot-" + worker.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<R>> futures = new ArrayList<>(tables.size());
        for (int i = 0; i < tables.size(); i++) futures.add(null);
        List<String> groups = new CopyOnWriteArrayList<>();
        try {
            // Connections are taken here, in size order, so the tables start strictly largest first.
            for (int i : order) {
                P table = tables.get(i);
                int granted = Math.max(1, Math.min(connections, wants.applyAsInt(table)));
                free.acquire(granted);
                if (failed.get()) {
                    free.release(granted);
                    break;
                }
                String group = jobGroupPrefix + "-" + i;
                groups.add(group);
                futures.set(i, pool.submit(() -> {
                    AtomicBoolean released = new AtomicBoolean();
                    Runnable readDone = () -> {
                        if (released.compareAndSet(false, true)) free.release(granted);
                    };
                    spark.setJobGroup(group, jobGroupPrefix + ", table " + i, true);
                    spark.setLocalProperty(POOL_PROPERTY, pool(Thread.currentThread().getName()));
                    try {
                        return backup.run(table, granted, readDone);
                    } catch (Exception | Error e) {
                        // Stop the other tables' jobs at once (only ours: other users of the session keep theirs).
                        if (failed.compareAndSet(false, true)) {
                            cause.set(e);
                            groups.forEach(spark::cancelJobGroup);
                        }
                        throw e;
                    } finally {
                        readDone.run();
                        spark.setLocalProperty(POOL_PROPERTY, null);
                        spark.clearJobGroup();
                    }
                }));
            }
            List<R> results = new ArrayList<>(tables.size());
            for (Future<R> f : futures) {
                try {
                    if (f != null) results.add(f.get());
                } catch (ExecutionException e) {
                    // Reported below: the first failure, not the cancellations it caused.
                }
            }
            Throwable first = cause.get();
            if (first instanceof Exception e) throw e;
            if (first != null) throw (Error) first;
            return results;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }
}

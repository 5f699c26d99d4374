package io.cutover.backfill;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;

/**
 * An entity's built rows, sorted and kept in Spark, handed to the writer in key order in a few
 * Spark jobs: one pass counts every partition's rows (and the rows flagged by a trailing boolean
 * column, such as a reference the target does not hold), then consecutive partitions are fetched
 * together, up to {@link #BATCH_ROWS} rows a job, the next batch fetched while the writer loads
 * this one. {@code toLocalIterator()} instead runs one job per partition, empty ones included,
 * and leaves Spark idle while the writer works: on a small table its scheduling was most of the
 * entity's time. The driver holds at most two batches (or two partitions, where one is larger).
 */
final class SortedBatches implements AutoCloseable {
    /** About a second of writing: few jobs, little driver memory. */
    static final int BATCH_ROWS = 50_000;

    private final JavaRDD<Row> rows;
    private final int values;
    private final long[] perPartition;
    private final long[] flagged;
    private ExecutorService prefetch;

    private SortedBatches(JavaRDD<Row> rows, int values, long[] perPartition, long[] flagged) {
        this.rows = rows;
        this.values = values;
        this.perPartition = perPartition;
        this.flagged = flagged;
    }

    /**
     * Counts {@code rows}' partitions in one job: each row holds {@code values} values, then
     * {@code flags} booleans counted where true.
     */
    static SortedBatches count(JavaRDD<Row> rows, int values, int flags) {
        List<long[]> counts = rows.mapPartitions((Iterator<Row> it) -> {
            long[] c = new long[1 + flags];
            while (it.hasNext()) {
                Row r = it.next();
                c[0]++;
                for (int f = 0; f < flags; f++) if (!r.isNullAt(values + f) && r.getBoolean(values + f)) c[1 + f]++;
            }
            return List.of(c).iterator();
        }, true).collect();
        long[] perPartition = new long[counts.size()];
        long[] flagged = new long[flags];
        for (int p = 0; p < counts.size(); p++) {
            perPartition[p] = counts.get(p)[0];
            for (int f = 0; f < flags; f++) flagged[f] += counts.get(p)[1 + f];
        }
        return new SortedBatches(rows, values, perPartition, flagged);
    }

    long total() {
        long n = 0;
        for (long p : perPartition) n += p;
        return n;
    }

    /** How many rows each flag column marked. */
    long flagged(int flag) {
        return flagged[flag];
    }

    /** The rows in partition order (the sort's key order), each cut to its {@code values} values; empty partitions skipped. */
    Iterator<Object[]> values() {
        List<int[]> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long size = 0;
        for (int p = 0; p < perPartition.length; p++) {
            if (perPartition[p] == 0) continue;
            if (!current.isEmpty() && size + perPartition[p] > BATCH_ROWS) {
                batches.add(current.stream().mapToInt(Integer::intValue).toArray());
                current.clear();
                size = 0;
            }
            current.add(p);
            size += perPartition[p];
        }
        if (!current.isEmpty()) batches.add(current.stream().mapToInt(Integer::intValue).toArray());
        prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cutover-backfill-fetch");
            t.setDaemon(true);
            return t;
        });
        return new Iterator<>() {
            private int next = 0;
            private Future<List<Row>> coming = fetch(0);
            private Iterator<Row> batch = java.util.Collections.emptyIterator();

            private Future<List<Row>> fetch(int i) {
                if (i >= batches.size()) return null;
                int[] partitions = batches.get(i);
                return prefetch.submit(() -> {
                    List<Row> all = new ArrayList<>();
                    for (List<Row> part : rows.collectPartitions(partitions)) all.addAll(part);
                    return all;
                });
            }

            @Override
            public boolean hasNext() {
                while (!batch.hasNext()) {
                    if (coming == null) return false;
                    List<Row> got;
                    try {
                        got = coming.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while fetching the built rows", e);
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                    next++;
                    coming = fetch(next);
                    batch = got.iterator();
                }
                return true;
            }

            @Override
            public Object[] next() {
                if (!hasNext()) throw new NoSuchElementException();
                Row row = batch.next();
                Object[] v = new Object[values];
                for (int i = 0; i < values; i++) v[i] = row.get(i);
                return v;
            }
        };
    }

    @Override
    public void close() {
        if (prefetch != null) prefetch.shutdownNow();
    }
}

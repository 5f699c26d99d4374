package io.cutover.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.testing.TestSpark;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class TableScheduleTest {
    private record Table(String name, long rows) {}

    private static final List<Table> TABLES = List.of(new Table("tiny", 10), new Table("huge", 5_000),
            new Table("empty", 0), new Table("big", 3_000), new Table("small", 40));

    private final SparkContext spark = TestSpark.session().sparkContext();

    @Test
    void startsLargestFirstAndAnswersInTheGivenOrder() throws Exception {
        List<String> started = new CopyOnWriteArrayList<>();
        List<String> results = new TableSchedule<Table, String>(spark, "test-order", 1).run(TABLES, Table::rows, t -> 1, (t, connections, readDone) -> {
            started.add(t.name());
            // Spark jobs submitted from a worker carry its pool and job group.
            assertTrue(spark.getLocalProperty(TableSchedule.POOL_PROPERTY).startsWith("cutover-snapshot-"));
            return t.name() + " done";
        });
        assertEquals(List.of("huge", "big", "small", "tiny", "empty"), started);
        assertEquals(List.of("tiny done", "huge done", "empty done", "big done", "small done"), results);
    }

    @Test
    void connectionsInUseNeverPassTheCapAndAReadBackOverlapsTheNextRead() throws Exception {
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger mostInUse = new AtomicInteger();
        AtomicInteger tablesReading = new AtomicInteger();
        AtomicInteger mostTablesReading = new AtomicInteger();
        CountDownLatch otherStartedReading = new CountDownLatch(1);
        List<Boolean> overlapped = new CopyOnWriteArrayList<>();
        List<String> granted = new CopyOnWriteArrayList<>();
        // huge and big want two connections each, the small ones one: a cap of 4 lets two large or four small read.
        new TableSchedule<Table, Void>(spark, "test-overlap", 4).run(TABLES, Table::rows, t -> t.rows() >= 3_000 ? 2 : 1,
                (t, connections, readDone) -> {
                    granted.add(t.name() + "=" + connections);
                    mostInUse.accumulateAndGet(inUse.addAndGet(connections), Math::max);
                    mostTablesReading.accumulateAndGet(tablesReading.incrementAndGet(), Math::max);
                    if (!t.name().equals("huge")) otherStartedReading.countDown();
                    // a real read: one Spark job in this table's pool
                    JavaSparkContext.fromSparkContext(spark).parallelize(List.of(1, 2, 3), 2).count();
                    tablesReading.decrementAndGet();
                    inUse.addAndGet(-connections);
                    readDone.run();
                    if (t.name().equals("huge")) overlapped.add(otherStartedReading.await(30, TimeUnit.SECONDS));
                    return null;
                });
        assertTrue(mostInUse.get() <= 4, "never more than 4 connections, saw " + mostInUse.get());
        assertEquals(List.of("big=2", "empty=1", "huge=2", "small=1", "tiny=1"), granted.stream().sorted().toList());
        assertEquals(List.of(true), overlapped, "another table read while the largest one was past its read");
    }

    @Test
    void workersShareTheDefinedPools() {
        assertEquals("cutover-snapshot-1", TableSchedule.pool("cutover-snapshot-1"));
        assertEquals("cutover-snapshot-8", TableSchedule.pool("cutover-snapshot-8"));
        assertEquals("cutover-snapshot-1", TableSchedule.pool("cutover-snapshot-9"));
    }

    @Test
    void theFirstFailureIsReportedAndNoFurtherTableStarts() {
        List<String> started = new CopyOnWriteArrayList<>();
        IllegalStateException boom = new IllegalStateException("big failed");
        Exception thrown = assertThrows(IllegalStateException.class, () ->
                new TableSchedule<Table, String>(spark, "test-failure", 1).run(TABLES, Table::rows, t -> 1, (t, connections, readDone) -> {
                    started.add(t.name());
                    if (t.name().equals("big")) throw boom;
                    return t.name();
                }));
        assertSame(boom, thrown);
        assertEquals(List.of("huge", "big"), started);
        assertFalse(started.contains("tiny"));
    }
}

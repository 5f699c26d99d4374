package io.cutover.snapshot;

import io.cutover.progress.Progress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Feeds the rows each finished write task reports into its table's {@link Progress}. Tables are
 * written concurrently, so each job is tied to its table through a local property of the
 * thread that submitted it.
 */
final class TableProgress extends SparkListener {
    static final String TABLE_PROPERTY = "cutover.snapshot.table";

    private final Map<String, Progress> byTable = new ConcurrentHashMap<>();
    private final Map<Integer, Progress> byStage = new ConcurrentHashMap<>();

    void track(String table, Progress progress) {
        if (table == null) return;
        if (progress != null) {
            byTable.put(table, progress);
        } else {
            Progress done = byTable.remove(table);
            if (done != null) byStage.values().removeIf(p -> p == done);
        }
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        String table = jobStart.properties() == null ? null : jobStart.properties().getProperty(TABLE_PROPERTY);
        Progress p = table == null ? null : byTable.get(table);
        if (p == null) return;
        scala.collection.Iterator<Object> stages = jobStart.stageIds().iterator();
        while (stages.hasNext()) byStage.put((Integer) stages.next(), p);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        Progress p = byStage.get(taskEnd.stageId());
        if (p != null && taskEnd.taskMetrics() != null && "success".equalsIgnoreCase(taskEnd.reason().toString())) {
            long rows = taskEnd.taskMetrics().outputMetrics().recordsWritten();
            if (rows > 0) p.add(rows);
        }
    }
}

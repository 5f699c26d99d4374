package io.cutover.snapshot;

import io.cutover.progress.Progress;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Feeds the rows each finished write task reports into the current table's {@link Progress}. */
final class TableProgress extends SparkListener {
    private volatile Progress current;

    void track(Progress progress) {
        current = progress;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        Progress p = current;
        if (p != null && taskEnd.taskMetrics() != null && "success".equalsIgnoreCase(taskEnd.reason().toString())) {
            long rows = taskEnd.taskMetrics().outputMetrics().recordsWritten();
            if (rows > 0) p.add(rows);
        }
    }
}

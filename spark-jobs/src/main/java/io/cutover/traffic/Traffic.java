package io.cutover.traffic;

import io.cutover.outcome.CutoverException;
import io.cutover.postgres.PostgresServer;
import io.cutover.progress.Progress;
import io.cutover.traffic.OperationPlanner.Fate;
import io.cutover.traffic.OperationPlanner.Planned;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Dual-write traffic against a demo world, on two threads of its own so that a test (or a
 * person) can run verify while it writes. The front thread plans each write at its instant
 * (rate), makes Reddit's part and appends the vote to the export; the app thread makes the
 * mirror's and the new tables' transaction {@code lag} later, in the same order. Start it with
 * {@link #start}, then {@link #awaitDone()} (all planned writes) or {@link #stop()} first.
 *
 * <pre>
 *   Traffic traffic = Traffic.start(server, TrafficSpec.of(world, 100, 20, 7).withLost(0.5));
 *   ... run verify ...
 *   TrafficReport report = traffic.stopAndAwait();   // report.truth(): every lost or damaged write
 * </pre>
 */
public final class Traffic {
    /** A run that falls this far behind its schedule stops: bounded in time as in count. */
    private static final double LATE_FACTOR = 2;
    private static final double LATE_GRACE_SECONDS = 10;

    private final TrafficSpec spec;
    private final PrintStream out;
    private final OperationPlanner planner;
    private final WorldWriter writer;
    private final List<Connection> connections;
    private final BlockingQueue<Issued> queue = new LinkedBlockingQueue<>();
    private final Progress progress;
    private final Map<String, Long> counts = new TreeMap<>();
    private final List<TruthEntry> truth = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread front;
    private final Thread app;
    private final Instant started = Instant.now();
    private volatile boolean stopping;
    private volatile boolean behind;
    private long lost, damaged, done, carriedOver;
    private TrafficReport report;

    /** One planned write and the instants its Reddit part fixed. */
    private record Issued(Planned planned, Instant at, Instant voteAt, long dueNanos) {}

    private static final Issued END = new Issued(null, null, null, 0);

    private Traffic(TrafficSpec spec, WorldState world, List<Connection> connections, WorldWriter writer, PrintStream out) {
        this.spec = spec;
        this.out = out;
        this.planner = new OperationPlanner(world, spec.seed(), spec.phase(), spec.lostPercent());
        this.writer = writer;
        this.connections = connections;
        this.progress = new Progress("writes (of planned)", "writes", spec.plannedWrites(), out, Duration.ofSeconds(5));
        this.front = new Thread(this::runFront, "cutover-traffic-front");
        this.app = new Thread(this::runApp, "cutover-traffic-app");
        front.setDaemon(true);
        app.setDaemon(true);
    }

    /** Checks the world and starts writing; a bad spec or a world cutover did not make fails here, before any write. */
    public static Traffic start(PostgresServer server, TrafficSpec spec) {
        return start(server, spec, new PrintStream(OutputStream.nullOutputStream()));
    }

    public static Traffic start(PostgresServer server, TrafficSpec spec, PrintStream out) {
        // The truth file is the world's: an earlier run's entries stay in it, and their things untouched.
        List<TruthEntry> earlier = java.nio.file.Files.isRegularFile(spec.truthFile())
                ? TrafficReport.read(spec.truthFile()).truth() : List.of();
        WorldLoader.requireWorld(server, spec);
        boolean rowsMayBeAbsent = SiloStage.rowsMayBeAbsent(server, spec);
        WorldState world = WorldLoader.load(server, spec, earlier, rowsMayBeAbsent);
        List<Connection> connections = new ArrayList<>();
        WorldWriter writer;
        try {
            Connection reddit = null;
            if (spec.phase() == Phase.DUAL) {
                reddit = server.connect(spec.redditDatabase());
                connections.add(reddit);
            }
            Connection app = server.connect(spec.appDatabase());
            connections.add(app);
            writer = new WorldWriter(reddit, app, spec.phase() == Phase.DUAL ? spec.voteExport() : null, spec.dualWrites(),
                    rowsMayBeAbsent);
        } catch (SQLException | IOException | RuntimeException e) {
            closeAll(connections);
            if (e instanceof CutoverException ce) throw ce;
            throw CutoverException.failure("cannot open the world for writing: " + e.getMessage(), e);
        }
        out.printf("traffic: %s writes at %s/s for %s s on %s/%s (seed %d, %s%% lost, lag %d ms%s): %,d planned%n",
                spec.phase().id(), number(spec.rate()), number(spec.seconds()), spec.redditDatabase(), spec.appDatabase(),
                spec.seed(), number(spec.lostPercent()), spec.lagMillis(),
                spec.dualWrites().everything() ? "" : ", dual-writing " + spec.dualWrites().id(), spec.plannedWrites());
        Traffic t = new Traffic(spec, world, connections, writer, out);
        t.truth.addAll(earlier);
        t.carriedOver = earlier.size();
        t.app.start();
        t.front.start();
        return t;
    }

    /** Asks the run to stop after the write in flight; writes whose Reddit part was made still get their app part. */
    public void stop() {
        stopping = true;
    }

    /** Waits until every planned write is made (or the run was stopped), writes the truth file and returns the report. */
    public TrafficReport awaitDone() {
        try {
            front.join();
            app.join();
        } catch (InterruptedException e) {
            stopping = true;
            Thread.currentThread().interrupt();
            throw CutoverException.failure("interrupted while waiting for the traffic", e);
        }
        return finish();
    }

    public TrafficReport stopAndAwait() {
        stop();
        return awaitDone();
    }

    /** Writes whose app part is committed so far. */
    public long writesDone() {
        return progress.done();
    }

    public boolean isDone() {
        return !front.isAlive() && !app.isAlive();
    }

    // ---- the two threads ---------------------------------------------------------------------

    private void runFront() {
        long planned = spec.plannedWrites();
        long startNanos = System.nanoTime();
        double limitSeconds = spec.seconds() * LATE_FACTOR + LATE_GRACE_SECONDS;
        try {
            for (long i = 0; i < planned && !stopping && failure.get() == null; i++) {
                long due = startNanos + (long) (i * 1e9 / spec.rate());
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                if ((System.nanoTime() - startNanos) / 1e9 > limitSeconds) {
                    behind = true;
                    break;
                }
                if (stopping) break;
                Planned p = planner.next();
                Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
                Instant voteAt = WorldWriter.voteInstant(p.operation(), at);
                if (spec.phase() == Phase.DUAL) writer.writeReddit(p.operation(), at, voteAt);
                queue.put(new Issued(p, at, voteAt, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(spec.lagMillis())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
            writer.rollbackReddit();
        } finally {
            queue.add(END);
        }
    }

    private void runApp() {
        try {
            while (true) {
                Issued w = queue.take();
                if (w == END) break;
                long wait = w.dueNanos() - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                Planned p = w.planned();
                record(p, writer.writeApp(p.operation(), p.fate(), p.effects(), w.at(), w.voteAt()), w.at());
                progress.add(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
            stopping = true;
            writer.rollbackApp();
        }
    }

    /** {@code effects}: the planned differences the new side really shows (see {@link WorldWriter#writeApp}). */
    private synchronized void record(Planned p, List<OperationPlanner.Effect> effects, Instant at) {
        done++;
        counts.merge(p.operation().name(), 1L, Long::sum);
        // a failure counts where the new side would have shown it (a dual-written entity, a row there)
        if (p.fate() == Fate.LOST && !effects.isEmpty()) lost++;
        if (p.fate() == Fate.DAMAGED && !effects.isEmpty()) damaged++;
        String kind = p.fate().name().toLowerCase();
        for (OperationPlanner.Effect e : effects) {
            truth.add(new TruthEntry(e.entity(), e.key(), e.column(), e.category(), kind, p.operation().name(), at.toString()));
        }
    }

    // ---- the end ---------------------------------------------------------------------------------

    private synchronized TrafficReport finish() {
        if (report != null) return report;
        try {
            writer.close();
        } catch (IOException e) {
            failure.compareAndSet(null, e);
        }
        closeAll(connections);
        Instant ended = Instant.now();
        report = new TrafficReport(spec.world().toString(), spec.redditDatabase(), spec.appDatabase(), spec.phase().id(),
                spec.seed(), spec.rate(), spec.seconds(), spec.lostPercent(), spec.lagMillis(), spec.dualWrites().id(),
                writer.absentNewRows(), spec.plannedWrites(), done,
                new TreeMap<>(counts), lost, damaged, started.toString(), ended.toString(),
                done < spec.plannedWrites(), carriedOver, List.copyOf(truth));
        report.write(spec.truthFile());
        double seconds = Duration.between(started, ended).toMillis() / 1000.0;
        if (behind) {
            out.printf("  traffic fell behind its schedule (the server took more than %s/s) and stopped early%n", number(spec.rate()));
        }
        out.printf("traffic: %,d of %,d writes in %.1f s (%,.1f/s), %,d lost and %,d damaged on the new side, %,d differences"
                + " in %s%s%n", done, spec.plannedWrites(), seconds, done / Math.max(0.001, seconds), lost, damaged,
                truth.size() - carriedOver, spec.truthFile(), carriedOver == 0 ? "" : " (with " + carriedOver + " of earlier runs)");
        if (report.absentNewRows() > 0) {
            out.printf("  %,d edits found no new row to change (the backfill had not reached it): the backfill copies them%n",
                    report.absentNewRows());
        }
        Throwable f = failure.get();
        if (f != null) {
            String why = f instanceof SQLException sql ? PostgresServer.describe(sql) : String.valueOf(f.getMessage());
            throw CutoverException.failure("traffic failed after " + done + " writes: " + why, f);
        }
        return report;
    }

    private static void closeAll(List<Connection> connections) {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing what failed already
            }
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}

package dev.execscript.worker;

import dev.execscript.confinement.OsConfinement;
import dev.execscript.policy.ScriptPolicy;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Worker processes started for one policy, kept ready in the background like the in-process FRESH pool:
 * {@code size} workers exist at any time (ready, starting or busy), each serving runs one at a time. A
 * worker that is killed, dies, or has served {@link #MAX_RUNS} runs is replaced at once, in the
 * background. Starting stops after {@link #MAX_FAILED_STARTS} workers in a row ended before they were
 * ready (a broken java or class path); the next run that needs one tries again.
 */
final class WorkerPool {

    /**
     * Runs in new contexts one worker serves before it is replaced, so that slow leaks in its engine stay
     * bounded. Not fewer: a replacement is a cold JVM whose compiler warms up again (seconds of CPU on the
     * cores the runs share), and one engine's heap stays level over 10,000 contexts (the in-process soak test).
     */
    static final int MAX_RUNS = 10_000;
    /**
     * Runs in all, kept contexts included, before it is replaced: a call in a kept context leaks next to
     * nothing, and replacing a worker drops every context it holds (and costs a JVM start).
     */
    static final int MAX_CALLS = 1_000_000;
    static final int MAX_FAILED_STARTS = 3;

    private final ScriptPolicy policy;
    private final int size;
    private final OsConfinement confinement;
    private final AtomicLong numbers;
    private final LinkedBlockingDeque<Worker> ready = new LinkedBlockingDeque<>();
    /** Every worker not yet ended: starting, ready or busy. */
    private final Set<Worker> live = ConcurrentHashMap.newKeySet();
    private final List<String> command;
    private final Map<String, String> environment;
    private final byte[] prepare;
    private final int maxFrame;
    private int failedStarts;
    private String lastStartFailure;
    private volatile boolean closed;
    /** The one thread that starts this pool's workers; it lives as long as the pool (see {@link #fill()}). */
    private final java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon(true).name("execscript-worker-starter").unstarted(r));

    WorkerPool(ScriptPolicy policy, int size, OsConfinement confinement, List<String> command, AtomicLong numbers, String awsRegion) {
        this.policy = policy;
        this.size = size;
        this.confinement = confinement;
        this.numbers = numbers;
        this.command = command;
        this.environment = WorkerCommand.environment(policy);
        this.prepare = WireJson.prepare(policy, awsRegion);
        this.maxFrame = WorkerRuntime.maxReplyBytes(policy);
        fill();
    }

    int maxFrame() {
        return maxFrame;
    }

    /**
     * Starts workers until {@code size} exist (unless closed, or starting keeps failing), on the pool's own
     * starter thread: bwrap's --die-with-parent (PR_SET_PDEATHSIG) kills a process when the thread that
     * started it ends, so workers must not be started from a reader or caller thread that may end first.
     */
    void fill() {
        if (!closed) {
            try {
                starter.execute(this::fillNow);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Closed meanwhile.
            }
        }
    }

    private synchronized void fillNow() {
        while (!closed && live.size() < size && failedStarts < MAX_FAILED_STARTS) {
            try {
                Worker w = Worker.start(numbers.getAndIncrement(), command, environment, prepare, maxFrame,
                        this::becameReady, this::ended);
                live.add(w);
            } catch (IOException e) {
                failedStarts++;
                lastStartFailure = "could not start a worker process: " + e.getMessage();
            }
        }
    }

    private void becameReady(Worker w) {
        synchronized (this) {
            failedStarts = 0;
        }
        if (closed) {
            w.retire();
        } else {
            ready.addLast(w);
        }
    }

    private void ended(Worker w) {
        ready.remove(w);
        live.remove(w);
        synchronized (this) {
            if (!w.wasReady() && !closed) {
                failedStarts++;
                String why = lastWords(w.stderrTail());
                lastStartFailure = "a worker process ended before it was ready" + (why.isEmpty() ? "" : ": " + why);
            }
        }
        fill();
    }

    /** The last line of a worker's stderr that says something: of a Java stack trace, the exception, not its frames. */
    static String lastWords(String stderr) {
        List<String> lines = stderr.strip().lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("at ") && !line.startsWith("... ")) {
                return dev.execscript.output.TextCut.bounded(line);
            }
        }
        return "";
    }

    /**
     * A ready worker, now the caller's alone, waiting up to {@code nanos}; null when none became ready
     * in time (see {@link #lastStartFailure()}). One that holds {@code script}'s kept context (null: any)
     * if such a one is ready now.
     */
    Worker take(long nanos, HeldScripts.Key script) throws InterruptedException {
        if (script != null) {
            for (Worker w : ready) {
                // remove() is true for one caller only: two runs never take the same worker.
                if (w.holds(script) && w.isReady() && ready.remove(w)) {
                    return w;
                }
            }
        }
        long until = System.nanoTime() + nanos;
        synchronized (this) {
            if (failedStarts >= MAX_FAILED_STARTS) {
                failedStarts = MAX_FAILED_STARTS - 1;
            }
        }
        fill();
        while (true) {
            Worker w = ready.pollFirst(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (w == null || w.isReady()) {
                return w;
            }
        }
    }

    /** A worker whose run ended normally: back to the pool, or replaced when it has served enough. */
    void giveBack(Worker w) {
        w.idle();
        if (closed || w.contextRuns() >= MAX_RUNS || w.runs() >= MAX_CALLS) {
            w.retire();
        } else {
            // Last in line: runs go round the workers, so each has the others' runs' time to prepare its next
            // context (one worker taking every run would have to prepare one in each gap between runs).
            ready.addLast(w);
        }
    }

    /** Kills a worker that cannot be trusted any more; its end starts a replacement. */
    void discard(Worker w) {
        w.kill();
    }

    synchronized String lastStartFailure() {
        return lastStartFailure;
    }

    ScriptPolicy policy() {
        return policy;
    }

    OsConfinement confinement() {
        return confinement;
    }

    int liveCount() {
        return live.size();
    }

    /** Kills every worker (a run still going ends as a worker death). */
    void close() {
        closed = true;
        starter.shutdown();
        ready.clear();
        live.forEach(Worker::kill);
    }
}

package dev.execscript.python;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread that checks every running step, every {@link #PERIOD_MILLIS} ms, against its deadline and
 * its resource budget, and stops the ones over. A step only joins and leaves a set: scheduling a deadline
 * and a meter per run cost two queue insertions and often a wake-up of this thread, measured at up to
 * tens of microseconds on a warm run that itself takes ten. The sweep runs only while steps run.
 */
final class StepWatchdog implements AutoCloseable {

    static final long PERIOD_MILLIS = 20;

    private final Set<StepControl> running = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweepScheduled = new AtomicBoolean();
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("execscript-watchdog").daemon(true).factory());

    /** Watches the step until {@link #release}: its deadline from now on, its meter once it has one. */
    void watch(StepControl step) {
        running.add(step);
        if (sweepScheduled.compareAndSet(false, true)) {
            scheduleSweep();
        }
    }

    void release(StepControl step) {
        running.remove(step);
    }

    private void scheduleSweep() {
        try {
            thread.schedule(this::sweep, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            sweepScheduled.set(false);
        }
    }

    private void sweep() {
        for (StepControl step : running) {
            try {
                step.check();
            } catch (RuntimeException ignored) {
                // One step's failing check must not end the sweeping of the others; its own run reports.
            }
        }
        if (!running.isEmpty()) {
            scheduleSweep();
            return;
        }
        sweepScheduled.set(false);
        // A step that joined between the emptiness test and the reset would otherwise go unwatched.
        if (!running.isEmpty() && sweepScheduled.compareAndSet(false, true)) {
            scheduleSweep();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

package dev.execscript.python;

/**
 * Who stops a running step and why. The watchdog (deadline, resource watch) and the step thread meet
 * here; whichever stops the step first records the reason, then the context is cancelled.
 */
final class StepControl {

    private enum State { NEW, RUNNING, FINISHED }

    private State state = State.NEW;
    private Object context;
    private boolean stopped;
    private boolean timedOut;
    private ResourceWatch.Exceeded exceeded;
    private final long deadlineNanos;
    /** The step thread's meter, set once the script is about to run; read by the watchdog's sweep. */
    private volatile ResourceWatch meter;

    /** A step that is to be stopped once {@code timeoutNanos} have passed from now. */
    StepControl(long timeoutNanos) {
        this.deadlineNanos = System.nanoTime() + timeoutNanos;
    }

    /** Registers the context; false if the step was stopped before it could start. */
    synchronized boolean start(Object context) {
        if (stopped) {
            return false;
        }
        this.context = context;
        state = State.RUNNING;
        return true;
    }

    /** Stops the step: a null reason means its deadline passed. Only the first reason counts. */
    void stop(ResourceWatch.Exceeded reason) {
        Object toClose;
        synchronized (this) {
            if (stopped || state == State.FINISHED) {
                return;
            }
            stopped = true;
            timedOut = reason == null;
            exceeded = reason;
            toClose = context;
        }
        if (toClose instanceof org.graalvm.polyglot.Context c) {
            // Closing waits for the script to unwind; keep the watchdog free for other steps.
            Thread.ofVirtual().name("execscript-cancel").start(() -> {
                try {
                    c.close(true);
                } catch (RuntimeException ignored) {
                    // Already closed: the step finished at the same moment.
                }
            });
        }
    }

    /** From now on the watchdog's sweeps also check the step's resource use. */
    void meter(ResourceWatch watch) {
        this.meter = watch;
    }

    /** The watchdog's periodic check: stops the step if its deadline has passed or a budget is spent. */
    void check(long nowNanos) {
        if (nowNanos - deadlineNanos >= 0) {
            stop(null);
            return;
        }
        ResourceWatch watch = meter;
        if (watch != null) {
            ResourceWatch.Exceeded over = watch.check();
            if (over != null) {
                stop(over);
            }
        }
    }

    synchronized void finish() {
        state = State.FINISHED;
    }

    synchronized boolean stopped() {
        return stopped;
    }

    synchronized boolean timedOut() {
        return timedOut;
    }

    synchronized ResourceWatch.Exceeded exceeded() {
        return exceeded;
    }
}

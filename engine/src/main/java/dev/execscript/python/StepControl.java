package dev.execscript.python;

/**
 * Who stops a running step and why. The watchdog (deadline, resource watch) and the step thread meet
 * here; whichever stops the step first records the reason, then the context is cancelled. The step's
 * clock starts when its script is about to run, not when it was asked for: creating and preparing a
 * context is the engine's time, not the step's ({@code timeoutSeconds} counts the step). A context
 * that cannot even start within {@link #START_LIMIT_NANOS} stops the step too.
 */
final class StepControl {

    private enum State { NEW, RUNNING, FINISHED }

    private State state = State.NEW;
    private Object context;
    private boolean stopped;
    private boolean timedOut;
    private ResourceWatch.Exceeded exceeded;
    /** Generous: a cold context on a loaded 2-core machine takes seconds, never a minute. */
    static final long START_LIMIT_NANOS = 60_000_000_000L;

    private final Ticker ticker;
    private final long timeoutNanos;
    /** Until the script starts, the latest time it may start; then its deadline. */
    private volatile long deadlineNanos;
    private volatile boolean running;
    /** The step thread's meter, set once the script is about to run; read by the watchdog's sweep. */
    private volatile ResourceWatch meter;

    /** A step that is to be stopped once {@code timeoutNanos} have passed from the start of its script. */
    StepControl(long timeoutNanos) {
        this(timeoutNanos, Ticker.SYSTEM);
    }

    StepControl(long timeoutNanos, Ticker ticker) {
        this.ticker = ticker;
        this.timeoutNanos = timeoutNanos;
        this.deadlineNanos = ticker.read() + START_LIMIT_NANOS;
    }

    /**
     * Registers the context as its script is about to run and starts the step's clock; false if the step
     * was stopped before it could start.
     */
    synchronized boolean start(Object context) {
        if (stopped) {
            return false;
        }
        this.context = context;
        state = State.RUNNING;
        deadlineNanos = ticker.read() + timeoutNanos;
        running = true;
        return true;
    }

    /**
     * When the caller should give up waiting for the run: the deadline once the script runs, otherwise
     * the latest start; either way plus {@code grace} for the script to unwind after it is stopped.
     */
    long waitUntil(long graceNanos) {
        return deadlineNanos + graceNanos;
    }

    /** Whether the script started (its deadline is then fixed). */
    boolean started() {
        return running;
    }

    long now() {
        return ticker.read();
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
    void check() {
        if (ticker.read() - deadlineNanos >= 0) {
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

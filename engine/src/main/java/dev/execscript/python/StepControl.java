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
    private java.util.concurrent.Future<?> meter;

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

    /** The periodic resource check of this step, cancelled when the step finishes. */
    synchronized void meter(java.util.concurrent.Future<?> meter) {
        this.meter = meter;
    }

    synchronized void finish() {
        state = State.FINISHED;
        if (meter != null) {
            meter.cancel(false);
        }
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

package dev.execscript.python;

import dev.execscript.answering.AwsBridge;
import dev.execscript.payload.GuestJsonEncoder;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * One GraalPy context and the one thread that creates it, enters it and closes it. GraalPy keeps
 * per-thread state from the thread that first enters a context, scripts need a 16 MB stack, and CPU and
 * allocation metering is per thread: so a context never leaves its thread. The thread prepares the
 * context as soon as it starts (in the background), then runs the jobs given to it one at a time until
 * it is retired; then it closes the context and ends.
 */
final class ContextThread {

    /** GraalPy turns a Java stack overflow into RecursionError; 16 MB allows a few thousand Python frames. */
    static final long STACK_SIZE = 16L * 1024 * 1024;

    private static final FutureTask<Void> RETIRE = new FutureTask<>(() -> null);

    /**
     * How long each side of a hand-off polls before it parks: the step thread for its next job, the caller
     * for the result. Waking a parked thread took 50-100 us at p90 on 2 cores, several times a warm run's
     * own cost; a short bounded poll keeps back-to-back runs from paying it.
     */
    private static final long HAND_OFF_POLL_NANOS = 50_000;

    private final BlockingQueue<FutureTask<?>> jobs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> prepared = new CompletableFuture<>();
    private final RunOutput output = new RunOutput();
    /** Answers the context's AWS calls for the run in progress. */
    private final AwsBridge aws = new AwsBridge();
    private final Thread thread;
    private volatile Context context;
    /** The bridge the context's AWS calls go through: pointed at a run's session while it runs. */
    AwsBridge aws() {
        return aws;
    }

    /** Reads script-controlled text bounded; made before the context runs any script. */
    private GuestText guestText;
    /** The payload encoder's guest half; made before any script runs, like {@link #guestText}. */
    private GuestJsonEncoder payloadEncoder;
    /** The script's module namespace, for a context kept for one script (REUSE); touched on the thread only. */
    private Value module;
    /** The bootstrap's functions the host calls, looked up once per context rather than once per run. */
    private final Map<String, Value> functions = new HashMap<>();
    private volatile boolean ended;

    /**
     * Starts the thread: it creates the context (given the stream its stdout and stderr go to) and
     * prepares it before taking any job.
     */
    ContextThread(String name, Function<OutputStream, Context> create, BiConsumer<Context, AwsBridge> prepare) {
        this.thread = Thread.ofPlatform().name(name).daemon(true).stackSize(STACK_SIZE).unstarted(() -> serve(create, prepare));
        thread.start();
    }

    private void serve(Function<OutputStream, Context> create, BiConsumer<Context, AwsBridge> prepare) {
        Throwable failure = null;
        try {
            context = create.apply(output);
            guestText = new GuestText(context);
            payloadEncoder = new GuestJsonEncoder(context);
            prepare.accept(context, aws);
            prepared.complete(null);
            while (true) {
                FutureTask<?> job = nextJob();
                if (job == RETIRE) {
                    break;
                }
                job.run();
            }
        } catch (InterruptedException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            failure = e;
            prepared.completeExceptionally(e);
        } finally {
            Context c = context;
            if (c != null) {
                try {
                    c.close(true);
                } catch (RuntimeException ignored) {
                    // Already closed by a cancellation or by the engine's close.
                }
            }
            endJobs(failure);
        }
    }

    private FutureTask<?> nextJob() throws InterruptedException {
        long until = System.nanoTime() + HAND_OFF_POLL_NANOS;
        do {
            FutureTask<?> job = jobs.poll();
            if (job != null) {
                return job;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - until < 0);
        return jobs.take();
    }

    /** Waits for a job's result, polling briefly before parking (see {@link #HAND_OFF_POLL_NANOS}). */
    static <T> T await(Future<T> result, Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        long until = System.nanoTime() + HAND_OFF_POLL_NANOS;
        while (!result.isDone() && System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
        return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Fails the jobs nobody will run; later submissions fail at once. */
    private void endJobs(Throwable failure) {
        synchronized (this) {
            ended = true;
        }
        IllegalStateException reason = new IllegalStateException("the script's context ended before the run started", failure);
        for (FutureTask<?> job; (job = jobs.poll()) != null; ) {
            if (job != RETIRE) {
                job.cancel(false);
            }
        }
        prepared.completeExceptionally(reason);
    }

    /** Runs a job on this thread after the context is prepared and earlier jobs are done. */
    <T> Future<T> submit(Callable<T> job) {
        FutureTask<T> task = new FutureTask<>(job);
        synchronized (this) {
            if (!ended) {
                jobs.add(task);
                return task;
            }
        }
        task.cancel(false);
        return task;
    }

    /** Closes the context and ends the thread once the jobs already given have run. Idempotent. */
    void retire() {
        jobs.add(RETIRE);
    }

    /** For a thread stuck in a script that does not unwind: it is retired and left to finish alone. */
    void abandon() {
        retire();
        thread.interrupt();
    }

    /** Whether the context is ready for a run: prepared and not ended. */
    boolean isPrepared() {
        return prepared.isDone() && !prepared.isCompletedExceptionally() && !ended;
    }

    /** Whether preparing the context failed or the thread ended: it can never run a job. */
    boolean isBroken() {
        return prepared.isCompletedExceptionally() || ended;
    }

    /** Waits until the thread has ended, at most {@code millis}. */
    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /** The context; call from a job. */
    Context context() {
        return context;
    }

    /** Call from a job. */
    GuestText guestText() {
        return guestText;
    }

    /** Call from a job. */
    GuestJsonEncoder payloadEncoder() {
        return payloadEncoder;
    }

    RunOutput output() {
        return output;
    }

    /** A function of the bootstrap, from the context's top-level bindings (call from a job). */
    Value function(String name) {
        Value f = functions.get(name);
        if (f == null) {
            f = context.getBindings("python").getMember(name);
            functions.put(name, f);
        }
        return f;
    }

    /** The module loaded into this context for its script, or null (call from a job). */
    Value module() {
        return module;
    }

    void module(Value loaded) {
        this.module = loaded;
    }

    /**
     * The context's stdout and stderr: fixed when the context is created, so for a context made before
     * its run they go to whichever run is current; outside a run (warm-up) they are dropped.
     */
    static final class RunOutput extends OutputStream {
        private volatile OutputStream target = OutputStream.nullOutputStream();

        void use(OutputStream to) {
            target = to == null ? OutputStream.nullOutputStream() : to;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            target.write(b, off, len);
        }
    }
}

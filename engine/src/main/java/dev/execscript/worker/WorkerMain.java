package dev.execscript.worker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.answering.AwsAnswering;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.python.GraalPyRuntime;
import dev.execscript.python.PythonInvocation;
import dev.execscript.python.PythonScript;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The main class of a worker process: a child JVM that runs Python handlers for its host, one at a time,
 * each in a fresh sandboxed context (as {@code FRESH} isolation in-process), or under {@code process-reuse}
 * in a context kept per script (as {@code REUSE} in-process), speaking {@link Frames} over
 * stdin and stdout. Nothing else may write to stdout: {@code System.out} is pointed at stderr before
 * anything runs (the host drains stderr and keeps only a bounded tail). Scripts' AWS calls are forwarded to
 * the host and answered there ({@link HostCalls}).
 *
 * <p>A run whose script does not stop when cancelled is reported, and then this process halts, taking the
 * stuck thread with it (the host replaces it). Exit codes: 0 at the end of input, 2 for a protocol error
 * by the host, 3 when the JVM runs out of heap ({@code -XX:+ExitOnOutOfMemoryError}, set by the host).
 */
public final class WorkerMain {

    /** How long a stopped script gets to unwind in here; after that the worker reports and halts. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(1);
    /** The host is trusted, but a request is still bounded (scripts and attachments, base64). */
    static final int MAX_REQUEST_BYTES = 1 << 30;
    /** Longest wait for a prepared context before a run starts anyway (its context then made on demand). */
    static final Duration PREPARE_LIMIT = Duration.ofSeconds(30);
    static final String ABANDONED = "; the script did not stop when cancelled and its thread was abandoned";
    static final String KILLED = "; the script did not stop when cancelled and its worker process was ended";
    static final String WARM_UP = "def handler(events, context):\n    return 1\n";

    private WorkerMain() {
    }

    public static void main(String[] args) {
        PrintStream protocolOut = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        System.setOut(System.err);
        Frames frames = new Frames(new BufferedInputStream(new FileInputStream(FileDescriptor.in)),
                new BufferedOutputStream(protocolOut, 1 << 16));
        int status;
        try {
            status = serve(frames);
        } catch (IOException | RuntimeException e) {
            System.err.println("execscript worker: " + e.getMessage());
            status = 2;
        }
        // A thread left in a builtin, or GraalVM's shutdown hooks waiting on it, must not hold the exit.
        Runtime.getRuntime().halt(status);
    }

    private static int serve(Frames frames) throws IOException {
        Frames.Frame prepare = frames.read(MAX_REQUEST_BYTES);
        if (prepare == null || prepare.type() != Frames.Type.PREPARE) {
            throw new IOException("the host did not start with a PREPARE frame");
        }
        WireJson.Prepare prepared = WireJson.prepare(prepare.payload());
        ScriptPolicy given = prepared.policy();
        ScriptPolicy poolPolicy = inWorker(given);
        // A run without a policy of its own runs under the pool's: the host sends one only when it differs.
        PolicyInWorker policies = new PolicyInWorker(given, poolPolicy);
        // Scripts' AWS calls are answered by the host: it counts, records and sends them (this process has no network).
        HostCalls aws = new HostCalls(frames);
        HeldScripts held = new HeldScripts();
        try (GraalPyRuntime python = new GraalPyRuntime(poolPolicy, prepared.awsRegion(), CANCEL_GRACE)) {
            // One run before saying ready: the engine, the bootstrap and the run path are loaded, so the
            // first real run costs what later ones do (the pool prepares the next context meanwhile). Under
            // REUSE its context is kept like any script's, until 16 other scripts push it out.
            python.run(new PythonInvocation(new PythonScript(WARM_UP, "warmup.py", "handler"), "{}", "{}",
                    Duration.ofSeconds(60), poolPolicy, line -> { }));
            ObjectNode ready = JsonNodeFactory.instance.objectNode();
            ready.put("protocol", Frames.VERSION);
            ready.put("pid", ProcessHandle.current().pid());
            frames.write(Frames.Type.READY, WireJson.bytes(ready));
            HostInput input = new HostInput(frames, aws, MAX_REQUEST_BYTES);
            while (true) {
                Frames.Frame request = next(input);
                if (request == null) {
                    return 0;
                }
                if (request.type() != Frames.Type.RUN) {
                    throw new IOException("the host sent a " + request.type() + " frame where RUN was expected");
                }
                WireJson.Run run = WireJson.invocation(request.payload(), line -> sendLine(frames, line));
                ScriptPolicy policy = policies.of(run.policy());
                PythonInvocation invocation = new PythonInvocation(run.script(), run.eventsJson(), run.contextJson(),
                        run.timeout(), policy, run.liveOutput(), AwsAnswering.forwarded(aws, run.awsEndpoint())
                                .session(call -> { }, run.timeout()));
                boolean reused = policy.isolationSettings().isolation() == Isolation.REUSE && held.holds(invocation);
                if (!reused && invocation.script().attachmentFiles().isEmpty() && policy.equals(poolPolicy)) {
                    // As in-process, the timeout counts from the script's start, not its context's: the host's clock
                    // for this run starts with STARTED, so the context is made ready first (a kept one is ready).
                    awaitPreparedContext(python);
                }
                frames.write(Frames.Type.STARTED, EMPTY);
                int abandonedBefore = python.abandonedThreads();
                ScriptOutcome outcome = memoryLimit(python.run(invocation), policy);
                boolean stuck = python.abandonedThreads() > abandonedBefore;
                if (stuck) {
                    outcome = new ScriptOutcome(outcome.status(), outcome.payloadJson(), outcome.truncation(),
                            outcome.failureType(), outcome.failureMessage().replace(ABANDONED, KILLED), outcome.details(),
                            outcome.output(), outcome.elapsed());
                }
                if (policy.isolationSettings().isolation() == Isolation.REUSE) {
                    held.ran(invocation, outcome);
                }
                ObjectNode reply = WireJson.outcome(outcome);
                reply.put("recycle", stuck);
                frames.write(Frames.Type.OUTCOME, WireJson.bytes(reply));
                if (stuck) {
                    return 0;
                }
            }
        }
    }

    private static final byte[] EMPTY = new byte[0];

    private static Frames.Frame next(HostInput input) throws IOException {
        try {
            return input.next();
        } catch (InterruptedException e) {
            throw new IOException("interrupted while waiting for the host", e);
        }
    }

    /**
     * The in-worker form of each run's policy, kept for the last one seen: runs mostly come under one policy,
     * and the in-worker form costs a builder and a check of every value.
     */
    private static final class PolicyInWorker {
        private final ScriptPolicy poolGiven;
        private final ScriptPolicy pool;
        private ScriptPolicy lastGiven;
        private ScriptPolicy last;

        PolicyInWorker(ScriptPolicy poolGiven, ScriptPolicy pool) {
            this.poolGiven = poolGiven;
            this.pool = pool;
        }

        /** {@code given} (null: the pool's) as it runs in here. */
        ScriptPolicy of(ScriptPolicy given) {
            if (given == null || given.equals(poolGiven)) {
                return pool;
            }
            if (!given.equals(lastGiven)) {
                last = inWorker(given);
                lastGiven = given;
            }
            return last;
        }
    }

    /**
     * A script that ended by asking for more memory at once than any worker holds, as the memory limit it
     * is. GraalPy sizes its objects with Java ints, so a request of 2^31 items or more ({@code
     * bytearray(6 * 10**9)}) raises OverflowError where CPython, with 64-bit sizes, raises MemoryError under
     * AWS's 512 MB. (Running out of heap ends the worker instead; the host reports that.)
     */
    static ScriptOutcome memoryLimit(ScriptOutcome o, ScriptPolicy policy) {
        if (o.status() != StepStatus.Failed || o.details() == null
                || !"OverflowError".equals(first(o.details().get("ExceptionType")))
                || !INDEX_SIZED.equals(first(o.details().get("ExceptionMessage")))) {
            return o;
        }
        String limit = WorkerRuntime.mebibytes(policy.isolationSettings().maxMemory());
        return ScriptOutcome.limitReached("maxMemory", limit, "one request of 2^31 items or more", "MemoryError: the script asked "
                + "for more memory than it may hold: memory limit " + limit + " (policy maxMemory)\n" + o.failureMessage(), o.output(),
                o.elapsed());
    }

    static final String INDEX_SIZED = "cannot fit 'int' into an index-sized integer";

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Waits (bounded) until the pool has a context prepared, as after the previous run it may still be making one. */
    private static void awaitPreparedContext(GraalPyRuntime python) {
        long until = System.nanoTime() + PREPARE_LIMIT.toNanos();
        while (python.readyContexts() == 0 && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
    }

    /**
     * The policy a run has in here: under {@code process} a fresh context each, under {@code process-reuse}
     * REUSE (one kept context per script); either from a pool of one prepared in the background.
     */
    static ScriptPolicy inWorker(ScriptPolicy policy) {
        Isolation inside = WorkerRuntime.keepsContexts(policy) ? Isolation.REUSE : Isolation.FRESH;
        return policy.toBuilder().isolation(inside).poolSize(1).build();
    }

    private static void sendLine(Frames frames, String line) {
        try {
            frames.write(Frames.Type.LINE, line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The host is gone: nobody waits for this run any more.
            Runtime.getRuntime().halt(0);
        }
    }
}

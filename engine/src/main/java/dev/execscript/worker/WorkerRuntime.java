package dev.execscript.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.confinement.OsConfinement;
import dev.execscript.output.OutputCapture;
import dev.execscript.output.TextCut;
import dev.execscript.policy.Confinement;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.python.PythonInvocation;
import dev.execscript.python.PythonRunner;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.ScriptOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs Python handlers in worker processes ({@code isolation: process}): child JVMs running the engine
 * ({@link WorkerMain}), each run in a fresh sandboxed context inside one, kept ready in the background
 * ({@link WorkerPool}) and confined by the OS where the machine allows ({@link OsConfinement}). Under
 * {@code process-reuse} a worker keeps each script's context between its runs (REUSE inside), and a run
 * goes to a ready worker that holds its script's context ({@link HeldScripts}) when there is one.
 *
 * <p>What the host guarantees, whatever a script or a worker does: a run ends by its timeout plus
 * {@link #KILL_GRACE}; a worker that overstays it, dies, runs out of its heap ({@link ScriptPolicy#maxMemory()}
 * plus the engine's own), or breaks the protocol is killed with its whole process tree and replaced, and
 * the step says which of these happened; no host thread waits on a worker beyond that or is left
 * behind (each worker has one reader and one stderr thread, which end with its pipes); what a worker
 * prints reaches the run's output only through the same bounded {@link OutputCapture} as in-process.
 * A script's AWS calls are answered here, by the run's own session, as in-process ({@link WorkerAwsCalls}):
 * the worker only forwards them. Thread-safe.
 */
public final class WorkerRuntime implements PythonRunner {

    /**
     * How long past its timeout (counted from the script's start, as in-process) a run may take before its
     * worker is killed: the worker gives a stopped script {@link WorkerMain#CANCEL_GRACE} and then reports.
     */
    static final Duration KILL_GRACE = Duration.ofMillis(1500);
    /**
     * How long a worker may take from a run's hand-over to its script's start (its context is made ready
     * first, {@link WorkerMain#PREPARE_LIMIT}, then made on demand if need be).
     */
    static final Duration START_ALLOWANCE = Duration.ofSeconds(90);
    /** While a run's script has not started, how often its caller looks whether it has (and so its deadline is known). */
    private static final long START_POLL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);
    /** How long a run waits for a ready worker (a cold JVM and GraalPy take seconds on 2 busy cores). */
    static final Duration START_LIMIT = Duration.ofSeconds(120);
    /** Exit code of a JVM that ran out of heap under {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int OUT_OF_MEMORY_EXIT = 3;
    /**
     * Largest AWS call a worker forwards (its frame): a signed request for the endpoint with its body as
     * base64, JSON-escaped. A worker does not forward a larger one (see {@link WorkerMain}); one that sends
     * a larger frame is killed.
     */
    static final int MAX_AWS_CALL_BYTES = 64 << 20;
    /**
     * AWS calls a worker may have waiting for answers at once: its script's threads forward one at a time,
     * and a call abandoned by a cancelled thread may still be waiting.
     */
    static final int MAX_UNANSWERED_AWS_CALLS = 16;

    /**
     * The settings fixed when a worker process starts (and whether its prepared contexts are kept per
     * script, REUSE inside); runs that differ only elsewhere share workers.
     */
    private record WorkerSpec(long maxMemory, List<String> environmentVariables, List<java.nio.file.Path> readableDirectories,
            List<java.nio.file.Path> pythonPath, Confinement confinement, boolean reuse) {
        static WorkerSpec of(ScriptPolicy p) {
            return new WorkerSpec(p.isolationSettings().maxMemory(), p.environmentVariables(), p.readableDirectories(), p.pythonPath(),
                    p.isolationSettings().confinement(), keepsContexts(p));
        }
    }

    private final OsConfinement confinement;
    private final Function<ScriptPolicy, List<String>> commands;
    private final Map<WorkerSpec, WorkerPool> pools = new ConcurrentHashMap<>();
    private final AtomicLong numbers = new AtomicLong();
    private final boolean prepare;
    private final String awsRegion;
    private volatile boolean closed;

    /**
     * Workers confined with what this machine offers; with {@code prepare}, {@code poolSize} (at least 1)
     * workers for {@code policy} start in the background now, otherwise one starts at the first run.
     */
    public WorkerRuntime(ScriptPolicy policy, boolean prepare) {
        this(policy, prepare, DEFAULT_AWS_REGION);
    }

    /**
     * As {@link #WorkerRuntime(ScriptPolicy, boolean)}, with the region scripts' AWS clients use when they
     * name none (as {@link dev.execscript.python.GraalPyRuntime#GraalPyRuntime(ScriptPolicy, String)}).
     */
    public WorkerRuntime(ScriptPolicy policy, boolean prepare, String awsRegion) {
        this(policy, prepare, OsConfinement.detect(), awsRegion);
    }

    WorkerRuntime(ScriptPolicy policy, boolean prepare, OsConfinement confinement) {
        this(policy, prepare, confinement, DEFAULT_AWS_REGION);
    }

    private WorkerRuntime(ScriptPolicy policy, boolean prepare, OsConfinement confinement, String awsRegion) {
        this(policy, prepare, confinement, p -> WorkerCommand.command(p, confinement), awsRegion);
    }

    /** Workers started with {@code commands} (tests start workers that break the protocol on purpose). */
    WorkerRuntime(ScriptPolicy policy, boolean prepare, OsConfinement confinement, Function<ScriptPolicy, List<String>> commands) {
        this(policy, prepare, confinement, commands, DEFAULT_AWS_REGION);
    }

    private WorkerRuntime(ScriptPolicy policy, boolean prepare, OsConfinement confinement, Function<ScriptPolicy, List<String>> commands,
            String awsRegion) {
        this.confinement = confinement;
        this.commands = commands;
        this.prepare = prepare;
        this.awsRegion = java.util.Objects.requireNonNull(awsRegion, "awsRegion");
        if (prepare && confinement.refusal(policy.isolationSettings().confinement()) == null) {
            pool(policy);
        }
    }

    /** The confinement workers run under here. */
    public OsConfinement confinement() {
        return confinement;
    }

    private WorkerPool pool(ScriptPolicy policy) {
        return pools.computeIfAbsent(WorkerSpec.of(policy),
                // Not prepared ahead (one short document): one worker, not poolSize JVMs competing for the cores.
                spec -> new WorkerPool(policy, prepare ? Math.max(1, policy.isolationSettings().poolSize()) : 1, confinement, commands.apply(policy),
                        numbers, awsRegion));
    }

    /** Whether runs under {@code policy} keep their script's context in a worker ({@code process-reuse}; REUSE as given). */
    static boolean keepsContexts(ScriptPolicy policy) {
        return policy.isolationSettings().isolation() == Isolation.PROCESS_REUSE || policy.isolationSettings().isolation() == Isolation.REUSE;
    }

    /** Whether workers run GraalVM's optimizing compiler: they inherit this JVM's JIT flags. */
    public boolean isCompilationEnabled() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+EnableJVMCI");
    }

    /** Worker processes alive now (starting, ready or busy), for tests. */
    int liveWorkers() {
        return pools.values().stream().mapToInt(WorkerPool::liveCount).sum();
    }

    @Override
    public ScriptOutcome run(PythonInvocation invocation) {
        if (closed) {
            throw new IllegalStateException("the runtime is closed");
        }
        long start = System.nanoTime();
        ScriptPolicy policy = invocation.policy();
        String refused = confinement.refusal(policy.isolationSettings().confinement());
        if (refused != null) {
            return ScriptOutcome.failed(FailureType.Unsupported, refused, Map.of(), "", since(start));
        }
        OutputCapture output = new OutputCapture(policy.guestLimits().maxOutputBytes(), invocation.liveOutput());
        WorkerPool pool = pool(policy);
        // Under process-reuse, the script whose context a worker may keep; its runs go to a worker holding it.
        HeldScripts.Key script = keepsContexts(policy) ? HeldScripts.Key.of(invocation) : null;
        try {
            Worker worker = pool.take(START_LIMIT.toNanos(), script);
            if (worker == null) {
                String why = pool.lastStartFailure();
                return ScriptOutcome.failed(FailureType.Action, "no worker process became ready within "
                        + START_LIMIT.toSeconds() + " s" + (why == null ? "" : " (" + why + ")"), Map.of(), "", since(start));
            }
            return runOn(pool, worker, invocation, script, output, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ScriptOutcome.failed(FailureType.Action, "interrupted", Map.of(), output.text(), since(start));
        }
    }

    private ScriptOutcome runOn(WorkerPool pool, Worker worker, PythonInvocation invocation, HeldScripts.Key script,
            OutputCapture output, long start) throws InterruptedException {
        ScriptPolicy policy = invocation.policy();
        // Until the worker says the script starts (its context ready), the run's own clock has not started.
        long sent = System.nanoTime();
        // The pool's workers have its policy since PREPARE: a run under that one does not send it again.
        boolean samePolicy = policy == pool.policy() || policy.equals(pool.policy());
        if (!worker.send(WireJson.invocation(invocation, !samePolicy), worker.holds(script))) {
            return died(pool, worker, policy, output, start);
        }
        try (WorkerAwsCalls aws = new WorkerAwsCalls(worker, invocation.aws())) {
            return await(pool, worker, invocation, script, output, start, sent, aws);
        }
    }

    /** The run's events until its outcome, its worker's end, or its deadline; AWS calls answered as they come. */
    private ScriptOutcome await(WorkerPool pool, Worker worker, PythonInvocation invocation, HeldScripts.Key script,
            OutputCapture output, long start, long sent, WorkerAwsCalls aws) throws InterruptedException {
        ScriptPolicy policy = invocation.policy();
        while (true) {
            long started = worker.startedAt();
            long deadline = started == 0 ? sent + START_ALLOWANCE.toNanos()
                    : started + invocation.timeout().toNanos() + KILL_GRACE.toNanos();
            long left = deadline - System.nanoTime();
            // Before the script starts its deadline is not known yet: look again every START_POLL.
            Worker.Event event = left <= 0 ? null : worker.next(started == 0 ? Math.min(left, START_POLL_NANOS) : left);
            switch (event) {
                case null -> {
                    if (System.nanoTime() - deadline < 0) {
                        continue;
                    }
                    pool.discard(worker);
                    if (worker.startedAt() == 0) {
                        return ScriptOutcome.failed(FailureType.Action, "the worker process did not start the script within "
                                + START_ALLOWANCE.toSeconds() + " s; it was killed and replaced", Map.of(), output.text(), since(start));
                    }
                    return ScriptOutcome.timedOut("the step timed out after " + seconds(invocation.timeout())
                            + " (timeoutSeconds); the script did not stop, and its worker process was killed",
                            output.text(), since(start));
                }
                case Worker.Line line -> {
                    feed(output, line.text());
                }
                case Worker.AwsRequest request -> {
                    aws.answer(request.request());
                }
                case Worker.Outcome reply -> {
                    ScriptOutcome outcome;
                    try {
                        outcome = checked(WireJson.outcome(reply.json()), policy);
                    } catch (WireJson.MalformedException e) {
                        pool.discard(worker);
                        return brokeProtocol(e.getMessage(), output, start);
                    }
                    // A call still unanswered (a script thread left waiting) would be answered into its next run.
                    if (reply.json().path("recycle").asBoolean(false) || worker.unansweredCalls() > 0) {
                        pool.discard(worker);
                    } else {
                        worker.ran(script, outcome);
                        pool.giveBack(worker);
                    }
                    return outcome;
                }
                case Worker.Ended ended -> {
                    if (ended.problem() != null) {
                        pool.discard(worker);
                        return brokeProtocol(ended.problem(), output, start);
                    }
                    return died(pool, worker, policy, output, start);
                }
            }
        }
    }

    /** A line the worker's capture passed on, through the host's own capture (the same bounds, whatever the worker sends). */
    private static void feed(OutputCapture output, String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            output.stream().write(bytes, 0, bytes.length);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("an in-memory capture does not fail", e);
        }
    }

    /** A worker's outcome, refused if it is larger than the policy lets a run's outcome be. */
    private static ScriptOutcome checked(ScriptOutcome o, ScriptPolicy policy) throws WireJson.MalformedException {
        // The worker's own capture marker and totals line fit in 1 KiB.
        if (o.output() != null && OutputCapture.utf8Length(o.output()) > (long) policy.guestLimits().maxOutputBytes() + 1024) {
            throw new WireJson.MalformedException("more output than the policy's maxOutputBytes");
        }
        if (o.payloadJson() != null && OutputCapture.utf8Length(o.payloadJson()) > policy.payloadLimits().maxBytes()) {
            throw new WireJson.MalformedException("a payload larger than the policy's maxPayloadBytes");
        }
        return o;
    }

    private static ScriptOutcome brokeProtocol(String problem, OutputCapture output, long start) {
        return ScriptOutcome.failed(FailureType.Action, "the worker process broke the protocol (" + problem
                + ") and was killed; the step's result is unknown", Map.of(), output.text(), since(start));
    }

    /**
     * The worker ended during the run: out of heap, killed, or crashed. Its exit code is read before it is
     * killed for good (its stdout closes a moment before it exits).
     */
    private static ScriptOutcome died(WorkerPool pool, Worker worker, ScriptPolicy policy, OutputCapture output, long start)
            throws InterruptedException {
        Integer code = worker.exitCode(2000);
        pool.discard(worker);
        if (code != null && code == OUT_OF_MEMORY_EXIT) {
            String limit = mebibytes(policy.isolationSettings().maxMemory());
            return ScriptOutcome.limitReached("maxMemory", limit, "all of the worker's heap", "MemoryError: the script ran out of "
                    + "memory: memory limit " + limit + " reached (policy maxMemory); its worker process was ended", output.text(),
                    since(start));
        }
        String how = code == null ? "is not responding" : code > 128 ? "was ended by signal " + (code - 128)
                : "exited with code " + code;
        return ScriptOutcome.failed(FailureType.Action, TextCut.bounded("the worker process running the script " + how
                + " before the step finished; it was replaced"), Map.of(), output.text(), since(start));
    }

    /** Largest frame a worker may send under {@code policy}: its outcome with every text at its limit, JSON-escaped. */
    static int maxReplyBytes(ScriptPolicy policy) {
        // Escaped non-ASCII takes up to 6 bytes per byte of UTF-8; messages and details are cut at TextCut's length.
        long texts = (long) policy.guestLimits().maxOutputBytes() + policy.payloadLimits().maxBytes() + 16L * TextCut.MAX_TEXT_CHARS * 2;
        return (int) Math.min(Integer.MAX_VALUE - 64, 6 * texts + (1 << 20));
    }

    /** The region of {@link #WorkerRuntime(ScriptPolicy, boolean)}: AWS's default, as in-process. */
    private static final String DEFAULT_AWS_REGION = "us-east-1";

    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%d MiB", bytes >> 20);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Kills every worker; runs after this throw {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        pools.values().forEach(WorkerPool::close);
    }
}

package dev.execscript.python;

import dev.execscript.botocore.Boto3Installation;
import dev.execscript.output.OutputCapture;
import dev.execscript.payload.EncodedPayload;
import dev.execscript.payload.PayloadEncoder;
import dev.execscript.payload.PayloadTypeException;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.PayloadLimits;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.xml.XmlEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * Runs Python handlers in GraalPy. One shared {@link Engine} (so parsed code is shared) and contexts under
 * {@link SandboxPolicy#CONSTRAINED}: no host files, network, processes, environment, native code or Java
 * access. How contexts are used follows the invocation's policy {@link ScriptPolicy#isolation()}:
 * <ul>
 * <li>{@link Isolation#FRESH}: a new context per run, closed after it. With a pool policy (see
 * {@link #GraalPyRuntime(ScriptPolicy)}) runs under that policy without an attachment take a context
 * prepared ahead in the background; other runs create theirs on demand.
 * <li>{@link Isolation#REUSE}: a context per inline script kept and reused, its module loaded once:
 * module state persists between runs. A run that is stopped (timeout, any limit) or fails to load its
 * module discards its context. Every run has the policy's full budgets, statements included (the
 * context's counters are reset before each run).
 * </ul>
 * Each context lives on its own 16 MB-stack thread (see {@link ContextThread}). Thread-safe; close it to
 * release the threads and the engine.
 */
public final class GraalPyRuntime implements PythonRunner {

    static final String BOOTSTRAP_NAME = "<execscript-bootstrap>";
    /** How long a cancelled script gets to unwind before we stop waiting for its thread (by default). */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(5);
    /** While a run's context starts, how often the caller looks whether its script (and deadline) began. */
    private static final long START_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Scripts whose REUSE contexts are kept; the least recently used beyond this lose theirs. */
    private static final int REUSED_SCRIPTS = 16;

    /**
     * Which code the statement limit counts: the script's own (inline or from its attachment), not the
     * bootstrap or the standard library. GraalVM wants the same predicate instance for every context of an engine.
     */
    private static final Predicate<Source> SCRIPT_CODE = source -> !source.isInternal()
            && !source.getName().startsWith("<")
            && (source.getPath() == null || source.getPath().startsWith(PythonScript.ATTACHMENT_ROOT + "/"));

    static final String DEFAULT_AWS_REGION = "us-east-1";

    private final String awsRegion;
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final AtomicInteger pooledRuns = new AtomicInteger();
    private final Engine engine;
    private final Source bootstrap;
    /** Where the standard library's and boto3's bytecode is read from, if it has been compiled ({@link BytecodeCache}). */
    private final Optional<Path> bytecode;
    private final Source bytecodePrefix;
    private final EngineModules modules = new EngineModules();
    private final StepWatchdog watchdog = new StepWatchdog();
    private final WarmPool pool;
    private final ReusedContexts reused;
    private final Duration cancelGrace;
    /** Every context thread started, so that close() can wait for them; ended ones are dropped as we go. */
    private final Set<ContextThread> threads = ConcurrentHashMap.newKeySet();
    /** Threads left running in a script that ignored cancellation: close() does not wait for them. */
    private final Set<ContextThread> abandonedThreads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A runtime that creates every context on demand (REUSE contexts are still kept). */
    public GraalPyRuntime() {
        this(null);
    }

    /**
     * A runtime keeping {@code poolPolicy.poolSize()} contexts for that policy prepared in the background,
     * used by runs under an equal policy without an attachment (null: no pool).
     */
    public GraalPyRuntime(ScriptPolicy poolPolicy) {
        this(poolPolicy, DEFAULT_AWS_REGION, CANCEL_GRACE);
    }

    /**
     * As {@link #GraalPyRuntime(ScriptPolicy)}, with the region scripts' AWS clients use when they name none
     * (AWS_REGION and AWS_DEFAULT_REGION, as AWS sets them to the execution's region).
     */
    public GraalPyRuntime(ScriptPolicy poolPolicy, String awsRegion) {
        this(poolPolicy, awsRegion, CANCEL_GRACE);
    }

    /**
     * As {@link #GraalPyRuntime(ScriptPolicy)}, giving a stopped script {@code cancelGrace} to unwind before
     * its thread is abandoned (a worker process, which is killed after that, wants it short).
     */
    public GraalPyRuntime(ScriptPolicy poolPolicy, Duration cancelGrace) {
        this(poolPolicy, DEFAULT_AWS_REGION, cancelGrace);
    }

    /** Both of the above: a worker process's runtime, with its host's region. */
    public GraalPyRuntime(ScriptPolicy poolPolicy, String awsRegion, Duration cancelGrace) {
        this.awsRegion = awsRegion;
        this.cancelGrace = cancelGrace;
        this.engine = GuestEngines.newEngine(SandboxPolicy.CONSTRAINED);
        this.bootstrap = Source.newBuilder("python", readBootstrap(), BOOTSTRAP_NAME).buildLiteral();
        this.bytecode = BytecodeCache.directory();
        // Before anything else is imported: every later import reads its bytecode from there if it is there.
        this.bytecodePrefix = Source.newBuilder("python", bytecode.map(dir -> "import sys\nsys.pycache_prefix = "
                + pythonString(dir.toString()) + "\n").orElse(""), "<execscript-bytecode-prefix>").buildLiteral();
        this.reused = new ReusedContexts(poolPolicy == null ? 1 : poolPolicy.isolationSettings().poolSize(), REUSED_SCRIPTS);
        this.pool = poolPolicy == null ? null : new WarmPool(poolPolicy, () -> startContext(settingsOf(poolPolicy), true));
    }

    /**
     * A runtime started before the command line had read its documents, with its first context already being
     * prepared (see {@link #startEarly}); taken by the first {@link #create} for the same region and no pool.
     */
    private static final AtomicReference<CompletableFuture<GraalPyRuntime>> EARLY = new AtomicReference<>();

    /** The context {@link #startEarly} prepares and the policy it was made under; null once taken or closed. */
    private record FirstContext(ContextThread thread, ScriptPolicy policy) {
    }

    private final AtomicReference<FirstContext> firstContext = new AtomicReference<>();
    private final AtomicInteger firstContextRuns = new AtomicInteger();

    /**
     * Starts building a runtime on a background thread and preparing one context under {@code expected}, the
     * policy the command line will most likely run its first script under. A one-document CLI run otherwise
     * starts Python only once its arguments and document are read; this overlaps the two on the second core.
     * Taken by the next {@link #create} with the same region and no pool; its context serves the first run
     * if that run's policy is {@code expected} (and has no attachment), else it is closed unused. Speed only:
     * if anything fails here, {@link #create} builds a runtime as usual.
     */
    public static void startEarly(ScriptPolicy expected, String awsRegion) {
        CompletableFuture<GraalPyRuntime> started = new CompletableFuture<>();
        if (!EARLY.compareAndSet(null, started)) {
            return;
        }
        Thread.ofPlatform().daemon(true).name("execscript-early-runtime").start(() -> {
            try {
                GraalPyRuntime early = new GraalPyRuntime(null, awsRegion, CANCEL_GRACE);
                early.firstContext.set(new FirstContext(early.startContext(settingsOf(expected), false), expected));
                started.complete(early);
            } catch (RuntimeException | Error e) {
                started.complete(null);
            }
        });
    }

    /**
     * The runtime for {@code poolPolicy} (null: no pool) and {@code awsRegion}: the one {@link #startEarly}
     * started if it fits, else a new one.
     */
    public static GraalPyRuntime create(ScriptPolicy poolPolicy, String awsRegion) {
        CompletableFuture<GraalPyRuntime> started = EARLY.getAndSet(null);
        GraalPyRuntime early = started == null ? null : started.join();
        if (early != null) {
            if (poolPolicy == null && early.awsRegion.equals(awsRegion)) {
                return early;
            }
            // Not on the caller's thread: closing waits for the early context to finish preparing.
            Thread.ofPlatform().daemon(true).name("execscript-early-runtime-close").start(early::close);
        }
        return new GraalPyRuntime(poolPolicy, awsRegion);
    }

    /** Runs served by the context {@link #startEarly} prepared (0 or 1), for tests. */
    int firstContextRuns() {
        return firstContextRuns.get();
    }

    /** The early context if this run may have it (else it is closed unused); null when there is none. */
    private ContextThread takeFirstContext(PythonInvocation invocation) {
        FirstContext first = firstContext.getAndSet(null);
        if (first == null) {
            return null;
        }
        if (invocation.script().attachmentFiles().isEmpty() && invocation.policy().equals(first.policy())) {
            firstContextRuns.incrementAndGet();
            return first.thread();
        }
        first.thread().retire();
        return null;
    }

    /** How many step threads did not stop when cancelled and were left running (see the README's Security section). */
    public int abandonedThreads() {
        return abandoned.get();
    }

    /** Whether the optimizing compiler is in use (false: the Truffle interpreter only). */
    public boolean isCompilationEnabled() {
        return !"Interpreted".equalsIgnoreCase(engine.getImplementationName());
    }

    /** How many runs took a context prepared by the pool (for tests). */
    int pooledRuns() {
        return pooledRuns.get();
    }

    /** How many pooled contexts are prepared and waiting (for tests, and for a worker process to start its clock). */
    public int readyContexts() {
        return pool == null ? 0 : pool.readyCount();
    }

    /** The outcome of one run on its context thread, and whether the context may serve another run. */
    private record Ran(ScriptOutcome outcome, boolean reusable) {
    }

    @Override
    public ScriptOutcome run(PythonInvocation invocation) {
        if (closed) {
            throw new IllegalStateException("the runtime is closed");
        }
        long start = System.nanoTime();
        OutputCapture output = new OutputCapture(invocation.policy().guestLimits().maxOutputBytes(), invocation.liveOutput());
        StepControl control = new StepControl(invocation.timeout().toNanos());
        watchdog.watch(control);
        ReusedContexts.Seat seat = null;
        ContextThread host;
        if (invocation.policy().isolationSettings().isolation() == Isolation.REUSE && invocation.script().source() != null
                && invocation.script().attachmentFiles().isEmpty()) {
            List<ContextThread> evicted = new ArrayList<>();
            seat = reused.acquire(scriptKey(invocation), evicted);
            evicted.forEach(ContextThread::retire);
        }
        if (seat != null && seat.host() != null) {
            host = seat.host();
        } else {
            host = pool != null && pool.fits(invocation) ? pool.take() : null;
            if (host != null) {
                pooledRuns.incrementAndGet();
            } else {
                host = takeFirstContext(invocation);
                if (host == null) {
                    host = startContext(invocation, false);
                }
            }
        }
        ContextThread runner = host;
        boolean keep = seat != null;
        Future<Ran> work = runner.submit(() -> runOn(runner, invocation, output, control, start, keep));
        if (!keep) {
            // FRESH: the context closes right after its one run.
            runner.retire();
        }
        boolean reusable = false;
        try {
            Ran ran = awaitRun(work, control, cancelGrace);
            reusable = ran.reusable();
            return ran.outcome();
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return ScriptOutcome.failed(FailureType.Action, "internal error while running the script: "
                    + InternalFailure.describe(String.valueOf(cause)),
                    Map.of(), output.text(), since(start));
        } catch (TimeoutException e) {
            // The script did not unwind after cancellation (a builtin looping in Java does not poll for it):
            // the step is over, its thread is left to finish on its own.
            runner.abandon();
            abandoned.incrementAndGet();
            // Only live ones are kept: an ended thread's closed context need not stay reachable from here.
            abandonedThreads.removeIf(t -> !t.isAlive());
            abandonedThreads.add(runner);
            ScriptOutcome stopped = StoppedRun.outcome(invocation, control, null, output, start);
            return new ScriptOutcome(stopped.status(), null, null, stopped.failureType(), stopped.failureMessage()
                    + "; the script did not stop when cancelled and its thread was abandoned", stopped.details(),
                    stopped.output(), stopped.elapsed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            control.stop(null);
            return ScriptOutcome.failed(FailureType.Action, "interrupted", Map.of(), output.text(), since(start));
        } finally {
            watchdog.release(control);
            if (seat != null) {
                ContextThread discarded = reused.release(seat, runner, reusable && !closed);
                if (discarded != null) {
                    discarded.retire();
                }
            }
        }
    }

    /**
     * Waits for a run until its deadline (counted from the start of its script, see {@link StepControl})
     * plus the grace a stopped script gets to unwind. Before the script starts, the wait is re-armed in
     * short slices, because the deadline is not known yet.
     */
    private static Ran awaitRun(Future<Ran> work, StepControl control, Duration cancelGrace)
            throws InterruptedException, ExecutionException, TimeoutException {
        long grace = cancelGrace.toNanos();
        while (true) {
            long left = control.waitUntil(grace) - control.now();
            if (left <= 0) {
                throw new TimeoutException();
            }
            long slice = control.started() ? left : Math.min(left, START_POLL_NANOS);
            try {
                return ContextThread.await(work, Duration.ofNanos(slice));
            } catch (TimeoutException notYet) {
                // Loop: the deadline may have been set (or moved) by the script's start meanwhile.
            }
        }
    }

    private static ReusedContexts.ScriptKey scriptKey(PythonInvocation invocation) {
        return new ReusedContexts.ScriptKey(invocation.policy(), invocation.script().source(), invocation.script().fileName());
    }

    /** The settings a context is created with, for contexts made before their run (no attachment). */
    private static PythonInvocation settingsOf(ScriptPolicy policy) {
        return new PythonInvocation(new PythonScript(null, null, "pool.handler"), "{}", "{}", policy.wallClockTimeout(),
                policy, line -> { });
    }

    /**
     * Starts a thread creating and preparing a context with the invocation's settings (its policy and
     * attachment). Pooled contexts also import the policy's warm-up modules: their start-up is off the
     * run's clock; on demand that would only add to it.
     */
    private ContextThread startContext(PythonInvocation settings, boolean warmUp) {
        if (closed) {
            throw new IllegalStateException("the runtime is closed");
        }
        threads.removeIf(t -> !t.isAlive());
        ScriptPolicy policy = settings.policy();
        ContextThread thread = new ContextThread("execscript-step-" + threadNumber.getAndIncrement(),
                out -> newContext(settings, out),
                (context, aws) -> {
                    if (bytecode.isPresent()) {
                        context.eval(bytecodePrefix);
                    }
                    context.eval(bootstrap);
                    context.getBindings("python").putMember(XmlEventParser.BINDING, XmlEventParser.instance());
                    modules.install(context, aws);
                    Boto3Installation boto3 = Boto3Installation.of(policy.pythonPath());
                    context.getBindings("python").getMember("_execscript_prepare")
                            .execute(policy.guestLimits().maxRecursionDepth(), warmUp ? String.join(",", policy.isolationSettings().warmupImports()) : "",
                                    policy.allowThreads(), String.join("\n", boto3.importPath().stream().map(Path::toString).toList()),
                                    boto3.botocore().isPresent() ? "" : Boto3Installation.INSTALL_HINT);
                });
        threads.add(thread);
        return thread;
    }

    private Context newContext(PythonInvocation invocation, OutputStream output) {
        ScriptPolicy policy = invocation.policy();
        Context.Builder builder = GuestEngines.sandboxedContext(engine, output)
                .allowIO(ScriptFileSystems.ioAccess(invocation, bytecode))
                .allowCreateThread(policy.allowThreads())
                .resourceLimits(ResourceLimits.newBuilder().statementLimit(policy.guestLimits().maxStatements(), SCRIPT_CODE).build());
        builder.environment(SandboxIdentity.environment(policy, awsRegion));
        return builder.build();
    }

    /** One run, on the context's own thread. */
    private Ran runOn(ContextThread host, PythonInvocation invocation, OutputCapture output, StepControl control, long start,
            boolean keep) {
        Context context = host.context();
        if (!control.start(context)) {
            return new Ran(StoppedRun.timedOut(invocation, control, output, start), false);
        }
        host.output().use(output.stream());
        host.aws().use(invocation.aws());
        Ran ran;
        try {
            // A kept context has counted earlier runs' statements: each run gets the whole budget.
            context.resetLimits();
            ran = execute(host, invocation, output, start, control, keep);
        } finally {
            host.output().use(null);
            host.aws().use(null);
            control.finish();
        }
        // A stop may have cancelled the context just as the run ended: never reuse a cancelled context.
        return control.stopped() ? new Ran(ran.outcome(), false) : ran;
    }

    private Ran execute(ContextThread host, PythonInvocation invocation, OutputCapture output, long start,
            StepControl control, boolean keep) {
        try {
            // Metering starts after Python is initialised: CPU time and allocations are the script's own.
            ResourceWatch watch = new ResourceWatch(invocation.policy());
            control.meter(watch);
            PythonScript script = invocation.script();
            if (!script.attachmentFiles().isEmpty()) {
                host.function("_execscript_use_attachment").execute(PythonScript.ATTACHMENT_ROOT);
            }
            // Decoded before any user code runs, so a script that breaks json cannot break its own input
            // (in a reused context, only its earlier runs can).
            Value arguments = host.function("_execscript_decode").execute(invocation.eventsJson(), invocation.contextJson());
            String function = script.handler();
            Value namespace = keep ? host.module() : null;
            if (namespace == null) {
                Value loaded;
                if (script.source() != null) {
                    loaded = host.function("_execscript_load").execute(script.source(), script.fileName());
                } else {
                    int dot = script.handler().lastIndexOf('.');
                    loaded = host.function("_execscript_import").execute(script.handler().substring(0, dot));
                }
                if (isError(loaded)) {
                    // A module that failed to load is not kept: the next run loads it again.
                    return new Ran(scriptError(loaded, host.guestText(), script, output, start), false);
                }
                namespace = loaded.getArrayElement(1);
                if (keep) {
                    host.module(namespace);
                }
            }
            if (script.source() == null) {
                function = script.handler().substring(script.handler().lastIndexOf('.') + 1);
            }
            Value called = host.function("_execscript_call")
                    .execute(namespace, function, arguments.getArrayElement(0), arguments.getArrayElement(1));
            if (isError(called)) {
                return new Ran(scriptError(called, host.guestText(), script, output, start), true);
            }
            PayloadEncoder encoder = new PayloadEncoder(invocation.policy().payloadLimits());
            EncodedPayload payload = encoder.encode(called.getArrayElement(1), host.payloadEncoder());
            // A last reading: a run that blew its budget between two meter ticks (one huge allocation, then
            // return) must not pass as a success.
            ResourceWatch.Exceeded last = watch.checkHere();
            if (last != null) {
                return new Ran(StoppedRun.limit(last, output, start), false);
            }
            return new Ran(ScriptOutcome.success(payload.json(), payload.truncation(), output.text(), since(start)), true);
        } catch (PayloadTypeException e) {
            return new Ran(ScriptOutcome.failed(FailureType.Action, "the handler's return value cannot be the output payload: "
                    + e.getMessage(), details("PayloadTypeException", e.getMessage(), null), output.text(), since(start)), true);
        } catch (PolyglotException e) {
            if (control.stopped() || e.isCancelled() || e.isResourceExhausted()) {
                return new Ran(StoppedRun.outcome(invocation, control, e, output, start), false);
            }
            if (e.isExit()) {
                String call = "os._exit(" + e.getExitStatus() + ")";
                return new Ran(ScriptOutcome.failed(FailureType.Action, "the script called " + call
                        + ", which ends the step at once", details("os._exit", call, null), output.text(), since(start)), false);
            }
            if (e.isInternalError() || e.isHostException()) {
                // GraalPy refused something with a Java exception Python cannot catch: say what in plain words.
                String message = InternalFailure.describe(e.getMessage());
                return new Ran(ScriptOutcome.failed(FailureType.Action, "the script failed: " + message,
                        details("InternalError", message, null), output.text(), since(start)), false);
            }
            return new Ran(ScriptOutcome.failed(FailureType.Action, "the script failed: " + e.getMessage(),
                    details("GuestException", e.getMessage(), null), output.text(), since(start)), false);
        } catch (StackOverflowError e) {
            return new Ran(ScriptOutcome.limitReached("recursion", Integer.toString(invocation.policy().guestLimits().maxRecursionDepth()), "the thread's stack",
                    "RecursionError: the script recursed until the step thread's stack was exhausted", output.text(), since(start)), false);
        } catch (OutOfMemoryError e) {
            return new Ran(ScriptOutcome.limitReached("memory", "the JVM heap", "all of it",
                    "MemoryError: the JVM ran out of heap while the script ran; lower policy maxAllocatedBytes", output.text(), since(start)),
                    false);
        } catch (IllegalStateException | IllegalMonitorStateException e) {
            // A statement limit that trips during a top-level eval surfaces like this in GraalPy 25.0
            // (user code never runs that way here, but the bootstrap does).
            if (control.stopped() || e instanceof IllegalMonitorStateException) {
                return new Ran(StoppedRun.outcome(invocation, control, null, output, start), false);
            }
            throw e;
        }
    }

    private static boolean isError(Value result) {
        return result.getArrayElement(0).asString().equals("error");
    }

    private static ScriptOutcome scriptError(Value result, GuestText guest, PythonScript script, OutputCapture output, long start) {
        String where = result.getArrayElement(1).asString();
        Value d = result.getArrayElement(2);
        // Read bounded: a script controls these and may make them any size.
        String type = guest.bounded(d.getArrayElement(0));
        String message = guest.bounded(d.getArrayElement(1));
        String traceback = guest.bounded(d.getArrayElement(2));
        String summary = switch (where) {
            case "load" -> (script.source() == null
                    ? "the handler's module '" + script.handler().substring(0, script.handler().lastIndexOf('.')) + "'"
                    : "the script '" + script.fileName() + "'") + " failed to load: " + type + ": " + message;
            default -> type.startsWith("Handler")
                    ? "handler '" + script.handler() + "': " + message
                    : "the handler '" + script.handler() + "' raised " + type + ": " + message;
        };
        String full = traceback.isEmpty() ? summary : summary + "\n" + traceback.stripTrailing();
        return ScriptOutcome.failed(FailureType.Action, full, details(type, message, traceback), output.text(), since(start));
    }

    private static Map<String, List<String>> details(String type, String message, String traceback) {
        Map<String, List<String>> d = new LinkedHashMap<>();
        d.put("ExceptionType", List.of(type));
        d.put("ExceptionMessage", List.of(message == null ? "" : message));
        if (traceback != null && !traceback.isEmpty()) {
            d.put("StackTrace", List.of(traceback));
        }
        return d;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** {@code text} as a Python string literal. */
    private static String pythonString(String text) {
        StringBuilder out = new StringBuilder("'");
        for (char c : text.toCharArray()) {
            if (c == '\\' || c == '\'') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('\'').toString();
    }

    /** bootstrap.py, then sandbox_guards.py: one Source, evaluated once per context. */
    private static String readBootstrap() {
        return readResource("bootstrap.py") + "\n" + readResource("sandbox_guards.py");
    }

    /** A resource of this package (the engine's Python sources), as text. */
    static String readResource(String name) {
        try (InputStream in = GraalPyRuntime.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " is missing from the engine jar", e);
        }
    }

    /**
     * Closes every kept and pooled context, waits briefly for their threads to end, then closes the
     * engine (cancelling any run still going). Bounded: a thread abandoned in a builtin that ignores
     * cancellation is not waited for, and the engine is then closed in the background once such threads
     * end. Runs after this throw {@link IllegalStateException}.
     */
    @Override
    public void close() {
        closed = true;
        FirstContext first = firstContext.getAndSet(null);
        if (first != null) {
            first.thread().retire();
        }
        if (pool != null) {
            pool.close().forEach(ContextThread::retire);
        }
        reused.close().forEach(ContextThread::retire);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ContextThread thread : threads) {
            if (abandonedThreads.contains(thread)) {
                continue;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
            if (left <= 0) {
                break;
            }
            try {
                thread.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        watchdog.close();
        if (abandonedThreads.stream().noneMatch(ContextThread::isAlive)) {
            engine.close(true);
            return;
        }
        // Closing the engine now would wait, holding the engine's lock, until the abandoned threads leave
        // their contexts: hours for some builtins, and GraalVM's own JVM shutdown hook would queue behind
        // that lock, so neither this call nor the JVM's exit would end. The engine is closed once they end.
        Thread.ofPlatform().name("execscript-engine-close").daemon(true).start(() -> {
            try {
                for (ContextThread stuck : abandonedThreads) {
                    stuck.join(0);
                }
                engine.close(true);
            } catch (InterruptedException | RuntimeException ignored) {
                // The engine goes with the JVM.
            }
        });
    }
}

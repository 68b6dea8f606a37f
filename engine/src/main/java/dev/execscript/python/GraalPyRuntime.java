package dev.execscript.python;

import dev.execscript.payload.EncodedPayload;
import dev.execscript.payload.PayloadEncoder;
import dev.execscript.payload.PayloadLimits;
import dev.execscript.payload.PayloadTypeException;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.OutputCapture;
import dev.execscript.runtime.ScriptOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import dev.execscript.policy.ScriptPolicy;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * Runs Python handlers in GraalPy. One shared {@link Engine} (so parsed code is shared), a fresh
 * {@link Context} per invocation under {@link SandboxPolicy#CONSTRAINED}: no host files, network,
 * processes, environment, native code or Java access. Thread-safe; close it to release the engine.
 */
public final class GraalPyRuntime implements AutoCloseable {

    static final String BOOTSTRAP_NAME = "<execscript-bootstrap>";
    /**
     * GraalPy turns a Java stack overflow into RecursionError, and for some functions that is what stops
     * runaway recursion (its frame counter does not see every call). 16 MB allows a few thousand Python
     * frames: more than the default limit of 1000, and it fails fast.
     */
    private static final long STEP_THREAD_STACK = 16L * 1024 * 1024;
    /** How long a cancelled script gets to unwind before we stop waiting for its thread. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

    private static final long METER_PERIOD_MILLIS = 20;
    /**
     * Which code the statement limit counts: the script's own (inline or from its attachment), not the
     * bootstrap or the standard library. GraalVM wants the same predicate instance for every context of an engine.
     */
    private static final Predicate<Source> SCRIPT_CODE = source -> !source.isInternal()
            && !source.getName().startsWith("<")
            && (source.getPath() == null || source.getPath().startsWith(PythonScript.ATTACHMENT_ROOT + "/"));

    private final java.util.concurrent.atomic.AtomicInteger abandoned = new java.util.concurrent.atomic.AtomicInteger();
    private final Engine engine;
    private final Source bootstrap;
    private final ExecutorService stepThreads;
    private final ScheduledExecutorService watchdog;

    public GraalPyRuntime() {
        ResourceCache.configure();
        this.engine = Engine.newBuilder("python")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        this.bootstrap = Source.newBuilder("python", readBootstrap(), BOOTSTRAP_NAME).buildLiteral();
        this.stepThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("execscript-step-", 0).daemon(true).stackSize(STEP_THREAD_STACK).factory());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("execscript-watchdog").daemon(true).factory());
    }

    /** How many step threads did not stop when cancelled and were left running (see the README's Security section). */
    public int abandonedThreads() {
        return abandoned.get();
    }

    /** Whether the optimizing compiler is in use (false: the Truffle interpreter only). */
    public boolean isCompilationEnabled() {
        return !"Interpreted".equalsIgnoreCase(engine.getImplementationName());
    }

    public ScriptOutcome run(PythonInvocation invocation) {
        long start = System.nanoTime();
        OutputCapture output = new OutputCapture(invocation.policy().maxOutputBytes(), invocation.liveOutput());
        StepControl control = new StepControl();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> control.stop(null), invocation.timeout().toNanos(), TimeUnit.NANOSECONDS);
        // The context is created on the thread that runs it, and that thread is the one whose CPU time
        // and allocations are metered.
        Future<ScriptOutcome> work = stepThreads.submit(() -> {
            Context context = newContext(invocation, output);
            if (!control.start(context)) {
                context.close(true);
                return timedOutOutcome(invocation, output, start);
            }
            try {
                return execute(context, invocation, output, start, control);
            } finally {
                control.finish();
                closeQuietly(context);
            }
        });
        try {
            return work.get(invocation.timeout().plus(CANCEL_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return ScriptOutcome.failed(FailureType.Action, "internal error while running the script: " + e.getCause(),
                    Map.of(), output.text(), since(start));
        } catch (TimeoutException e) {
            // The script did not unwind after cancellation (a builtin looping in Java does not poll for it):
            // the step is over, its thread is left to finish on its own.
            work.cancel(true);
            abandoned.incrementAndGet();
            ScriptOutcome stopped = stoppedOutcome(invocation, control, null, output, start);
            return new ScriptOutcome(stopped.status(), null, null, stopped.failureType(), stopped.failureMessage()
                    + "; the script did not stop when cancelled and its thread was abandoned", stopped.details(),
                    stopped.output(), stopped.elapsed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            control.stop(null);
            work.cancel(true);
            return ScriptOutcome.failed(FailureType.Action, "interrupted", Map.of(), output.text(), since(start));
        } finally {
            deadline.cancel(false);
        }
    }

    private Context newContext(PythonInvocation invocation, OutputCapture output) {
        ScriptPolicy policy = invocation.policy();
        Context.Builder builder = Context.newBuilder("python")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(output.stream())
                .err(output.stream())
                .in(InputStream.nullInputStream())
                .allowIO(ScriptFileSystems.ioAccess(invocation))
                .allowCreateThread(policy.allowThreads())
                .resourceLimits(ResourceLimits.newBuilder().statementLimit(policy.maxStatements(), SCRIPT_CODE).build());
        for (String name : policy.environmentVariables()) {
            String value = System.getenv(name);
            if (value != null) {
                builder.environment(name, value);
            }
        }
        return builder.build();
    }

    private ScriptOutcome execute(Context context, PythonInvocation invocation, OutputCapture output, long start,
            StepControl control) {
        try {
            context.eval(bootstrap);
            Value bindings = context.getBindings("python");
            bindings.getMember("_execscript_limit_recursion").execute(invocation.policy().maxRecursionDepth());
            // Metering starts after Python is initialised: CPU time and allocations are the script's own.
            ResourceWatch watch = new ResourceWatch(invocation.policy());
            control.meter(watchdog.scheduleAtFixedRate(() -> {
                ResourceWatch.Exceeded exceeded = watch.check();
                if (exceeded != null) {
                    control.stop(exceeded);
                }
            }, METER_PERIOD_MILLIS, METER_PERIOD_MILLIS, TimeUnit.MILLISECONDS));
            PythonScript script = invocation.script();
            if (!script.attachmentFiles().isEmpty()) {
                bindings.getMember("_execscript_use_attachment").execute(PythonScript.ATTACHMENT_ROOT);
            }
            // Decoded before any user code runs, so a script that breaks json cannot break its own input.
            Value arguments = bindings.getMember("_execscript_decode").execute(invocation.eventsJson(), invocation.contextJson());
            String function = script.handler();
            Value loaded;
            if (script.source() != null) {
                loaded = bindings.getMember("_execscript_load").execute(script.source(), script.fileName());
            } else {
                int dot = script.handler().lastIndexOf('.');
                function = script.handler().substring(dot + 1);
                loaded = bindings.getMember("_execscript_import").execute(script.handler().substring(0, dot));
            }
            if (isError(loaded)) {
                return scriptError(loaded, script, output, start);
            }
            Value called = bindings.getMember("_execscript_call")
                    .execute(loaded.getArrayElement(1), function, arguments.getArrayElement(0), arguments.getArrayElement(1));
            if (isError(called)) {
                return scriptError(called, script, output, start);
            }
            PayloadEncoder encoder = new PayloadEncoder(new PayloadLimits(
                    invocation.policy().maxPayloadBytes(), invocation.policy().maxPayloadListItems()));
            EncodedPayload payload = encoder.encode(called.getArrayElement(1));
            return ScriptOutcome.success(payload.json(), payload.truncation(), output.text(), since(start));
        } catch (PayloadTypeException e) {
            return ScriptOutcome.failed(FailureType.Action, "the handler's return value cannot be the output payload: "
                    + e.getMessage(), details("PayloadTypeException", e.getMessage(), null), output.text(), since(start));
        } catch (PolyglotException e) {
            if (control.stopped() || e.isCancelled() || e.isResourceExhausted()) {
                return stoppedOutcome(invocation, control, e, output, start);
            }
            return ScriptOutcome.failed(FailureType.Action, "the script failed: " + e.getMessage(),
                    details(e.isGuestException() ? "GuestException" : "InternalError", e.getMessage(), null), output.text(), since(start));
        } catch (StackOverflowError e) {
            return limitOutcome("recursion", Integer.toString(invocation.policy().maxRecursionDepth()), "the thread's stack",
                    "RecursionError: the script recursed until the step thread's stack was exhausted", output, start);
        } catch (OutOfMemoryError e) {
            return limitOutcome("memory", "the JVM heap", "all of it",
                    "MemoryError: the JVM ran out of heap while the script ran; lower policy maxAllocatedBytes", output, start);
        } catch (IllegalStateException | IllegalMonitorStateException e) {
            // A statement limit that trips during a top-level eval surfaces like this in GraalPy 25.0
            // (user code never runs that way here, but the bootstrap does).
            if (control.stopped() || e instanceof IllegalMonitorStateException) {
                return stoppedOutcome(invocation, control, null, output, start);
            }
            throw e;
        }
    }

    /** The step was stopped: by the deadline, a resource watch, or GraalVM's statement limit. */
    private ScriptOutcome stoppedOutcome(PythonInvocation invocation, StepControl control, PolyglotException e,
            OutputCapture output, long start) {
        if (control.timedOut()) {
            return timedOutOutcome(invocation, output, start);
        }
        ResourceWatch.Exceeded exceeded = control.exceeded();
        if (exceeded != null) {
            return limitOutcome(exceeded.limit(), exceeded.value(), exceeded.used(), exceeded.message(), output, start);
        }
        String limit = String.format(java.util.Locale.ROOT, "%,d", invocation.policy().maxStatements());
        if (e == null || e.isResourceExhausted()) {
            return limitOutcome("maxStatements", limit, "more than " + limit,
                    "statement limit " + limit + " reached (policy maxStatements)", output, start);
        }
        return ScriptOutcome.failed(FailureType.Action, "the script was cancelled: " + e.getMessage(), Map.of(), output.text(),
                since(start));
    }

    private static ScriptOutcome limitOutcome(String limit, String value, String used, String message, OutputCapture output,
            long start) {
        Map<String, List<String>> d = new LinkedHashMap<>();
        d.put("Limit", List.of(limit));
        d.put("LimitValue", List.of(value));
        d.put("Used", List.of(used));
        return ScriptOutcome.failed(FailureType.ResourceLimit, message, d, output.text(), since(start));
    }

    private static boolean isError(Value result) {
        return result.getArrayElement(0).asString().equals("error");
    }

    private static ScriptOutcome scriptError(Value result, PythonScript script, OutputCapture output, long start) {
        String where = result.getArrayElement(1).asString();
        Value d = result.getArrayElement(2);
        String type = d.getArrayElement(0).asString();
        String message = d.getArrayElement(1).asString();
        String traceback = d.getArrayElement(2).asString();
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

    private static ScriptOutcome timedOutOutcome(PythonInvocation invocation, OutputCapture output, long start) {
        return ScriptOutcome.timedOut("the step timed out after " + seconds(invocation.timeout())
                + " (timeoutSeconds); the script was stopped", output.text(), since(start));
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void closeQuietly(Context context) {
        try {
            context.close(true);
        } catch (RuntimeException ignored) {
            // A cancelled context is already closed; nothing more to release.
        }
    }

    private static String readBootstrap() {
        try (InputStream in = GraalPyRuntime.class.getResourceAsStream("bootstrap.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("bootstrap.py is missing from the engine jar", e);
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        stepThreads.shutdownNow();
        engine.close(true);
    }

    /** Where GraalPy unpacks its standard library; set once, before the first engine is built. */
    static final class ResourceCache {
        static final String PROPERTY = "polyglot.engine.userResourceCache";

        private ResourceCache() {
        }

        static synchronized void configure() {
            if (System.getProperty(PROPERTY) != null) {
                return;
            }
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            System.setProperty(PROPERTY, base.resolve("execscript").resolve("graalvm-resources").toString());
        }
    }
}

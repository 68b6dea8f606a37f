package dev.execscript.embed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.execscript.answering.AwsAnswering;
import dev.execscript.answering.AwsSession;
import dev.execscript.automation.AutomationRunner;
import dev.execscript.automation.AutomationVariables;
import dev.execscript.automation.RunOptions;
import dev.execscript.aws.AwsCall;
import dev.execscript.aws.AwsResponses;
import dev.execscript.document.DocumentException;
import dev.execscript.execution.AutomationExecution;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.python.GraalPyRuntime;
import dev.execscript.python.PythonInvocation;
import dev.execscript.python.PythonRunner;
import dev.execscript.python.PythonScript;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import dev.execscript.worker.WorkerRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Runs Python steps and whole runbooks in-process, sandboxed, under one {@link ScriptPolicy}; for
 * embedding user scripting in a Java application. The {@code execscript} command line runs its documents
 * through this class too.
 *
 * <pre>{@code
 * try (ExecScript engine = ExecScript.builder().policy(policy).build()) {
 *     PythonStep step = PythonStep.inline("def handler(events, context):\n    return events['n'] * 2\n", "handler");
 *     ScriptOutcome r = engine.run(step, "{\"n\": 21}");   // r.payloadJson() is "42"
 *
 *     AutomationExecution e = engine.run(Runbook.load(Path.of("hello.yaml")), Map.of("Name", "Ada"));
 *     e.status();                                            // Success
 * }
 * }</pre>
 *
 * <p>The policy's {@link ScriptPolicy#isolation() isolation} decides what a run shares with others:
 * <ul>
 * <li>{@link Isolation#FRESH} (default): every run gets a context of its own, closed after it. Nothing a
 * script does is seen by any other run. {@link ScriptPolicy#poolSize() poolSize} contexts are prepared in
 * the background ({@link ScriptPolicy#warmupImports() warmupImports} already imported) so that a run does
 * not wait for context start-up while the pool keeps up; 0 creates each on demand.
 * <li>{@link Isolation#REUSE}: like a warm Lambda, a step's module is loaded once into a context that is
 * kept and reused by later runs of the same step (equal source and name). <b>Module state persists between
 * runs</b>: globals, caches, imported modules, and anything a script patched. A run has one context to
 * itself; concurrent runs of one step use up to {@code poolSize} (at least 1) contexts, more run in
 * one-off contexts. A run that is stopped (timeout, CPU, memory or statement limit) or whose module fails
 * to load discards its context; the next run starts from a freshly loaded module. Use it only for
 * scripts you trust not to leak data from one caller to the next.
 * <li>{@link Isolation#PROCESS}: every run gets a fresh context, as with FRESH, inside a worker process (a
 * child JVM) from a pool of {@code poolSize} (at least 1) prepared in the background and confined by the
 * OS where possible. A run that overstays its limits gets its worker killed and replaced; memory is capped
 * per worker by {@link ScriptPolicy#maxMemory() maxMemory} (live memory). For scripts you do not trust.
 * <li>{@link Isolation#PROCESS_REUSE}: REUSE inside those worker processes: a worker keeps a step's context
 * between runs, and a step's runs go to a worker that holds it. A worker killed for a limit loses every
 * context it held.
 * </ul>
 * Every limit of the policy applies to each run on its own, in both modes: the statement count, CPU time
 * and allocations start from zero at each run.
 *
 * <p>Thread-safe: call {@link #run} from any number of threads. {@link #close()} ends the pooled and
 * kept contexts and their threads.
 */
public final class ExecScript implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScriptPolicy policy;
    /** The automation variables of step runs: one execution id for this engine's step runs. */
    private final AutomationVariables stepVariables;
    private volatile StepContext stepContext;
    private final PythonRunner python;
    private final AutomationRunner runner;
    private final String account;
    private final String region;
    private final Path attachments;
    private final BiConsumer<String, String> outputListener;
    private final AwsResponses awsResponses;
    private final BiConsumer<String, AwsCall> awsCallListener;
    private volatile boolean closed;

    private ExecScript(Builder b) {
        this.policy = b.isolation == null ? b.policy : b.policy.toBuilder().isolation(b.isolation).build();
        this.stepVariables = AutomationVariables.local(b.account, b.region);
        this.account = b.account;
        this.region = b.region;
        this.attachments = b.attachments;
        this.outputListener = b.outputListener;
        this.awsResponses = b.awsResponses;
        this.awsCallListener = b.awsCallListener;
        if (policy.isolationSettings().isolation().inWorkerProcesses()) {
            this.python = new WorkerRuntime(policy, b.prepareContexts, region);
        } else {
            this.python = GraalPyRuntime.create(b.prepareContexts ? policy : null, region);
        }
        this.runner = new AutomationRunner(python);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the step's handler with {@code eventsJson} (JSON text; null means {@code {}}) as its events and the
     * automation variables a runbook's step gets as its context ({@code global:ACCOUNT_ID}, {@code global:REGION},
     * {@code automation:EXECUTION_ID} (one for this engine's step runs), {@code global:DATE_TIME}, ...).
     *
     * @throws IllegalArgumentException if {@code eventsJson} is not JSON
     * @throws IllegalStateException after {@link #close()}
     */
    public ScriptOutcome run(PythonStep step, String eventsJson) {
        Objects.requireNonNull(step, "step");
        String events = eventsJson == null ? "{}" : write(parse(eventsJson));
        Duration timeout = step.timeout().filter(t -> t.compareTo(policy.wallClockTimeout()) < 0).orElse(policy.wallClockTimeout());
        AwsSession aws = new AwsAnswering(awsResponses, policy.awsEndpoint())
                .session(call -> awsCallListener.accept(step.name(), call), timeout);
        ScriptOutcome outcome = python.run(new PythonInvocation(new PythonScript(step.source(), step.name(), step.handler()), events,
                stepContextJson(), timeout, policy, line -> { }, aws));
        String unanswered = aws.unanswered().orElse(null);
        if (unanswered != null && outcome.status() != StepStatus.TimedOut) {
            return ScriptOutcome.failed(FailureType.Action, unanswered, Map.of(), outcome.output(), outcome.elapsed());
        }
        return outcome;
    }

    /**
     * Runs every step of the runbook, in order, following {@code onFailure}, {@code isEnd},
     * {@code nextStep} and {@code maxAttempts}, as {@code execscript run} does. Parameters and attachments
     * are checked first (see {@link #check}); a step that fails, times out or trips a limit does not
     * throw: it shows in the result, as it would in AWS. Each run has an execution id of its own.
     *
     * @param parameters values by parameter name, as {@link Runbook#bindParameters(Map)} takes them;
     *     undeclared parameters take their defaults
     * @return the execution, shaped like AWS's {@code AutomationExecution}; {@link AutomationExecution#toJson()}
     *     gives it as {@code aws ssm get-automation-execution} prints it
     * @throws DocumentException if a parameter or an attachment is invalid; nothing has run then
     * @throws IllegalStateException after {@link #close()}
     */
    public AutomationExecution run(Runbook runbook, Map<String, ?> parameters) throws DocumentException {
        Objects.requireNonNull(runbook, "runbook");
        RunOptions options = options(awsResponses);
        return runner.run(runbook.document(), runbook.bindParameters(parameters), options);
    }

    /**
     * As {@link #run(Runbook, Map)}, the scripts' AWS calls answered by {@code awsResponses} instead of the
     * engine's own (a runbook test case declares the answers of its run; see
     * {@link dev.execscript.runbooktest.RunbookTestRunner}).
     */
    public AutomationExecution run(Runbook runbook, Map<String, ?> parameters, AwsResponses awsResponses) throws DocumentException {
        Objects.requireNonNull(runbook, "runbook");
        Objects.requireNonNull(awsResponses, "awsResponses");
        return runner.run(runbook.document(), runbook.bindParameters(parameters), options(awsResponses));
    }

    /**
     * Checks what {@link #run(Runbook, Map)} checks before its first step, without running anything: the
     * parameter values, and that every attachment exists under this engine's attachments directory, matches
     * its declared checksum and, for a zip, stays within the policy's archive limits; under the policy's
     * {@code strictRuntimes}, that no step's {@code Runtime} is one AWS no longer runs. Use it to check a
     * batch of runbooks before running the first.
     *
     * @throws DocumentException naming the file, line, field and problem
     */
    public void check(Runbook runbook, Map<String, ?> parameters) throws DocumentException {
        Objects.requireNonNull(runbook, "runbook");
        runbook.bindParameters(parameters);
        runner.prepare(runbook.document(), options(awsResponses));
    }

    /** A step run's handler context as JSON, the same variables as a runbook's steps get; written again each second (DATE_TIME). */
    private String stepContextJson() {
        long second = System.currentTimeMillis() / 1000;
        StepContext current = stepContext;
        if (current == null || current.second() != second) {
            current = new StepContext(second, write(stepVariables.handlerContext()));
            stepContext = current;
        }
        return current.json();
    }

    private record StepContext(long second, String json) {
    }

    /** Each run gets a fresh execution id (and reads the date and time as it goes). */
    private RunOptions options(AwsResponses awsResponses) {
        if (closed) {
            throw new IllegalStateException("this ExecScript is closed");
        }
        return new RunOptions(policy, AutomationVariables.local(account, region), attachments, outputListener, awsResponses,
                awsCallListener);
    }

    public ScriptPolicy policy() {
        return policy;
    }

    /** Whether GraalVM's optimizing compiler is in use; false: Python runs in Truffle's interpreter only. */
    public boolean isCompilationEnabled() {
        return python instanceof GraalPyRuntime inProcess ? inProcess.isCompilationEnabled()
                : ((WorkerRuntime) python).isCompilationEnabled();
    }

    /** Ends every pooled and kept context and its thread, then the engine. Idempotent. */
    @Override
    public void close() {
        closed = true;
        python.close();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("events are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write events as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Settings of an {@link ExecScript}; not thread-safe. */
    public static final class Builder {
        private ScriptPolicy policy = ScriptPolicy.defaults();
        private String account = AutomationVariables.DEFAULT_ACCOUNT;
        private String region = AutomationVariables.DEFAULT_REGION;
        private Path attachments;
        private BiConsumer<String, String> outputListener = (step, line) -> { };
        private boolean prepareContexts = true;
        private AwsResponses awsResponses = AwsResponses.none();
        private BiConsumer<String, AwsCall> awsCallListener = (step, call) -> { };
        private Isolation isolation;

        private Builder() {
        }

        /**
         * What AWS answers the scripts' calls (each run counts each answer's {@code times} afresh), e.g.
         * {@code AwsResponses.load(file, policy.pythonPath())}; see {@link AwsResponses}. Default none: a call fails its step, saying how to answer it, unless the policy
         * names an {@link ScriptPolicy#awsEndpoint() awsEndpoint}.
         */
        public Builder awsResponses(AwsResponses value) {
            this.awsResponses = Objects.requireNonNull(value, "awsResponses");
            return this;
        }

        /**
         * Receives {@code (stepName, call)} for every AWS call a script makes, as it is answered. Called on the
         * scripts' threads; it must be thread-safe and quick. Default: none (runbook results keep the calls as
         * {@code AwsCalls}).
         */
        public Builder awsCallListener(BiConsumer<String, AwsCall> value) {
            this.awsCallListener = Objects.requireNonNull(value, "awsCallListener");
            return this;
        }

        /** Overrides the policy's {@link ScriptPolicy#isolation() isolation} (default: the policy's own). */
        public Builder isolation(Isolation value) {
            this.isolation = Objects.requireNonNull(value, "isolation");
            return this;
        }

        /** Default {@link ScriptPolicy#defaults()}. */
        public Builder policy(ScriptPolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * {@code global:ACCOUNT_ID} in the handler's {@code context} of step and runbook runs, as AWS sets it.
         * Default {@value AutomationVariables#DEFAULT_ACCOUNT}.
         */
        public Builder account(String value) {
            this.account = Objects.requireNonNull(value, "account");
            return this;
        }

        /**
         * {@code global:REGION} in the handler's {@code context} of step and runbook runs ({@code global:AWS_PARTITION}
         * follows from it), and the region of the scripts' AWS clients.
         * Default {@value AutomationVariables#DEFAULT_REGION}.
         */
        public Builder region(String value) {
            this.region = Objects.requireNonNull(value, "region");
            return this;
        }

        /** Where runbooks' attachments ({@code files}) are looked up. Default: each runbook's own directory. */
        public Builder attachments(Path directory) {
            this.attachments = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Receives {@code (stepName, line)} for every line a runbook's script prints, as it prints it (the
         * result keeps it too, as {@code ScriptOutput}). Called on the scripts' threads, from concurrent
         * runs at once; it must be thread-safe and quick. Default: none.
         */
        public Builder outputListener(BiConsumer<String, String> value) {
            this.outputListener = Objects.requireNonNull(value, "outputListener");
            return this;
        }

        /**
         * Whether {@code poolSize} contexts are prepared in the background (default true). Preparing pays
         * off when runs follow each other; for a single short run it only competes for the CPU, so the
         * command line turns it off for one document.
         */
        public Builder prepareContexts(boolean value) {
            this.prepareContexts = value;
            return this;
        }

        /**
         * Starts the engine and, unless {@code poolSize} is 0 or {@link #prepareContexts(boolean)} is off,
         * the background preparation of its contexts.
         */
        public ExecScript build() {
            return new ExecScript(this);
        }
    }
}

package dev.execscript.embed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.python.GraalPyRuntime;
import dev.execscript.python.PythonInvocation;
import dev.execscript.python.PythonScript;
import dev.execscript.runtime.ScriptOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Runs Python steps in-process, sandboxed, under one {@link ScriptPolicy}; for embedding user scripting
 * in a Java application.
 *
 * <pre>{@code
 * try (ExecScript engine = ExecScript.builder().policy(policy).build()) {
 *     PythonStep step = PythonStep.inline("def handler(events, context):\n    return events['n'] * 2\n", "handler");
 *     ScriptOutcome r = engine.run(step, "{\"n\": 21}");   // r.payloadJson() is "42"
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
    private final String contextJson;
    private final GraalPyRuntime python;

    private ExecScript(Builder b) {
        this.policy = b.policy;
        this.contextJson = write(JSON.valueToTree(b.context));
        this.python = new GraalPyRuntime(policy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the step's handler with {@code eventsJson} (JSON text; null means {@code {}}) as its events.
     *
     * @throws IllegalArgumentException if {@code eventsJson} is not JSON
     * @throws IllegalStateException after {@link #close()}
     */
    public ScriptOutcome run(PythonStep step, String eventsJson) {
        Objects.requireNonNull(step, "step");
        String events = eventsJson == null ? "{}" : write(parse(eventsJson));
        Duration timeout = step.timeout().filter(t -> t.compareTo(policy.wallClockTimeout()) < 0).orElse(policy.wallClockTimeout());
        return python.run(new PythonInvocation(new PythonScript(step.source(), step.name(), step.handler()), events, contextJson,
                timeout, policy, line -> { }));
    }

    /** As {@link #run(PythonStep, String)}, the events given as a Jackson tree (null means {@code {}}). */
    public ScriptOutcome run(PythonStep step, JsonNode events) {
        return run(step, events == null ? null : write(events));
    }

    public ScriptPolicy policy() {
        return policy;
    }

    /** Ends every pooled and kept context and its thread, then the engine. Idempotent. */
    @Override
    public void close() {
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
        private Map<String, String> context = Map.of();

        private Builder() {
        }

        /** Default {@link ScriptPolicy#defaults()}. */
        public Builder policy(ScriptPolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * The handler's {@code context} dict, the same for every run, e.g. {@code global:REGION}.
         * Default empty. Copied.
         */
        public Builder context(Map<String, String> value) {
            this.context = Map.copyOf(Objects.requireNonNull(value, "context"));
            return this;
        }

        /** Starts the engine and, unless {@code poolSize} is 0, the background preparation of its contexts. */
        public ExecScript build() {
            return new ExecScript(this);
        }
    }
}

package dev.execscript.benchmarks.invocation;

import dev.execscript.runtime.StepStatus;
import dev.execscript.embed.ExecScript;
import dev.execscript.embed.PythonStep;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;

/** Calls through the embedding API, as a service embedding the engine would, in one isolation mode. */
public final class ExecScriptCall implements HandlerCall {

    private final ExecScript engine;
    private final PythonStep step;

    ExecScriptCall(BenchmarkHandler handler, Isolation isolation) {
        this(handler, ScriptPolicy.builder().isolation(isolation).build());
    }

    /** Calls under {@code policy} (its isolation, pool size and warm-up imports). */
    public ExecScriptCall(BenchmarkHandler handler, ScriptPolicy policy) {
        this.engine = ExecScript.builder()
                .policy(policy)
                .build();
        this.step = PythonStep.inline(handler.source(), BenchmarkHandler.FUNCTION).withName(BenchmarkHandler.FILE_NAME);
    }

    @Override
    public String invoke(String eventsJson) {
        ScriptOutcome outcome = engine.run(step, eventsJson);
        if (outcome.status() != StepStatus.Success) {
            throw new IllegalStateException("the handler failed: " + outcome.failureMessage());
        }
        return outcome.payloadJson();
    }

    @Override
    public void close() {
        engine.close();
    }
}

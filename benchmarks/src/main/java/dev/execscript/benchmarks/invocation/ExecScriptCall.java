package dev.execscript.benchmarks.invocation;

import dev.execscript.runtime.StepStatus;
import dev.execscript.embed.ExecScript;
import dev.execscript.embed.PythonStep;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;

/** Calls through the embedding API, as a service embedding the engine would, in one isolation mode. */
public final class ExecScriptCall implements HandlerCall {

    private final ExecScript engine;
    private final PythonStep step;

    /** Calls under {@code policy} (its isolation, pool size and warm-up imports). */
    public ExecScriptCall(BenchmarkHandler handler, ScriptPolicy policy) {
        this(handler, policy, true);
    }

    /** @param prepareContexts false: no pool, each FRESH run creates its context (the CLI's single-document mode) */
    public ExecScriptCall(BenchmarkHandler handler, ScriptPolicy policy, boolean prepareContexts) {
        this.engine = ExecScript.builder()
                .policy(policy)
                .prepareContexts(prepareContexts)
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
    public boolean isCompilationEnabled() {
        return engine.isCompilationEnabled();
    }

    @Override
    public void close() {
        engine.close();
    }
}

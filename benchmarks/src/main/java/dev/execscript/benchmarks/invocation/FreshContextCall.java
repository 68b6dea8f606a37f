package dev.execscript.benchmarks.invocation;

import dev.execscript.runtime.StepStatus;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.python.GraalPyRuntime;
import dev.execscript.python.PythonInvocation;
import dev.execscript.python.PythonScript;
import dev.execscript.runtime.ScriptOutcome;
import java.time.Duration;

/** What the engine does today: {@link GraalPyRuntime#run}, a new sandboxed context per call. */
final class FreshContextCall implements HandlerCall {

    private final GraalPyRuntime runtime;
    private final PythonScript script;

    FreshContextCall(GraalPyRuntime runtime, BenchmarkHandler handler) {
        this.runtime = runtime;
        this.script = new PythonScript(handler.source(), BenchmarkHandler.FILE_NAME, BenchmarkHandler.FUNCTION);
    }

    @Override
    public String invoke(String eventsJson) {
        ScriptOutcome outcome = runtime.run(new PythonInvocation(script, eventsJson, BenchmarkHandler.CONTEXT_JSON,
                Duration.ofSeconds(600), ScriptPolicy.defaults(), line -> { }));
        if (outcome.status() != StepStatus.Success) {
            throw new IllegalStateException("the handler failed: " + outcome.failureMessage());
        }
        return outcome.payloadJson();
    }

    @Override
    public void close() {
        // The runtime is shared by all threads; its owner closes it.
    }
}

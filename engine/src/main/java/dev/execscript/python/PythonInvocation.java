package dev.execscript.python;

import dev.execscript.answering.AwsAnswering;
import dev.execscript.answering.AwsSession;
import dev.execscript.policy.ScriptPolicy;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One call of a handler: the script, its events and context as JSON text, the time it may take, the
 * policy it runs under, where its printed lines go live, and how its AWS calls are answered and recorded.
 */
public record PythonInvocation(
        PythonScript script,
        String eventsJson,
        String contextJson,
        Duration timeout,
        ScriptPolicy policy,
        Consumer<String> liveOutput,
        AwsSession aws) {

    /** An invocation whose AWS calls have no answer (each fails its step, saying how to answer it). */
    public PythonInvocation(PythonScript script, String eventsJson, String contextJson, Duration timeout, ScriptPolicy policy,
            Consumer<String> liveOutput) {
        this(script, eventsJson, contextJson, timeout, policy, liveOutput,
                AwsAnswering.none().session(call -> { }, timeout));
    }
}

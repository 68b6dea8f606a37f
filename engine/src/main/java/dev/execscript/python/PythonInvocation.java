package dev.execscript.python;

import dev.execscript.policy.ScriptPolicy;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One call of a handler: the script, its events and context as JSON text, the time it may take, the
 * policy it runs under, and where its printed lines go live.
 */
public record PythonInvocation(
        PythonScript script,
        String eventsJson,
        String contextJson,
        Duration timeout,
        ScriptPolicy policy,
        Consumer<String> liveOutput) {
}

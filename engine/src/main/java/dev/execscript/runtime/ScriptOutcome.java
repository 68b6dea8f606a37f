package dev.execscript.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What running one script produced, whatever the runtime: a payload (JSON text of the return value,
 * after the payload limits) or a failure, plus what the script printed.
 *
 * @param truncation why the payload was cut, or null when it was not
 * @param failureType one of {@link FailureType}'s names, null on success
 * @param details extra failure facts, shaped like AWS's {@code FailureDetails.Details} (name to list of text)
 */
public record ScriptOutcome(
        Status status,
        String payloadJson,
        String truncation,
        String failureType,
        String failureMessage,
        Map<String, List<String>> details,
        String output,
        Duration elapsed) {

    public enum Status { SUCCESS, FAILED, TIMED_OUT }

    public static ScriptOutcome success(String payloadJson, String truncation, String output, Duration elapsed) {
        return new ScriptOutcome(Status.SUCCESS, payloadJson, truncation, null, null, Map.of(), output, elapsed);
    }

    public static ScriptOutcome failed(FailureType type, String message, Map<String, List<String>> details, String output,
            Duration elapsed) {
        return new ScriptOutcome(Status.FAILED, null, null, type.name(), message, details, output, elapsed);
    }

    public static ScriptOutcome timedOut(String message, String output, Duration elapsed) {
        return new ScriptOutcome(Status.TIMED_OUT, null, null, FailureType.Timeout.name(), message, Map.of(), output, elapsed);
    }
}

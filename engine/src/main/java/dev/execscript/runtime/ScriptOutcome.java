package dev.execscript.runtime;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
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

    /** The failure message and each detail are cut at {@link TextCut#MAX_TEXT_CHARS}, whatever produced them. */
    public ScriptOutcome {
        failureMessage = TextCut.bounded(failureMessage);
        details = bounded(details);
    }

    /** Each text of a details map cut at {@link TextCut#MAX_TEXT_CHARS}; the map's order is kept. */
    public static Map<String, List<String>> bounded(Map<String, List<String>> details) {
        if (details == null || details.isEmpty()) {
            return details;
        }
        Map<String, List<String>> cut = new LinkedHashMap<>();
        details.forEach((name, values) -> cut.put(name, values.stream().map(TextCut::bounded).toList()));
        return Collections.unmodifiableMap(cut);
    }

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

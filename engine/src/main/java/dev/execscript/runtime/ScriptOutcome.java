package dev.execscript.runtime;

import dev.execscript.output.TextCut;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What running one script produced, whatever the runtime (Python or PowerShell): a payload (JSON text of
 * the return value, after the payload limits) or a failure, plus what the script printed.
 *
 * @param status {@link StepStatus#Success}, {@link StepStatus#Failed} or {@link StepStatus#TimedOut}
 * @param payloadJson the payload; set exactly when the status is Success
 * @param truncation why the payload was cut, or null when it was not
 * @param failureType why it failed; null exactly when the status is Success ({@link FailureType#Timeout} when TimedOut)
 * @param failureMessage what went wrong; null on success
 * @param details extra failure facts, shaped like AWS's {@code FailureDetails.Details} (name to list of text); never null
 * @param output what the script printed, bounded; never null
 */
public record ScriptOutcome(
        StepStatus status,
        String payloadJson,
        String truncation,
        FailureType failureType,
        String failureMessage,
        Map<String, List<String>> details,
        String output,
        Duration elapsed) {

    /**
     * Checks the invariants above. The failure message and each detail are cut at
     * {@link TextCut#MAX_TEXT_CHARS}, whatever produced them; the details are copied.
     */
    public ScriptOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(elapsed, "elapsed");
        if (status != StepStatus.Success && status != StepStatus.Failed && status != StepStatus.TimedOut) {
            throw new IllegalArgumentException("a script ends Success, Failed or TimedOut, not " + status);
        }
        if ((status == StepStatus.Success) != (payloadJson != null)) {
            throw new IllegalArgumentException("payloadJson must be set exactly when the status is Success");
        }
        if ((status == StepStatus.Success) != (failureType == null)) {
            throw new IllegalArgumentException("failureType must be set exactly when the status is not Success");
        }
        failureMessage = TextCut.bounded(failureMessage);
        details = bounded(details);
        output = output == null ? "" : output;
    }

    /** Each text of a details map cut at {@link TextCut#MAX_TEXT_CHARS}, in an unmodifiable copy that keeps the order. */
    public static Map<String, List<String>> bounded(Map<String, List<String>> details) {
        if (details == null || details.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> cut = new LinkedHashMap<>();
        details.forEach((name, values) -> cut.put(name, values.stream().map(TextCut::bounded).toList()));
        return Collections.unmodifiableMap(cut);
    }

    public static ScriptOutcome success(String payloadJson, String truncation, String output, Duration elapsed) {
        return new ScriptOutcome(StepStatus.Success, payloadJson, truncation, null, null, Map.of(), output, elapsed);
    }

    public static ScriptOutcome failed(FailureType type, String message, Map<String, List<String>> details, String output,
            Duration elapsed) {
        return new ScriptOutcome(StepStatus.Failed, null, null, Objects.requireNonNull(type, "type"), message, details, output,
                elapsed);
    }

    /**
     * A policy limit ended the script: a ResourceLimit failure whose details name the limit (the policy
     * setting), its value and what was used, whichever runtime or isolation mode measured it.
     */
    public static ScriptOutcome limitReached(String limit, String value, String used, String message, String output,
            Duration elapsed) {
        Map<String, List<String>> d = new LinkedHashMap<>();
        d.put("Limit", List.of(limit));
        d.put("LimitValue", List.of(value));
        d.put("Used", List.of(used));
        return failed(FailureType.ResourceLimit, message, d, output, elapsed);
    }

    public static ScriptOutcome timedOut(String message, String output, Duration elapsed) {
        return new ScriptOutcome(StepStatus.TimedOut, null, null, FailureType.Timeout, message, Map.of(), output, elapsed);
    }

    public boolean succeeded() {
        return status == StepStatus.Success;
    }
}

package dev.execscript.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.aws.AwsCall;
import dev.execscript.output.TextCut;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import dev.execscript.spec.JsonText;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One executed step, shaped like an entry of AWS's {@code StepExecutions}.
 *
 * @param outputs AWS-style outputs: name to list of text ({@code OutputPayload} and named outputs)
 * @param typedOutputs the same named outputs with their types, for {{Step.Output}} references
 * @param scriptOutput what the script printed (bounded); not an AWS field
 * @param truncation why the payload was cut, or null; not an AWS field
 * @param notes what execscript tells about the step that is not a failure (a runtime AWS no longer runs);
 *     not an AWS field
 * @param awsCalls the AWS calls the step's script made, in order, with what answered each; not an AWS field
 */
public record StepExecution(
        String stepName,
        String action,
        StepStatus status,
        Instant start,
        Instant end,
        JsonNode inputs,
        Map<String, List<String>> outputs,
        Map<String, JsonNode> typedOutputs,
        String failureMessage,
        String failureStage,
        FailureType failureType,
        Map<String, List<String>> failureDetails,
        String scriptOutput,
        String truncation,
        int attempts,
        List<String> notes,
        List<AwsCall> awsCalls) {

    /**
     * Text a script or document controls is cut at {@link TextCut#MAX_TEXT_CHARS} here, wherever the step
     * was built: the failure message, each failure detail, and each input as the result echoes it.
     */
    public StepExecution {
        Objects.requireNonNull(status, "status");
        if ((status == StepStatus.Success) != (failureType == null)) {
            throw new IllegalArgumentException("failureType must be set exactly when the status is not Success");
        }
        outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        typedOutputs = typedOutputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(typedOutputs));
        inputs = boundedInputs(inputs);
        failureMessage = TextCut.bounded(failureMessage);
        failureDetails = ScriptOutcome.bounded(failureDetails);
        notes = notes == null ? List.of() : List.copyOf(notes);
        awsCalls = awsCalls == null ? List.of() : List.copyOf(awsCalls);
    }

    /** Which step ran, when, with what inputs, and which attempt it was: what every step execution says. */
    public record Attempt(String stepName, String action, Instant start, Instant end, JsonNode inputs, int number) {
    }

    /** The script succeeded and every named output was selected. */
    public static StepExecution succeeded(Attempt a, Map<String, List<String>> outputs, Map<String, JsonNode> typedOutputs,
            String scriptOutput, String truncation) {
        return new StepExecution(a.stepName(), a.action(), StepStatus.Success, a.start(), a.end(), a.inputs(), outputs, typedOutputs,
                null, null, null, Map.of(), scriptOutput, truncation, a.number(), List.of(), List.of());
    }

    /** Failed at {@code stage} (Verification, Invocation or Outputs) for {@code message}. */
    public static StepExecution failed(Attempt a, String stage, FailureType type, String message, Map<String, List<String>> details,
            String scriptOutput) {
        return new StepExecution(a.stepName(), a.action(), StepStatus.Failed, a.start(), a.end(), a.inputs(), Map.of(), Map.of(),
                message, stage, type, details, scriptOutput, null, a.number(), List.of(), List.of());
    }

    /** The script succeeded but a named output could not be selected: the outputs selected so far are kept. */
    public static StepExecution outputFailed(Attempt a, Map<String, List<String>> outputs, String message, String scriptOutput,
            String truncation) {
        return new StepExecution(a.stepName(), a.action(), StepStatus.Failed, a.start(), a.end(), a.inputs(), outputs, Map.of(),
                message, "Outputs", FailureType.Output, Map.of(), scriptOutput, truncation, a.number(), List.of(), List.of());
    }

    /** A script that did not succeed (failed or timed out in its invocation), as its step. */
    public static StepExecution ended(Attempt a, ScriptOutcome outcome) {
        if (outcome.succeeded()) {
            throw new IllegalArgumentException("the outcome succeeded");
        }
        return new StepExecution(a.stepName(), a.action(), outcome.status(), a.start(), a.end(), a.inputs(), Map.of(), Map.of(),
                outcome.failureMessage(), "Invocation", outcome.failureType(), outcome.details(), outcome.output(), null, a.number(),
                List.of(), List.of());
    }

    /** This step with {@code value} as its notes. */
    public StepExecution withNotes(List<String> value) {
        return new StepExecution(stepName, action, status, start, end, inputs, outputs, typedOutputs, failureMessage,
                failureStage, failureType, failureDetails, scriptOutput, truncation, attempts, value, awsCalls);
    }

    /** This step with the AWS calls its script made. */
    public StepExecution withAwsCalls(List<AwsCall> value) {
        return new StepExecution(stepName, action, status, start, end, inputs, outputs, typedOutputs, failureMessage,
                failureStage, failureType, failureDetails, scriptOutput, truncation, attempts, notes, value);
    }

    /** This step failed (in its invocation) for {@code message}, its output and calls kept. */
    public StepExecution failedBy(String message) {
        return new StepExecution(stepName, action, StepStatus.Failed, start, end, inputs, Map.of(), Map.of(), message,
                "Invocation", FailureType.Action, Map.of(), scriptOutput, null, attempts, notes, awsCalls);
    }

    /** What the result keeps of this step once its size budget is spent: status, times, failure, notes. */
    public StepExecution summarized(String message, String outputMarker) {
        return new StepExecution(stepName, action, status, start, end, ExecutionJson.emptyObject(), Map.of(), Map.of(), message,
                failureStage, failureType, Map.of(), outputMarker, truncation, attempts, notes, List.of());
    }

    /**
     * The inputs, with each one whose echo (AWS shows an input as JSON text) would pass the limit replaced by
     * text holding its head and a marker; the inputs themselves when none does (the common case: no copy).
     */
    private static JsonNode boundedInputs(JsonNode inputs) {
        if (inputs == null || !inputs.isObject()) {
            return inputs;
        }
        ObjectNode cut = null;
        for (var fields = inputs.fields(); fields.hasNext(); ) {
            var field = fields.next();
            JsonNode value = field.getValue();
            String text = value.isTextual() ? value.asText() : null;
            if (text == null && !value.isValueNode()) {
                String json = JsonText.write(value);
                text = json.length() > TextCut.MAX_TEXT_CHARS ? json : null;
            }
            if (text != null && text.length() > TextCut.MAX_TEXT_CHARS) {
                if (cut == null) {
                    cut = ((ObjectNode) inputs).deepCopy();
                }
                cut.put(field.getKey(), TextCut.bounded(text));
            }
        }
        return cut == null ? inputs : cut;
    }

    public boolean succeeded() {
        return status == StepStatus.Success;
    }
}

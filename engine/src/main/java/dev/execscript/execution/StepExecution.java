package dev.execscript.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.aws.AwsCall;
import dev.execscript.document.JsonText;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.TextCut;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
        String failureType,
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
        inputs = boundedInputs(inputs);
        failureMessage = TextCut.bounded(failureMessage);
        failureDetails = ScriptOutcome.bounded(failureDetails);
        notes = notes == null ? List.of() : List.copyOf(notes);
        awsCalls = awsCalls == null ? List.of() : List.copyOf(awsCalls);
    }

    /** A step without notes. */
    public StepExecution(String stepName, String action, StepStatus status, Instant start, Instant end, JsonNode inputs,
            Map<String, List<String>> outputs, Map<String, JsonNode> typedOutputs, String failureMessage,
            String failureStage, String failureType, Map<String, List<String>> failureDetails, String scriptOutput,
            String truncation, int attempts) {
        this(stepName, action, status, start, end, inputs, outputs, typedOutputs, failureMessage, failureStage, failureType,
                failureDetails, scriptOutput, truncation, attempts, List.of(), List.of());
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
    StepExecution failedBy(String message) {
        return new StepExecution(stepName, action, StepStatus.Failed, start, end, inputs, Map.of(), Map.of(), message,
                "Invocation", dev.execscript.runtime.FailureType.Action.name(), Map.of(), scriptOutput, null, attempts, notes,
                awsCalls);
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

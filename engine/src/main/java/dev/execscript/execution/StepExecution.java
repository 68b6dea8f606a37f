package dev.execscript.execution;

import com.fasterxml.jackson.databind.JsonNode;
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
        int attempts) {

    public boolean succeeded() {
        return status == StepStatus.Success;
    }
}

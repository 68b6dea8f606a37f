package dev.execscript.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A finished local execution of one document, shaped like AWS's {@code AutomationExecution}. */
public record AutomationExecution(
        String executionId,
        String documentName,
        StepStatus status,
        Instant start,
        Instant end,
        Map<String, JsonNode> parameters,
        List<StepExecution> steps,
        Map<String, List<String>> outputs,
        String failureMessage) {
}

package dev.execscript.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.runtime.StepStatus;
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

    /**
     * The execution as {@code aws ssm get-automation-execution} prints it, {@code {"AutomationExecution": ...}}
     * indented as the AWS CLI indents (see {@link ExecutionJson}).
     */
    public String toJson() {
        return ExecutionJson.pretty(this);
    }

    /** The same JSON on one line, as the CLI prints each of several documents' results. */
    public String toJsonLine() {
        return ExecutionJson.line(this);
    }

    /** The same JSON as a Jackson tree, e.g. to write it on one line. */
    public ObjectNode toJsonTree() {
        return ExecutionJson.toJson(this);
    }
}

package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one document's run produced: exit code, stdout, stderr, and the parsed
 * {@code AutomationExecution} (null when stdout held none, e.g. for exit code 2).
 *
 * @param batched true when the execution came from {@code execscript test}; the exit code is then derived from the
 *     execution status (the contract: 0 exactly when the execution succeeded) and there is no stderr
 */
record CliOutcome(int exitCode, String stdout, String stderr, JsonNode execution, boolean batched) {

    static CliOutcome of(int exitCode, String stdout, String stderr) {
        JsonNode execution = null;
        if (!stdout.isBlank()) {
            try {
                execution = ParsedJson.parse(stdout).get("AutomationExecution");
            } catch (IllegalArgumentException e) {
                execution = null;
            }
        }
        return new CliOutcome(exitCode, stdout, stderr, execution, false);
    }

    /**
     * An execution a runbook test ran (or none): its exit code as the command line's contract derives it from the status
     * (0 exactly when the execution succeeded), no stderr of its own.
     */
    static CliOutcome ofExecution(JsonNode execution) {
        if (execution == null) {
            return new CliOutcome(2, "", "", null, true);
        }
        boolean ok = "Success".equals(execution.path("AutomationExecutionStatus").asText());
        String stdout = ParsedJson.write(ParsedJson.MAPPER.createObjectNode().set("AutomationExecution", execution));
        return new CliOutcome(ok ? 0 : 1, stdout, "", execution, true);
    }

    JsonNode step(String name) {
        if (execution == null) {
            return null;
        }
        for (JsonNode s : execution.path("StepExecutions")) {
            if (name.equals(s.path("StepName").asText())) {
                return s;
            }
        }
        return null;
    }

    /** The step's payload: OutputPayload holds one JSON text {"Payload": ...}. */
    static JsonNode payload(JsonNode step) {
        JsonNode list = step.path("Outputs").path("OutputPayload");
        if (!list.isArray() || list.isEmpty()) {
            return null;
        }
        return ParsedJson.parse(list.get(0).asText()).get("Payload");
    }

    String describe() {
        return "exit code " + exitCode + (batched ? " (derived from the status)" : "")
                + "\n--- stdout ---\n" + ParsedJson.abbreviate(stdout, 4000)
                + (batched ? "" : "\n--- stderr ---\n" + ParsedJson.abbreviate(stderr, 2000));
    }
}

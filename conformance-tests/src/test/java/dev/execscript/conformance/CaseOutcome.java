package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What running one case gave: the runbook test results of its {@code expect} (and {@code aws.expect}) blocks, the
 * {@code execscript run} it had alone when its {@code cli} block needs one, and the stand-in endpoint of an
 * {@code awsEndpoint} case (still answering, for the differential; closed by whoever checks the case).
 *
 * @param run the case's own {@code execscript run}, or null
 * @param expect the result of the runbook test case holding the {@code expect} block, or null
 * @param aws the result of the one holding the {@code aws.expect} block, or null
 * @param endpoint the stand-in AWS endpoint of an awsEndpoint case, or null
 */
record CaseOutcome(CliOutcome run, TestResult expect, TestResult aws, EndpointStandIn endpoint) {

    /**
     * How one runbook test case went, as {@code execscript test --json} reports it.
     *
     * @param outcome PASSED, FAILED or ERROR
     * @param mismatches each expectation not met, as the runbook test report words it
     * @param error why the case could not run, or null
     * @param execution the {@code AutomationExecution} it ran, or null
     */
    record TestResult(String outcome, List<String> mismatches, String error, JsonNode execution) {

        static TestResult of(JsonNode c) {
            List<String> mismatches = new ArrayList<>();
            for (JsonNode m : c.path("Mismatches")) {
                mismatches.add(m.path("Path").asText() + ": expected " + m.path("Expected").asText() + ", got " + m.path("Actual").asText()
                        + (m.has("Detail") ? "\n" + m.get("Detail").asText() : ""));
            }
            JsonNode execution = c.get("AutomationExecution");
            return new TestResult(c.path("Outcome").asText(), mismatches, c.has("Error") ? c.get("Error").asText() : null,
                    execution == null || execution.isNull() ? null : execution);
        }

        static TestResult notRun(String why) {
            return new TestResult("ERROR", List.of(), why, null);
        }

        boolean passed() {
            return "PASSED".equals(outcome);
        }

        /** What was not met, or why the case could not run; empty when it passed. */
        List<String> problems() {
            if (passed()) {
                return List.of();
            }
            if ("ERROR".equals(outcome)) {
                return List.of("the runbook test case could not run: " + error);
            }
            return mismatches;
        }
    }

    /** What the command line gave, for the {@code cli} block: the case's own run, else as derived from the execution. */
    CliOutcome cli() {
        return run != null ? run : executionOutcome();
    }

    /** The execution the differential and module table look at: the runbook test's, else the case's own run's. */
    CliOutcome executionOutcome() {
        TestResult t = expect != null ? expect : aws;
        if (t != null && t.execution() != null) {
            return CliOutcome.ofExecution(t.execution());
        }
        return run != null ? run : CliOutcome.ofExecution(null);
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        if (run != null) {
            sb.append("execscript run alone: ").append(run.describe()).append('\n');
        }
        CliOutcome x = executionOutcome();
        if (x != run) {
            sb.append("execscript test: ").append(x.describe());
        }
        if (endpoint != null) {
            sb.append("\nthe stand-in endpoint received ").append(endpoint.received());
        }
        return sb.toString();
    }
}

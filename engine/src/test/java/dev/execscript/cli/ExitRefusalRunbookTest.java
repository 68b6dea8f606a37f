package dev.execscript.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * End to end through the CLI: examples/exit-refusal.yaml, whose guard step refuses with
 * {@code exit("...")} as real runbooks do. The message must be what the user sees as the failure.
 */
class ExitRefusalRunbookTest {

    private static final String DOCUMENT = "../examples/exit-refusal.yaml";
    private static final String REFUSAL = "Instance i-123 is not tagged: refusing to stop it";

    @Test
    void exitWithMessage_untaggedInstance_failsRunWithTheMessageAndAbortsBeforeStop() {
        CliRun r = CliRun.of("run", DOCUMENT);
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        JsonNode x = r.execution();
        assertThat(x.get("AutomationExecutionStatus").asText()).isEqualTo("Failed");
        assertThat(x.get("FailureMessage").asText()).contains("Step CheckTagged failed").contains(REFUSAL);
        // onFailure: Abort: the stop step never ran.
        assertThat(x.get("StepExecutions")).hasSize(1);
        JsonNode step = r.step(0);
        assertThat(step.get("StepName").asText()).isEqualTo("CheckTagged");
        assertThat(step.get("StepStatus").asText()).isEqualTo("Failed");
        assertThat(step.get("FailureMessage").asText()).contains("SystemExit: " + REFUSAL);
        assertThat(step.get("FailureDetails").get("FailureType").asText()).isEqualTo("Action");
        assertThat(step.get("FailureDetails").get("Details").get("ExceptionType").get(0).asText()).isEqualTo("SystemExit");
        assertThat(step.get("FailureDetails").get("Details").get("ExceptionMessage").get(0).asText()).isEqualTo(REFUSAL);
    }

    @Test
    void exitWithMessage_taggedInstance_guardPassesAndStopRuns() {
        CliRun r = CliRun.of("run", DOCUMENT, "--param", "Tagged=true");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.execution().get("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(r.payload(1).get("stopped").asText()).isEqualTo("i-123");
    }
}

package dev.execscript.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.spec.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the CLI on the documents in examples/, as a user runs them. */
class RunCommandTest {

    private static final String EXAMPLES = "../examples/";

    @Test
    void run_hello_succeedsWithAwsShapedResult() {
        CliRun r = CliRun.of("run", EXAMPLES + "hello.yaml", "--param", "Name=Ada", "--region", "eu-west-1");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode x = r.execution();
        assertThat(x.get("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(x.get("DocumentName").asText()).isEqualTo("hello");
        JsonNode step = r.step(0);
        assertThat(step.get("StepName").asText()).isEqualTo("SayHello");
        assertThat(step.get("Action").asText()).isEqualTo("aws:executeScript");
        assertThat(step.get("StepStatus").asText()).isEqualTo("Success");
        assertThat(step.get("ExecutionStartTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
        assertThat(step.get("Outputs").get("OutputPayload")).hasSize(1);
        assertThat(r.payload(0).get("message").asText()).isEqualTo("Hello, Ada!");
        assertThat(r.payload(0).get("region").asText()).isEqualTo("eu-west-1");
        assertThat(r.payload(0).get("execution").asText()).isEqualTo(x.get("AutomationExecutionId").asText());
        assertThat(step.get("Outputs").get("Message").get(0).asText()).isEqualTo("Hello, Ada!");
        assertThat(x.get("Outputs").get("SayHello.Message").get(0).asText()).isEqualTo("Hello, Ada!");
        assertThat(step.get("Inputs").get("InputPayload").asText()).contains("\"name\":\"Ada\"");
        // What the script printed: live on stderr with the step's name, and kept in the result.
        assertThat(r.stderr()).contains("[SayHello] greeting Ada");
        assertThat(step.get("ScriptOutput").asText()).isEqualTo("greeting Ada\n");
    }

    @Test
    void run_failingHandler_exits1WithTraceback() {
        CliRun r = CliRun.of("run", EXAMPLES + "failing-handler.yaml");
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode step = r.step(0);
        assertThat(r.execution().get("AutomationExecutionStatus").asText()).isEqualTo("Failed");
        assertThat(step.get("StepStatus").asText()).isEqualTo("Failed");
        assertThat(step.get("FailureMessage").asText())
                .contains("ValueError: quota exceeded: 12 > 10")
                .contains("File \"CheckQuota.py\", line 4, in check")
                .contains("raise ValueError");
        assertThat(step.get("FailureDetails").get("FailureType").asText()).isEqualTo("Action");
        assertThat(step.get("FailureDetails").get("Details").get("ExceptionType").get(0).asText()).isEqualTo("ValueError");
    }

    @Test
    void run_timeout_endsTimedOutNotBeforeItsDeadline() {
        CliRun r = CliRun.of("run", EXAMPLES + "timeout.yaml");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.execution().get("AutomationExecutionStatus").asText()).isEqualTo("TimedOut");
        assertThat(r.step(0).get("StepStatus").asText()).isEqualTo("TimedOut");
        assertThat(r.step(0).get("FailureMessage").asText()).contains("timed out after 2.0 s");
        assertThat(r.step(0).get("FailureDetails").get("FailureType").asText()).isEqualTo("Timeout");
        // The deadline counts from the script's start, which the step's recorded span includes (with the
        // context's start-up before it): the script was not cut short. (StepControlTest checks the clock itself.)
        java.time.Duration ran = java.time.Duration.between(
                java.time.OffsetDateTime.parse(r.step(0).get("ExecutionStartTime").asText()),
                java.time.OffsetDateTime.parse(r.step(0).get("ExecutionEndTime").asText()));
        assertThat(ran.toMillis()).isGreaterThanOrEqualTo(2000L);
    }

    @Test
    void run_typedParameters_keepTheirTypes() {
        CliRun r = CliRun.of("run", EXAMPLES + "typed-parameters.yaml", "--param", "InstanceIds=i-1,i-2,i-3", "--param", "BatchSize=2",
                "--param", "DryRun=false", "--param", "Tags={\"a\": \"1\"}");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode p = r.payload(0);
        assertThat(p.get("types")).extracting(JsonNode::asText).containsExactly("list", "int", "bool", "dict");
        assertThat(p.get("batches").toString()).isEqualTo("[[\"i-1\",\"i-2\"],[\"i-3\"]]");
        assertThat(p.get("dry_run").asBoolean()).isFalse();
        assertThat(p.get("label").asText()).isEqualTo("batch of 2 in us-east-1");
        assertThat(r.execution().get("Parameters").get("InstanceIds")).extracting(JsonNode::asText).containsExactly("i-1", "i-2", "i-3");
    }

    @Test
    void run_paramsFile_isReadAndParamWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("params.yaml");
        Files.writeString(file, "BatchSize: 3\nDryRun: true\n");
        CliRun r = CliRun.of("run", EXAMPLES + "typed-parameters.yaml", "--params-file", file.toString(), "--param", "DryRun=false");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.payload(0).get("batches").get(0)).hasSize(2);
        assertThat(r.payload(0).get("dry_run").asBoolean()).isFalse();
        assertThat(r.execution().get("Parameters").get("BatchSize").get(0).asText()).isEqualTo("3");
    }

    @Test
    void run_otherAction_isReportedNotSupported() {
        CliRun r = CliRun.of("run", EXAMPLES + "mixed-actions.yaml");
        assertThat(r.exitCode()).isZero();
        assertThat(r.step(0).get("StepStatus").asText()).isEqualTo("Failed");
        assertThat(r.step(0).get("FailureMessage").asText()).startsWith("action not supported: aws:sleep");
        assertThat(r.step(1).get("StepStatus").asText()).isEqualTo("Success");
        assertThat(r.payload(1).toString()).isEqualTo("[1,2,3]");
    }

    @Test
    void run_brokenDocument_exits2WithLocatedMessageAndNoStdout() {
        CliRun r = CliRun.of("run", EXAMPLES + "broken.yaml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("execscript: " + EXAMPLES + "broken.yaml:7: mainSteps[0].inputs.Runtime: unsupported runtime 'python2.7'")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void run_missingRequiredParameter_exits2NamingIt(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("req.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                parameters:
                  Bucket: {type: String}
                mainSteps:
                  - name: S
                    action: aws:executeScript
                    inputs: {Runtime: python3.11, Handler: h, InputPayload: {b: '{{ Bucket }}'}, Script: "def h(e, c): return e"}
                """);
        CliRun r = CliRun.of("run", doc.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("parameter Bucket: is required and has no default; pass --param Bucket=VALUE");
        CliRun wrongType = CliRun.of("run", EXAMPLES + "typed-parameters.yaml", "--param", "BatchSize=two");
        assertThat(wrongType.exitCode()).isEqualTo(2);
        assertThat(wrongType.stderr()).contains("parameter BatchSize: value \"two\" is not a Integer");
        CliRun unknown = CliRun.of("run", EXAMPLES + "hello.yaml", "--param", "Nam=x");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("parameter Nam: the document declares no such parameter; declared: Name");
    }

    @Test
    void run_severalDocuments_printOneLinePerDocumentInOrder() {
        CliRun r = CliRun.of("run", EXAMPLES + "hello.yaml", EXAMPLES + "failing-handler.yaml", EXAMPLES + "mixed-actions.yaml");
        assertThat(r.exitCode()).isEqualTo(1);
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines).extracting(l -> JsonText.parseOrNull(l).get("AutomationExecution").get("DocumentName").asText())
                .containsExactly("hello", "failing-handler", "mixed-actions");
        assertThat(lines).extracting(l -> JsonText.parseOrNull(l).get("AutomationExecution").get("AutomationExecutionStatus").asText())
                .containsExactly("Success", "Failed", "Success");
        // Each document is its own execution.
        assertThat(lines.stream().map(l -> JsonText.parseOrNull(l).get("AutomationExecution").get("AutomationExecutionId").asText()).distinct())
                .hasSize(3);
    }

    @Test
    void run_singleStepWithPayload_runsOnlyThatStep() {
        CliRun r = CliRun.of("run", EXAMPLES + "failing-handler.yaml", "--step", "CheckQuota", "--payload", "{\"used\": 1, \"quota\": 5}");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.payload(0).get("left").asInt()).isEqualTo(4);
        CliRun bad = CliRun.of("run", EXAMPLES + "failing-handler.yaml", "--step", "CheckQuota", "--payload", "[1]");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--payload must be a JSON object");
    }

    @Test
    void help_and_version_work() {
        CliRun help = CliRun.of("run", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("--param").contains("--params-file");
        CliRun version = CliRun.of("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("execscript 0.").contains("GraalPy 25.0.3");
        CliRun none = CliRun.of("run");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).contains("Missing required parameter").contains("--help");
    }
}

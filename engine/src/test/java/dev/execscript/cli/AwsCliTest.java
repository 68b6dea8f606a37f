package dev.execscript.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Scripts that call AWS" commands, and what bad AWS input gets, through the command line. */
class AwsCliTest {

    private static final Path EXAMPLE = Path.of("../examples/aws/tag-untagged-instances.yaml");
    private static final Path RESPONSES = Path.of("../examples/aws/responses.yaml");

    @TempDir
    Path dir;

    @Test
    void run_exampleWithResponsesFile_tagsAndStopsAndRecordsEveryCall() {
        CliRun run = CliRun.of("run", "--aws-responses", RESPONSES.toString(), EXAMPLE.toString());
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
        assertThat(run.execution().get("Outputs").get("TagAndStop.Stopped").toString()).isEqualTo("[\"i-0bbb2222\"]");
        assertThat(run.payload(1).get("Tagged").toString()).isEqualTo("[\"i-0bbb2222\",\"i-0ccc3333\"]");
        List<String> calls = new ArrayList<>();
        for (int step = 0; step < 2; step++) {
            for (JsonNode call : run.step(step).get("AwsCalls")) {
                calls.add(call.get("Service").asText() + ":" + call.get("Operation").asText());
            }
        }
        assertThat(calls).containsExactly("ec2:DescribeInstances", "ec2:DescribeInstances", "ssm:GetParameter", "ec2:CreateTags",
                "ec2:StopInstances");
        assertThat(run.step(1).get("AwsCalls").get(1).get("Parameters").toString())
                .isEqualTo("{\"Resources\":[\"i-0bbb2222\",\"i-0ccc3333\"],\"Tags\":[{\"Key\":\"Owner\",\"Value\":\"platform-team\"}]}");
        assertThat(run.stderr()).contains("[FindUntagged] ec2:DescribeInstances -> response ec2:DescribeInstances #1 (line 3): "
                + "Reservations: 1 item, NextToken: page-2\n");
        assertThat(run.stderr()).contains("[TagAndStop] ec2:StopInstances -> response ec2:StopInstances #1");
    }

    @Test
    void run_exampleWithIsolationProcess_sameResultsCallsAndLinesAsInProcess() {
        CliRun inProcess = CliRun.of("run", "--region", "eu-west-2", "--aws-responses", RESPONSES.toString(), EXAMPLE.toString());
        CliRun inWorker = CliRun.of("run", "--isolation", "process", "--region", "eu-west-2", "--aws-responses", RESPONSES.toString(),
                EXAMPLE.toString());
        assertThat(inWorker.exitCode()).as(inWorker.stderr()).isEqualTo(0);
        assertThat(inWorker.stderr()).isEqualTo(inProcess.stderr()).contains("[TagAndStop] ec2:StopInstances -> response");
        assertThat(withoutTimesAndIds(inWorker.stdout())).isEqualTo(withoutTimesAndIds(inProcess.stdout()));
        assertThat(inWorker.step(1).get("AwsCalls")).hasSize(3);
    }

    /** The execution's JSON without what differs between any two runs: its id and times. */
    private static String withoutTimesAndIds(String json) {
        return json.replaceAll("\"(AutomationExecutionId|ExecutionStartTime|ExecutionEndTime)\": \"[^\"]*\"", "\"$1\": \"\"");
    }

    @Test
    void run_badResponsesFile_exit2NamingFileLineAndKey() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "ec2:DescribeInstances:\n  - response:\n      Reservation: []\n");
        CliRun run = CliRun.of("run", "--aws-responses", bad.toString(), EXAMPLE.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains(bad + ":3").contains("unknown key 'Reservation' in DescribeInstancesResult (did you mean Reservations")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void run_endpointNotHttp_exit2() {
        CliRun run = CliRun.of("run", "--aws-endpoint", "ftp://127.0.0.1:21", EXAMPLE.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("awsEndpoint").contains("the scheme must be http or https").doesNotContain("\tat ");
    }

    @Test
    void run_responsesAndEndpointBoth_exit2() {
        CliRun run = CliRun.of("run", "--aws-responses", RESPONSES.toString(), "--aws-endpoint", "http://127.0.0.1:4566",
                EXAMPLE.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("give --aws-responses or --aws-endpoint");
    }

    @Test
    void run_noAnswersConfigured_stepFailsSayingHowToAnswer() {
        CliRun run = CliRun.of("run", EXAMPLE.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.step(0).get("FailureMessage").asText()).contains("the script called ec2:DescribeInstances and no AWS answers "
                + "are configured").contains("--aws-responses FILE");
        assertThat(run.stderr()).contains("[FindUntagged] ec2:DescribeInstances -> no answer");
    }

    /** In a JVM of its own: where boto3 is looked for is read once per JVM. */
    @Test
    void run_noBoto3Installed_importErrorSaysHowToInstall() throws Exception {
        Path doc = Files.writeString(dir.resolve("doc.yaml"), """
                schemaVersion: '0.3'
                mainSteps:
                  - name: Import
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: handler
                      Script: |-
                        def handler(events, context):
                            try:
                                import boto3
                            except ImportError as e:
                                return str(e)
                """);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dpolyglot.engine.WarnInterpreterOnly=false", "-Dexecscript.systemPythonPackages=" + dir.resolve("none"),
                "-cp", System.getProperty("java.class.path")));
        String cache = System.getProperty("execscript.resourceCache");
        if (cache != null) {
            command.add("-Dexecscript.resourceCache=" + cache);
        }
        command.addAll(List.of(Main.class.getName(), "run", doc.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("No module named 'boto3': execscript found no boto3 installation; install boto3: on Debian or "
                + "Ubuntu 'apt-get install python3-boto3'");
    }
}

package dev.execscript.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: attachments, outputs and chaining, failure handling, as runbooks use them. */
class RunbookFeaturesTest {

    private static final String EXAMPLES = "../examples/";

    @TempDir
    Path dir;

    @Test
    void zipAttachment_importsPackageAndReadsDataFile() {
        CliRun r = CliRun.of("run", EXAMPLES + "zip-attachment/zip-attachment.yaml");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.payload(0).toString()).isEqualTo("{\"us-east-1\":\"aws\",\"cn-north-1\":\"aws-cn\",\"mars-1\":\"unknown\"}");
        assertThat(r.step(0).get("Outputs").get("China").get(0).asText()).isEqualTo("aws-cn");
        // Without cn-north-1 in the payload the named output finds nothing, and the step fails saying so.
        CliRun other = CliRun.of("run", EXAMPLES + "zip-attachment/zip-attachment.yaml", "--param", "Regions=eu-west-1,us-gov-west-1");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.step(0).get("FailureMessage").asText()).contains("selector $.Payload.cn-north-1 found nothing");
    }

    @Test
    void pyAttachment_fileDotFunctionHandler() {
        CliRun r = CliRun.of("run", EXAMPLES + "py-attachment/py-attachment.yaml");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.payload(0).get(1).get("resource").asText()).isEqualTo("instance/i-0abc");
        assertThat(r.payload(0).get(2).get("invalid").asText()).isEqualTo("not-an-arn");
    }

    @Test
    void chainedOutputs_keepTheirTypesAndFillExecutionOutputs() {
        CliRun r = CliRun.of("run", EXAMPLES + "chained-outputs.yaml");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.step(1).get("Outputs").get("Ids")).extracting(JsonNode::asText).containsExactly("i-0a1", "i-0d4");
        assertThat(r.step(1).get("Outputs").get("Count").get(0).asText()).isEqualTo("2");
        // Step 3's inputs show the typed values it received.
        assertThat(r.step(2).get("Inputs").get("InputPayload").asText()).contains("\"ids\":[\"i-0a1\",\"i-0d4\"]").contains("\"count\":2");
        assertThat(r.execution().get("Outputs").get("Report.Summary").get(0).asText()).isEqualTo("2 instance(s) to stop: i-0a1, i-0d4");
        assertThat(r.execution().get("Outputs").get("Pick.Count").get(0).asText()).isEqualTo("2");
    }

    @Test
    void allowedValues_violation_isInputError() {
        CliRun r = CliRun.of("run", EXAMPLES + "chained-outputs.yaml", "--param", "Environment=dev");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("parameter Environment: value \"dev\" is not one of the allowedValues [\"staging\", \"production\"]");
    }

    @Test
    void onFailure_continueAndJump_followAwsRules() {
        CliRun r = CliRun.of("run", EXAMPLES + "on-failure.yaml");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.execution().get("StepExecutions")).extracting(s -> s.get("StepName").asText() + "=" + s.get("StepStatus").asText())
                .containsExactly("Optional=Failed", "Main=Failed", "CleanUp=Success");
        assertThat(r.execution().get("AutomationExecutionStatus").asText()).isEqualTo("Failed");
        assertThat(r.execution().get("FailureMessage").asText()).startsWith("Step Main (critical) failed: the handler 'handler' raised ValueError");
    }

    @Test
    void outputTypeMismatch_failsNamingOutputSelectorValueAndType() throws Exception {
        Path doc = write("mismatch.yaml", """
                schemaVersion: '0.3'
                mainSteps:
                  - name: S
                    action: aws:executeScript
                    inputs: {Runtime: python3.11, Handler: h, Script: "def h(e, c):\\n    return {'n': 'seven'}"}
                    outputs:
                      - {Name: N, Selector: $.Payload.n, Type: Integer}
                """);
        CliRun r = CliRun.of("run", doc.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.step(0).get("FailureMessage").asText()).isEqualTo("output 'N': selector $.Payload.n found \"seven\", which is not a Integer");
        assertThat(r.step(0).get("FailureDetails").get("FailureType").asText()).isEqualTo("Output");
    }

    @Test
    void outputSelectorFindsNothing_failsTheStep() throws Exception {
        Path doc = write("missing.yaml", """
                schemaVersion: '0.3'
                mainSteps:
                  - name: S
                    action: aws:executeScript
                    inputs: {Runtime: python3.11, Handler: h, Script: "def h(e, c):\\n    return {}"}
                    outputs:
                      - {Name: Id, Selector: $.Payload.id, Type: String}
                """);
        CliRun r = CliRun.of("run", doc.toString());
        assertThat(r.step(0).get("FailureMessage").asText()).isEqualTo("output 'Id': selector $.Payload.id found nothing in the payload (expected a String)");
    }

    @Test
    void maxAttempts_retriesUntilSuccess_isEndStops() throws Exception {
        // A fresh context per attempt: module state does not survive, so the script fails on odd seconds only.
        Path doc = write("retry.yaml", """
                schemaVersion: '0.3'
                mainSteps:
                  - name: Flaky
                    action: aws:executeScript
                    maxAttempts: 3
                    isEnd: true
                    inputs: {Runtime: python3.11, Handler: h, Script: "def h(e, c):\\n    raise RuntimeError('always')"}
                  - name: After
                    action: aws:executeScript
                    inputs: {Runtime: python3.11, Handler: h, Script: "def h(e, c):\\n    return 1"}
                """);
        CliRun r = CliRun.of("run", doc.toString());
        assertThat(r.step(0).get("Attempts").asInt()).isEqualTo(3);
        assertThat(r.execution().get("StepExecutions")).hasSize(1);
        assertThat(r.execution().get("AutomationExecutionStatus").asText()).isEqualTo("Failed");
    }

    @Test
    void nextStep_jumpsAndIsEndEndsTheRun() throws Exception {
        Path doc = write("jump.yaml", """
                schemaVersion: '0.3'
                mainSteps:
                  - name: A
                    action: aws:executeScript
                    nextStep: C
                    inputs: {Runtime: python3.11, Handler: h, Script: "def h(e, c):\\n    return 'a'"}
                  - name: B
                    action: aws:executeScript
                    inputs: {Runtime: python3.11, Handler: h, Script: "def h(e, c):\\n    return 'b'"}
                  - name: C
                    action: aws:executeScript
                    isEnd: true
                    inputs: {Runtime: python3.11, Handler: h, Script: "def h(e, c):\\n    return 'c'"}
                  - name: D
                    action: aws:executeScript
                    inputs: {Runtime: python3.11, Handler: h, Script: "def h(e, c):\\n    return 'd'"}
                """);
        CliRun r = CliRun.of("run", doc.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.execution().get("StepExecutions")).extracting(s -> s.get("StepName").asText()).containsExactly("A", "C");
    }

    @Test
    void checksumMismatch_isInputErrorBeforeAnyStepRuns() throws Exception {
        Files.writeString(dir.resolve("code.py"), "def h(e, c):\n    return 1\n");
        Path doc = write("sum.yaml", """
                schemaVersion: '0.3'
                files:
                  code.py: {checksums: {sha256: '%s'}}
                mainSteps:
                  - name: S
                    action: aws:executeScript
                    inputs: {Runtime: python3.11, Handler: code.h, Attachment: code.py}
                """.formatted("0".repeat(64)));
        CliRun r = CliRun.of("run", doc.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("files.code.py.checksums.sha256: checksum mismatch");
    }

    @Test
    void attachmentsOption_overridesTheDocumentDirectory() throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("code.py"), "def h(e, c):\n    return 'found'\n");
        Path doc = write("att.yaml", """
                schemaVersion: '0.3'
                files:
                  code.py: {}
                mainSteps:
                  - name: S
                    action: aws:executeScript
                    inputs: {Runtime: python3.11, Handler: code.h, Attachment: code.py}
                """);
        assertThat(CliRun.of("run", doc.toString()).stderr()).contains("attachment not found at " + dir.resolve("code.py"));
        CliRun r = CliRun.of("run", doc.toString(), "--attachments", elsewhere.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.payload(0).asText()).isEqualTo("found");
    }

    @Test
    void hostileZip_isInputErrorNamingTheEntry() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("../../escape.py"));
            z.write("x = 1".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("evil.zip"), bytes.toByteArray());
        Path doc = write("evil.yaml", """
                schemaVersion: '0.3'
                files:
                  evil.zip: {}
                mainSteps:
                  - name: S
                    action: aws:executeScript
                    inputs: {Runtime: python3.11, Handler: escape.h, Attachment: evil.zip}
                """);
        CliRun r = CliRun.of("run", doc.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("files.evil.zip: attachment 'evil.zip', entry '../../escape.py': has a '..' path segment");
    }

    @Test
    void zipAttachment_isReadOnlyAndHostStaysInvisible() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("probe.py"));
            z.write("""
                    import os
                    def h(e, c):
                        out = {"cwd": os.getcwd(), "listing": sorted(os.listdir("."))}
                        for name, action in [("write", lambda: open("new.txt", "w")),
                                             ("host", lambda: open("/etc/hostname").read()),
                                             ("hostdir", lambda: os.listdir("/"))]:
                            try:
                                action()
                                out[name] = "allowed"
                            except Exception as ex:
                                out[name] = type(ex).__name__
                        return out
                    """.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("probe.zip"), bytes.toByteArray());
        String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        Path doc = write("probe.yaml", """
                schemaVersion: '0.3'
                files:
                  probe.zip: {checksums: {SHA256: %s}}
                mainSteps:
                  - name: S
                    action: aws:executeScript
                    inputs: {Runtime: python3.11, Handler: probe.h, Attachment: probe.zip}
                """.formatted(sha.toUpperCase()));
        CliRun r = CliRun.of("run", doc.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        JsonNode p = r.payload(0);
        assertThat(p.get("cwd").asText()).isEqualTo("/attachment");
        assertThat(p.get("listing").toString()).isEqualTo("[\"probe.py\"]");
        assertThat(p.get("write").asText()).isNotEqualTo("allowed");
        assertThat(p.get("host").asText()).isNotEqualTo("allowed");
        assertThat(p.get("hostdir").asText()).isNotEqualTo("allowed");
        assertThat(Files.exists(dir.resolve("new.txt"))).isFalse();
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}

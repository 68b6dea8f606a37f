package dev.execscript.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.attachment.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * PowerShell steps through the CLI. The process mechanics use the test double fake-pwsh (a bash script
 * standing in for pwsh, see PowerShellRunnerTest); PowerShell's own semantics are tested against the
 * real pwsh in PowerShellRunnerPwshTest when it is installed.
 */
@EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "fake-pwsh is a bash script")
class PowerShellStepTest {

    @TempDir
    Path dir;

    private Path fakePwsh() throws Exception {
        Path fake = dir.resolve("fake-pwsh");
        Files.copy(Path.of("src/test/resources/powershell/fake-pwsh"), fake, StandardCopyOption.REPLACE_EXISTING);
        fake.toFile().setExecutable(true);
        return fake;
    }

    private Path doc(String script) throws Exception {
        Path doc = dir.resolve("ps.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                mainSteps:
                  - name: Ps
                    action: aws:executeScript
                    timeoutSeconds: 3
                    inputs:
                      Runtime: PowerShell 7.4
                      InputPayload: {items: [1, 2, 3]}
                      Script: |-
                        %s
                """.formatted(script));
        return doc;
    }

    @Test
    void powershellStep_floodWithControlCharacters_isCappedAndEscapedLikePython() throws Exception {
        Path hostile = dir.resolve("hostile.txt");
        Files.writeString(hostile, "\u001b]0;pwned\u0007\r[Other] forged\u0000\n" + ("z".repeat(99) + "\n").repeat(1000));
        Path policy = dir.resolve("policy.yaml");
        // Unconfined: the double reads its fixture from the host's /tmp, which a confined pwsh does not see.
        Files.writeString(policy, "maxOutputBytes: 4KB\nconfinement: off\n");
        CliRun r = CliRun.of("run", doc("#fake: cat " + hostile + "\n        #fake: write-payload '1'").toString(),
                "--pwsh", fakePwsh().toString(), "--policy", policy.toString());

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stderr()).startsWith("[Ps] \\x1b]0;pwned\\x07\\x0d[Other] forged\\x00\n[Ps] zzz")
                .endsWith("[Ps] [execscript: output cut at 4096 bytes (policy maxOutputBytes)]\n");
        assertThat(r.stderr().lines().filter(l -> l.contains("output cut"))).hasSize(1);
        assertThat(r.stderr().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(4096 + 41 * 5 + 100);
        assertThat(r.stderr()).doesNotContainPattern("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]");
        assertThat(r.step(0).get("ScriptOutput").asText()).startsWith("\u001b]0;pwned\u0007\r[Other] forged\u0000\nzzz");
    }

    @Test
    void powershellStep_payloadComesBackInTheSameShapeAsPython() throws Exception {
        CliRun r = CliRun.of("run", doc("#fake: payload-echo").toString(), "--pwsh", fakePwsh().toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.step(0).get("StepStatus").asText()).isEqualTo("Success");
        assertThat(r.payload(0).toString()).isEqualTo("{\"items\":[1,2,3]}");
    }

    @Test
    void powershellStep_longListIsCutTo100LikePython() throws Exception {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < 150; i++) {
            list.append(i == 0 ? "" : ",").append(i);
        }
        CliRun r = CliRun.of("run", doc("#fake: write-payload '" + list + "]'").toString(), "--pwsh", fakePwsh().toString());
        assertThat(r.payload(0)).hasSize(100);
        assertThat(r.step(0).get("PayloadTruncation").asText()).contains("100");
    }

    @Test
    void powershellStep_errorRecordFailsTheStep() throws Exception {
        CliRun r = CliRun.of("run", doc("#fake: error \"boom at line 2\"").toString(), "--pwsh", fakePwsh().toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.step(0).get("StepStatus").asText()).isEqualTo("Failed");
        assertThat(r.step(0).get("FailureMessage").asText()).contains("boom at line 2");
    }

    @Test
    void powershellStep_timeoutEndsTimedOut() throws Exception {
        CliRun r = CliRun.of("run", doc("#fake: sleep 30").toString(), "--pwsh", fakePwsh().toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.step(0).get("StepStatus").asText()).isEqualTo("TimedOut");
        assertThat(r.execution().get("AutomationExecutionStatus").asText()).isEqualTo("TimedOut");
    }

    @Test
    void powershellMissing_stepFailsSayingHowToPointAtIt_pythonStillRuns() {
        CliRun r = CliRun.of("run", "../examples/powershell/powershell.yaml", "--pwsh", dir.resolve("no-such-pwsh").toString());
        assertThat(r.step(0).get("StepStatus").asText()).isEqualTo("Failed");
        CliRun onPath = CliRun.of("run", "../examples/powershell/powershell.yaml");
        if (!onPath.stdout().contains("\"Success\"") || onPath.exitCode() != 0) {
            // Without pwsh on PATH the step says so, and the Python step after it still runs.
            assertThat(onPath.step(0).get("FailureMessage").asText()).startsWith("PowerShell is not installed: there is no pwsh on PATH")
                    .contains("--pwsh PATH");
        }
        assertThat(r.step(1).get("StepStatus").asText()).isEqualTo("Success");
    }

    /** A document whose PowerShell step has a zip attachment, declared with its checksum. */
    private Path zipDoc(byte[] zip, String script) throws Exception {
        Files.write(dir.resolve("files.zip"), zip);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
        Path doc = dir.resolve("ps-zip.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                files:
                  files.zip: {checksums: {sha256: %s}}
                mainSteps:
                  - name: Ps
                    action: aws:executeScript
                    timeoutSeconds: 10
                    inputs:
                      Runtime: PowerShell 7.0
                      Attachment: files.zip
                      Script: |-
                        %s
                """.formatted(sha, script.replace("\n", "\n        ")));
        return doc;
    }

    @Test
    void powershellStep_zipAttachment_isUnpackedAsTheWorkingDirectory() throws Exception {
        Path doc = zipDoc(Zips.zipOfText("data/hello.txt", "hello from the zip", "empty/", ""),
                "#fake: pwd\n#fake: cat data/hello.txt\n#fake: write-payload '1'");
        CliRun r = CliRun.of("run", doc.toString(), "--pwsh", fakePwsh().toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.step(0).get("ScriptOutput").asText()).contains("./data/hello.txt", "./empty", "hello from the zip");
    }

    @Test
    void powershellStep_hostileZip_isRefusedBeforeAnyStepNamingTheEntry() throws Exception {
        Path doc = zipDoc(Zips.zipOfText("a", "a file", "a/b.ps1", "used as a directory"), "#fake: write-payload '1'");
        CliRun r = CliRun.of("run", doc.toString(), "--pwsh", fakePwsh().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("files.zip: attachment 'files.zip', entry 'a': is a file, but entry 'a/b.ps1' uses it as a directory");
    }

    @Test
    void powershellStep_attachmentChangedOnDiskAfterItsCheck_theCheckedBytesAreWhatRuns() throws Exception {
        byte[] zip = Zips.zipOfText("data/hello.txt", "hello from the checked zip");
        Path file = Files.write(dir.resolve("files.zip"), zip);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
        Path doc = dir.resolve("swap.yaml");
        // The first step overwrites the attachment file (the test double can write anywhere); the second uses it.
        Files.writeString(doc, """
                schemaVersion: '0.3'
                files:
                  files.zip: {checksums: {sha256: %s}}
                mainSteps:
                  - name: Swap
                    action: aws:executeScript
                    inputs:
                      Runtime: PowerShell 7.0
                      Attachment: files.zip
                      Script: |-
                        #fake: write-file %s
                        #fake: write-payload '1'
                  - name: Use
                    action: aws:executeScript
                    inputs:
                      Runtime: PowerShell 7.0
                      Attachment: files.zip
                      Script: |-
                        #fake: cat data/hello.txt
                        #fake: write-payload '2'
                """.formatted(sha, file));

        // Unconfined, so that the double can overwrite the file (a confined pwsh sees the disk read-only).
        Path unconfined = dir.resolve("unconfined.yaml");
        Files.writeString(unconfined, "confinement: off\n");
        CliRun r = CliRun.of("run", doc.toString(), "--pwsh", fakePwsh().toString(), "--policy", unconfined.toString());

        assertThat(Files.readString(file)).isEqualTo("written by fake-pwsh\n");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.step(1).get("ScriptOutput").asText()).contains("hello from the checked zip");
    }
}

package dev.execscript.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtimes AWS no longer runs (python3.6-3.9, PowerShell Core 6.0, 7.0, 7.2) or does not list (python3.12):
 * accepted and run with a note in the step's result and on stderr, or refused under strictRuntimes.
 */
class RuntimeNotesTest {

    private static final String PYTHON38_NOTE =
            "Runtime python3.8, which AWS no longer runs (since 2025-09-10); AWS runs python3.10 and python3.11 today";

    @TempDir
    Path dir;

    /** Two steps: First (python3.11) prints "first ran"; Second uses {@code runtime}, on line 15. */
    private Path doc(String runtime) throws Exception {
        Path doc = dir.resolve("Doc.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                mainSteps:
                  - name: First
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: handler
                      Script: |-
                        def handler(events, context):
                            print("first ran")
                            return {}
                  - name: Second
                    action: aws:executeScript
                    inputs:
                      Runtime: %s
                      Handler: handler
                      InputPayload: {n: 2}
                      Script: |-
                        def handler(events, context):
                            return {"n": events["n"]}
                """.formatted(runtime));
        return doc;
    }

    @Test
    void run_retiredPythonRuntime_succeedsWithNoteInStepAndOneStderrLine() throws Exception {
        Path doc = doc("python3.8");
        CliRun r = CliRun.of("run", doc.toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.step(1).get("StepStatus").asText()).isEqualTo("Success");
        assertThat(r.payload(1).toString()).isEqualTo("{\"n\":2}");
        assertThat(r.step(1).get("Notes")).hasSize(1);
        assertThat(r.step(1).get("Notes").get(0).asText()).isEqualTo(PYTHON38_NOTE);
        assertThat(r.step(0).has("Notes")).as("python3.11 is current").isFalse();
        String line = "execscript: " + doc + ":15: step 'Second' uses " + PYTHON38_NOTE;
        assertThat(r.stderr().lines().filter(l -> l.startsWith("execscript:"))).containsExactly(line);
        // Said before the run: ahead of what the first step prints.
        assertThat(r.stderr().indexOf(line)).isLessThan(r.stderr().indexOf("[First] first ran"));
    }

    @Test
    void run_currentPythonRuntime_hasNoNoteAndNothingOnStderrButOutput() throws Exception {
        CliRun r = CliRun.of("run", doc("python3.10").toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.step(0).has("Notes")).isFalse();
        assertThat(r.step(1).has("Notes")).isFalse();
        assertThat(r.stderr()).isEqualTo("[First] first ran\n");
    }

    @Test
    void run_unlistedPython312_notesThatAwsDoesNotListIt() throws Exception {
        CliRun r = CliRun.of("run", doc("python3.12").toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.step(1).get("Notes").get(0).asText()).isEqualTo(
                "Runtime python3.12, which AWS does not list for aws:executeScript; AWS runs python3.10 and python3.11 today");
        assertThat(r.stderr()).contains(":15: step 'Second' uses Runtime python3.12, which AWS does not list");
    }

    @Test
    void run_retiredRuntimeWithStrictRuntimesOption_exits2NamingFileLineAndFieldBeforeAnyStep() throws Exception {
        Path doc = doc("python3.8");
        CliRun r = CliRun.of("run", doc.toString(), "--strict-runtimes");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo("execscript: " + doc + ":15: mainSteps[1].inputs.Runtime: " + PYTHON38_NOTE
                + " (refused: strictRuntimes is on)\n");
    }

    @Test
    void run_retiredRuntimeWithStrictRuntimesPolicy_exits2NamingFileLineAndField() throws Exception {
        Path doc = doc("python3.9");
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "strictRuntimes: true\n");
        CliRun r = CliRun.of("run", doc.toString(), "--policy", policy.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("execscript: " + doc + ":15: mainSteps[1].inputs.Runtime: Runtime python3.9, "
                + "which AWS no longer runs (since 2025-09-10)").doesNotContain("[First]");
    }

    @Test
    void run_currentRuntimeWithStrictRuntimes_runs() throws Exception {
        CliRun r = CliRun.of("run", doc("python3.11").toString(), "--strict-runtimes");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.step(1).get("StepStatus").asText()).isEqualTo("Success");
    }

    @Test
    void run_strictRuntimesOverSeveralDocuments_refusesBeforeTheFirstRuns() throws Exception {
        Path good = dir.resolve("Good.yaml");
        Files.writeString(good, Files.readString(doc("python3.11")));
        Path old = doc("python3.7");
        CliRun r = CliRun.of("run", good.toString(), old.toString(), "--strict-runtimes");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("execscript: " + old + ":15: mainSteps[1].inputs.Runtime: Runtime python3.7")
                .doesNotContain("[First]");
    }

    @Test
    void run_onlyStepOfRetiredRuntime_keepsTheFileLineAndField() throws Exception {
        Path doc = doc("python3.6");
        CliRun r = CliRun.of("run", doc.toString(), "--step", "Second", "--payload", "{\"n\": 5}", "--strict-runtimes");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("execscript: " + doc + ":15: mainSteps[1].inputs.Runtime: Runtime python3.6");
    }

    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "fake-pwsh is a bash script")
    @Test
    void run_powershell70_runsWithNoteAndIsRefusedWhenStrict() throws Exception {
        Path fake = dir.resolve("fake-pwsh");
        Files.copy(Path.of("src/test/resources/powershell/fake-pwsh"), fake, StandardCopyOption.REPLACE_EXISTING);
        fake.toFile().setExecutable(true);
        Path doc = dir.resolve("Ps.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                mainSteps:
                  - name: Ps
                    action: aws:executeScript
                    inputs:
                      InputPayload: {a: 1}
                      Runtime: PowerShell 7.0
                      Script: |-
                        #fake: payload-echo
                """);
        String note = "Runtime PowerShell 7.0, which AWS no longer runs; AWS runs PowerShell 7.4 today";

        CliRun ran = CliRun.of("run", doc.toString(), "--pwsh", fake.toString());
        assertThat(ran.exitCode()).as(ran.stderr()).isZero();
        assertThat(ran.step(0).get("StepStatus").asText()).isEqualTo("Success");
        assertThat(ran.payload(0).toString()).isEqualTo("{\"a\":1}");
        assertThat(ran.step(0).get("Notes").get(0).asText()).isEqualTo(note);
        assertThat(ran.stderr()).isEqualTo("execscript: " + doc + ":7: step 'Ps' uses " + note + "\n");

        CliRun refused = CliRun.of("run", doc.toString(), "--pwsh", fake.toString(), "--strict-runtimes");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr()).isEqualTo("execscript: " + doc + ":7: mainSteps[0].inputs.Runtime: " + note
                + " (refused: strictRuntimes is on)\n");
    }
}

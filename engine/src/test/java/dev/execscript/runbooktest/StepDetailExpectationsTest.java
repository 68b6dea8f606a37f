package dev.execscript.runbooktest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.embed.ExecScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step's failure stage and exception type, payloadTruncated, scriptOutput, attempts and several message fragments,
 * checked on real runs: each passes when it holds, and each fails at its own path when it does not.
 */
class StepDetailExpectationsTest {

    static final String RUNBOOK = """
            schemaVersion: '0.3'
            mainSteps:
            - name: Raise
              action: aws:executeScript
              maxAttempts: 2
              onFailure: Continue
              inputs:
                Runtime: python3.11
                Handler: h
                Script: |
                  def h(events, context):
                      print('about to raise')
                      raise KeyError('no such key: size')
            - name: Big
              action: aws:executeScript
              inputs:
                Runtime: python3.11
                Handler: h
                Script: |
                  def h(events, context):
                      return 'x' * 200000
            """;

    static final String CASES = """
            document: runbook.yaml
            cases:
              - name: all hold
                expect:
                  status: Success
                  steps:
                    Raise:
                      status: Failed
                      attempts: 2
                      scriptOutput: about to raise
                      failure: {type: Action, stage: Invocation, exception: KeyError, message: [no such key, size]}
                    Big: {status: Success, payloadTruncated: true}
              - name: none hold
                expect:
                  status: Success
                  failureMessage: [never, said]
                  steps:
                    Raise:
                      attempts: 1
                      scriptOutput: [about to raise, something else]
                      failure: {stage: Inputs, exception: ValueError, message: [no such key, not said]}
                    Big: {payloadTruncated: false}
            """;

    static ExecScript engine;

    @TempDir
    static Path dir;

    static Map<String, CaseResult> results;

    @BeforeAll
    static void run() throws Exception {
        engine = ExecScript.builder().build();
        Files.writeString(dir.resolve("runbook.yaml"), RUNBOOK);
        RunbookTestFile file = RunbookTestFile.load(Files.writeString(dir.resolve("runbook.test.yaml"), CASES), engine.policy().pythonPath());
        results = new RunbookTestRunner(engine).run(List.of(file), 1, RunbookTestRunner.Listener.NONE).stream()
                .collect(Collectors.toMap(CaseResult::name, Function.identity()));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void stepDetails_allHold_casePasses() {
        assertThat(results.get("all hold").report()).isEmpty();
        assertThat(results.get("all hold").passed()).isTrue();
    }

    @Test
    void stepDetails_noneHold_eachIsAMismatchAtItsPath() {
        CaseResult r = results.get("none hold");
        assertThat(r.outcome()).isEqualTo(CaseResult.Outcome.FAILED);
        assertThat(r.mismatches()).extracting(Mismatch::path).containsExactly(
                "$.failureMessage", "$.failureMessage",
                "$.steps.Raise.failure.stage", "$.steps.Raise.failure.exception", "$.steps.Raise.failure.message",
                "$.steps.Raise.scriptOutput", "$.steps.Raise.attempts",
                "$.steps.Big.payloadTruncated");
        assertThat(r.mismatches().get(0).actual()).isEqualTo("none");
        assertThat(r.mismatches().get(2).text()).isEqualTo("$.steps.Raise.failure.stage: expected Inputs, got Invocation");
        assertThat(r.mismatches().get(3).text()).isEqualTo("$.steps.Raise.failure.exception: expected ValueError, got KeyError");
        assertThat(r.mismatches().get(4).expected()).isEqualTo("text containing \"not said\"");
        assertThat(r.mismatches().get(5).expected()).isEqualTo("text containing \"something else\"");
        assertThat(r.mismatches().get(6).text()).isEqualTo("$.steps.Raise.attempts: expected 1, got 2");
        assertThat(r.mismatches().get(7).expected()).isEqualTo("false");
        assertThat(r.mismatches().get(7).actual()).startsWith("true (");
    }
}

package dev.execscript.runbooktest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.execscript.embed.ExecScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** Runbook test cases run on a real engine (steps without AWS calls, so that they are quick). */
class RunbookTestRunnerTest {

    static final String RUNBOOK = RunbookTestRunnerTestFixtures.RUNBOOK;

    static final String CASES = """
            document: runbook.yaml
            cases:
              - name: two items
                expect:
                  status: Success
                  steps: {Make: {outputs: {Items: [item-0, item-1]}}, Done: {payload: done}, After: notReached}
                  outputs: {Make.Items: [item-0, {matches: 'item-[0-9]'}]}
              - name: wrong count expected
                parameters: {Count: 3}
                expect:
                  status: Success
                  outputs: {Make.Items: [item-0, item-1]}
              - name: negative count fails
                parameters: {Count: -1}
                expect:
                  status: Failed
                  failureMessage: Step Make failed
                  steps:
                    Make: {status: Failed, failure: {type: Action, message: 'negative count: -1'}}
                    Done: notReached
              - name: expected success but it fails
                parameters: {Count: -5}
                expect:
                  status: Success
                  steps: {Done: Success}
            """;

    static ExecScript engine;

    @TempDir
    static Path dir;

    static RunbookTestFile file;

    @BeforeAll
    static void start() throws Exception {
        engine = ExecScript.builder().build();
        Files.writeString(dir.resolve("runbook.yaml"), RUNBOOK);
        file = RunbookTestFile.load(Files.writeString(dir.resolve("runbook.test.yaml"), CASES), engine.policy().pythonPath());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void run_casesInParallel_resultsInCaseOrderWithWhatDiffered() {
        List<String> finished = Collections.synchronizedList(new ArrayList<>());
        List<CaseResult> results = new RunbookTestRunner(engine).run(List.of(file), 2, new RunbookTestRunner.Listener() {
            @Override
            public void finished(CaseResult result) {
                finished.add(result.name());
            }
        });
        assertThat(results).extracting(CaseResult::name).containsExactly("two items", "wrong count expected", "negative count fails",
                "expected success but it fails");
        assertThat(finished).hasSize(4);
        assertThat(results).extracting(CaseResult::outcome).containsExactly(CaseResult.Outcome.PASSED, CaseResult.Outcome.FAILED,
                CaseResult.Outcome.PASSED, CaseResult.Outcome.FAILED);
        assertThat(results.get(1).report()).isEqualTo("$.outputs['Make.Items']: expected 2 items [\"item-0\",\"item-1\"], "
                + "got 3 items [\"item-0\",\"item-1\",\"item-2\"]");
        assertThat(results.get(3).mismatches()).extracting(Mismatch::path).containsExactly("$.status", "$.steps.Done");
        assertThat(results.get(3).mismatches().get(0).actual()).startsWith("Failed (Step Make failed: ").contains("negative count: -5");
        assertThat(results.get(3).mismatches().get(1).text()).isEqualTo("$.steps.Done: expected the step runs and ends Success, got notReached");
        assertThat(results.get(0).execution().steps()).extracting(s -> s.stepName()).containsExactly("Make", "Done");
    }

    @Test
    void run_closedEngine_caseIsAnErrorNotAnException() {
        ExecScript closed = ExecScript.builder().prepareContexts(false).build();
        closed.close();
        CaseResult result = new RunbookTestRunner(closed).run(file, file.cases().get(0));
        assertThat(result.outcome()).isEqualTo(CaseResult.Outcome.ERROR);
        assertThat(result.report()).contains("this ExecScript is closed");
    }

    @Test
    void dynamicTests_oneTestPerCase_failingCaseFailsWithTheDiff() throws Throwable {
        List<DynamicTest> tests = RunbookDynamicTests.of(engine, dir.resolve("runbook.test.yaml")).collect(Collectors.toList());
        assertThat(tests).extracting(DynamicTest::getDisplayName).containsExactly("two items", "wrong count expected", "negative count fails",
                "expected success but it fails");
        assertThat(tests.get(0).getTestSourceUri()).contains(dir.resolve("runbook.test.yaml").toUri());
        tests.get(0).getExecutable().execute();
        assertThatThrownBy(() -> tests.get(1).getExecutable().execute()).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("runbook.test.yaml > wrong count expected\n$.outputs['Make.Items']: expected 2 items");
    }

    @Test
    void junitXml_failedCases_writtenAsFailuresWithTheDiff() throws IOException {
        List<CaseResult> results = new RunbookTestRunner(engine).run(List.of(file), 1, RunbookTestRunner.Listener.NONE);
        Path xml = dir.resolve("report.xml");
        JUnitXmlReport.write(results, java.time.LocalDateTime.of(2026, 1, 2, 3, 4, 5), xml);
        String text = Files.readString(xml);
        assertThat(text).contains("<testsuite name=\"" + file.path() + "\"").contains("tests=\"4\" failures=\"2\" errors=\"0\"")
                .contains("timestamp=\"2026-01-02T03:04:05\"")
                .contains("<failure message=\"$.outputs['Make.Items']: expected 2 items [&quot;item-0&quot;")
                .contains("type=\"RunbookTestFailure\">$.status: expected Success, got Failed (Step Make failed: ");
        assertThat(JUnitXmlReport.clean("a\u0001b\uD800c\n")).isEqualTo("a\\u0001b\\ud800c\n");
    }
}

package dev.execscript.runbooktest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.execscript.document.DocumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading runbook test files: what a valid file gives, and every broken file is an error naming file, line and field. */
class RunbookTestFileTest {

    private static final String RUNBOOK = """
            schemaVersion: '0.3'
            parameters:
              Name: {type: String, default: ada, allowedPattern: '^[a-z]+$'}
            mainSteps:
            - name: First
              action: aws:executeScript
              inputs:
                Runtime: python3.11
                Handler: h
                Script: |
                  def h(events, context):
                      return {'n': 1}
              outputs:
              - {Name: N, Selector: $.Payload.n, Type: Integer}
            - name: Second
              action: aws:executeScript
              inputs: {Runtime: python3.11, Handler: h, Script: "def h(e, c):\\n    return 2\\n"}
            outputs:
            - First.N
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void writeRunbook() throws IOException {
        Files.writeString(dir.resolve("runbook.yaml"), RUNBOOK);
    }

    private Path testFile(String text) throws IOException {
        return Files.writeString(dir.resolve("runbook.test.yaml"), text);
    }

    private DocumentException brokenFile(String text) throws IOException {
        Path file = testFile(text);
        try {
            RunbookTestFile.load(file, List.of());
        } catch (DocumentException e) {
            assertThat(e.source()).isEqualTo(file.toString());
            return e;
        }
        throw new AssertionError("no error for\n" + text);
    }

    @Test
    void load_validFile_readsCasesInOrderWithParametersAndAnswers() throws Exception {
        Path file = testFile("""
                document: runbook.yaml
                cases:
                  - name: one
                    parameters: {Name: ada}
                    aws:
                      ssm:GetParameter:
                        - response: {Parameter: {Value: x}}
                    expect: {status: Success, steps: {First: Success, Second: notReached}, outputs: {First.N: 1}}
                  - name: two
                    expect:
                      status: Failed
                      awsCalls: {anyOrder: [ssm:GetParameter]}
                      notCalled: [ec2:TerminateInstances]
                """);
        RunbookTestFile loaded = RunbookTestFile.load(file, List.of());
        assertThat(loaded.cases()).extracting(RunbookTestCase::name).containsExactly("one", "two");
        assertThat(loaded.cases().get(0).line()).isEqualTo(3);
        assertThat(loaded.cases().get(0).parameters().get("Name").asText()).isEqualTo("ada");
        assertThat(loaded.cases().get(0).awsResponses().isEmpty()).isFalse();
        assertThat(loaded.cases().get(1).awsResponses().isEmpty()).isTrue();
        assertThat(loaded.runbook().stepNames()).containsExactly("First", "Second");
    }

    @Test
    void load_unknownKeyInExpect_errorNamesLineAndField() throws IOException {
        DocumentException e = brokenFile("""
                document: runbook.yaml
                cases:
                  - name: one
                    expect:
                      status: Success
                      stauts: Failed
                """);
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.field()).isEqualTo("cases[0].expect.stauts");
        assertThat(e.problem()).contains("unknown key 'stauts'").contains("status, failureMessage, steps");
    }

    @Test
    void load_unknownKeyAtTopAndInCase_errors() throws IOException {
        assertThat(brokenFile("document: runbook.yaml\ncase: []\n").problem()).contains("unknown key 'case'");
        DocumentException e = brokenFile("document: runbook.yaml\ncases:\n  - name: a\n    params: {}\n    expect: {status: Success}\n");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("cases[0].params");
    }

    @Test
    void load_missingDocument_errorNamesTheDocumentLine() throws IOException {
        DocumentException e = brokenFile("# tests\ndocument: nowhere.yaml\ncases:\n  - {name: a, expect: {status: Success}}\n");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.field()).isEqualTo("document");
        assertThat(e.problem()).contains("no such file").contains("nowhere.yaml").contains("relative to this file");
    }

    @Test
    void load_stepTheDocumentLacks_errorListsItsSteps() throws IOException {
        DocumentException e = brokenFile("""
                document: runbook.yaml
                cases:
                  - name: a
                    expect:
                      status: Success
                      steps:
                        Frist: Success
                """);
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.field()).isEqualTo("cases[0].expect.steps.Frist");
        assertThat(e.problem()).isEqualTo("the runbook has no step 'Frist' (it has First, Second)");
    }

    @Test
    void load_invalidPattern_errorNamesThePatternsLine() throws IOException {
        DocumentException e = brokenFile("""
                document: runbook.yaml
                cases:
                  - name: a
                    expect:
                      status: Success
                      steps:
                        First:
                          payload:
                            n: {matches: '[0-9'}
                """);
        assertThat(e.line()).isEqualTo(9);
        assertThat(e.field()).isEqualTo("cases[0].expect.steps.First.payload.n.matches");
        assertThat(e.problem()).startsWith("invalid pattern: Unclosed character class");
    }

    @Test
    void load_outputTheDocumentLacks_error() throws IOException {
        DocumentException e = brokenFile("document: runbook.yaml\ncases:\n  - name: a\n    expect: {status: Success, outputs: {Second.N: 1}}\n");
        assertThat(e.field()).isEqualTo("cases[0].expect.outputs.Second.N");
        assertThat(e.problem()).contains("the runbook's document outputs are First.N");
        DocumentException step = brokenFile("document: runbook.yaml\ncases:\n  - name: a\n    expect: {status: Success, steps: {First: {outputs: {M: 1}}}}\n");
        assertThat(step.problem()).contains("outputs of step First are N");
    }

    @Test
    void load_badStatusesAndFailureType_errorsListTheValues() throws IOException {
        assertThat(brokenFile("document: runbook.yaml\ncases:\n  - {name: a, expect: {status: Succeeded}}\n").problem())
                .contains("one of Success, Failed, TimedOut, Cancelled");
        assertThat(brokenFile("document: runbook.yaml\ncases:\n  - {name: a, expect: {status: Success, steps: {First: skipped}}}\n").problem())
                .contains("notReached");
        assertThat(brokenFile("document: runbook.yaml\ncases:\n  - {name: a, expect: {status: Failed, steps: {First: {failure: {type: Crash}}}}}\n")
                .problem()).contains("type is one of Verification, Action, Timeout");
        assertThat(brokenFile("document: runbook.yaml\ncases:\n  - {name: a}\n").problem()).isEqualTo("expect is required");
    }

    @Test
    void load_badStepDetails_errorsNameTheFieldAndWhatItTakes() throws IOException {
        String head = "document: runbook.yaml\ncases:\n  - name: a\n    expect:\n      status: Failed\n      steps:\n        First:\n";
        assertThat(brokenFile(head + "          failure: {stage: Running}\n").problem())
                .isEqualTo("stage is one of PreVerification, Inputs, Invocation, PostVerification");
        assertThat(brokenFile(head + "          failure: {exception: [KeyError]}\n").problem()).isEqualTo("text expected");
        DocumentException message = brokenFile(head + "          failure: {message: []}\n");
        assertThat(message.line()).isEqualTo(8);
        assertThat(message.problem()).isEqualTo("a fragment of the text, or a list of fragments it must each contain");
        assertThat(brokenFile(head + "          scriptOutput: [ok, 3]\n").problem()).isEqualTo("text expected");
        assertThat(brokenFile(head + "          attempts: 0\n").problem()).contains("a whole number, at least 1");
        assertThat(brokenFile(head + "          payloadTruncated: 'yes'\n").problem()).contains("payloadTruncated is true");
        assertThat(brokenFile(head + "          awsCalls: [{call: 'ssm:GetParameter', answer: 200}]\n").problem()).isEqualTo("text expected");
    }

    @Test
    void load_parameterNotDeclaredOrInvalid_errorAtTheParameter() throws IOException {
        DocumentException undeclared = brokenFile("document: runbook.yaml\ncases:\n  - name: a\n    parameters:\n      Nmae: x\n    expect: {status: Success}\n");
        assertThat(undeclared.line()).isEqualTo(5);
        assertThat(undeclared.problem()).isEqualTo("the runbook declares no parameter 'Nmae' (it has Name)");
        DocumentException invalid = brokenFile("document: runbook.yaml\ncases:\n  - name: a\n    parameters: {Name: ADA}\n    expect: {status: Success}\n");
        assertThat(invalid.line()).isEqualTo(4);
        assertThat(invalid.problem()).contains("allowedPattern");
    }

    @Test
    void load_misspeltOperation_errorWithSuggestion() throws IOException {
        DocumentException e = brokenFile("document: runbook.yaml\ncases:\n  - name: a\n    expect:\n      status: Success\n      notCalled: [ec2:TerminateInstance]\n");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.field()).isEqualTo("cases[0].expect.notCalled[0]");
        assertThat(e.problem()).contains("unknown operation 'TerminateInstance' of ec2").contains("TerminateInstances");
        DocumentException call = brokenFile("document: runbook.yaml\ncases:\n  - name: a\n    expect:\n      status: Success\n      awsCalls:\n"
                + "        - {call: ec2:DescribeInstances, step: Third}\n");
        assertThat(call.field()).isEqualTo("cases[0].expect.awsCalls[0].step");
        DocumentException order = brokenFile("document: runbook.yaml\ncases:\n  - name: a\n    expect:\n      status: Success\n      awsCalls: {inAnyOrder: []}\n");
        assertThat(order.problem()).contains("exactly, anyOrder or including");
    }

    @Test
    void load_inlineAnswersCheckedAgainstBotocore_errorOnTheTestFilesLine() throws IOException {
        DocumentException e = brokenFile("""
                document: runbook.yaml
                cases:
                  - name: a
                    aws:
                      ec2:DescribeInstances:
                        - response:
                            Reservation: []
                    expect: {status: Success}
                """);
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.field()).isEqualTo("cases[0].aws.ec2:DescribeInstances[0].response.Reservation");
        assertThat(e.problem()).contains("unknown key 'Reservation' in DescribeInstancesResult (did you mean Reservations");
    }

    @Test
    void load_answersByPath_readFromTheFileRelativeToTheTestFile() throws Exception {
        Files.writeString(dir.resolve("answers.yaml"), "ssm:GetParameter:\n  - response: {Parameter: {Value: x}}\n");
        Path file = testFile("document: runbook.yaml\naws: answers.yaml\ncases:\n  - {name: a, expect: {status: Success}}\n");
        assertThat(RunbookTestFile.load(file, List.of()).cases().get(0).awsResponses().source()).isEqualTo(dir.resolve("answers.yaml").toString());
        DocumentException missing = brokenFile("document: runbook.yaml\naws: nothing.yaml\ncases:\n  - {name: a, expect: {status: Success}}\n");
        assertThat(missing.line()).isEqualTo(2);
        assertThat(missing.problem()).contains("no such AWS responses file");
        Files.writeString(dir.resolve("answers.yaml"), "ssm:GetParam:\n  - response: {Parameter: {Value: x}}\n");
        Path usesBadAnswers = testFile("document: runbook.yaml\naws: answers.yaml\ncases:\n  - {name: a, expect: {status: Success}}\n");
        assertThatThrownBy(() -> RunbookTestFile.load(usesBadAnswers, List.of())).isInstanceOfSatisfying(DocumentException.class, bad -> {
            assertThat(bad.source()).isEqualTo(dir.resolve("answers.yaml").toString());
            assertThat(bad.line()).isEqualTo(2);
            assertThat(bad.problem()).contains("unknown operation 'GetParam' of ssm");
        });
    }

    @Test
    void load_duplicateCaseName_errorNamesTheFirst() throws IOException {
        DocumentException e = brokenFile("document: runbook.yaml\ncases:\n  - {name: a, expect: {status: Success}}\n  - {name: a, expect: {status: Success}}\n");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.problem()).contains("already the name of the case on line 3");
    }

    @Test
    void find_directory_findsTestFilesByNameSortedSkippingHiddenDirectories() throws Exception {
        Files.createDirectories(dir.resolve("b/.hidden"));
        Files.createDirectories(dir.resolve("a"));
        for (String name : List.of("b/x.test.yaml", "a/y.test.json", "a/z.test.yml", "b/.hidden/h.test.yaml", "a/plain.yaml", "a/test.yaml")) {
            Files.writeString(dir.resolve(name), "x");
        }
        assertThat(RunbookTestFile.find(List.of(dir))).containsExactly(dir.resolve("a/y.test.json"), dir.resolve("a/z.test.yml"),
                dir.resolve("b/x.test.yaml"));
        assertThat(RunbookTestFile.find(List.of(dir.resolve("a/plain.yaml")))).containsExactly(dir.resolve("a/plain.yaml"));
        assertThatThrownBy(() -> RunbookTestFile.find(List.of(dir.resolve("missing")))).hasMessageContaining("no such file or directory");
    }

    @Test
    void load_example_hasItsFiveCases() throws DocumentException {
        RunbookTestFile example = RunbookTestFile.load(Path.of("../examples/runbook-tests/stop-idle-instance.test.yaml"), List.of());
        assertThat(example.cases()).hasSize(5);
        assertThat(example.runbook().stepNames()).containsExactly("CheckInstance", "StopInstance", "TagInstance", "ReportFailure");
    }
}

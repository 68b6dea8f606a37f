package dev.execscript.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.execution.AutomationExecution;
import dev.execscript.execution.StepExecution;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.StepStatus;
import dev.execscript.spec.JsonText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payload from the handler to what a run shows (OutputPayload, named outputs, the printed execution, the
 * next step's events): the encoder's json.dumps text must arrive unchanged, never re-read into something less.
 */
class PayloadFidelityRunTest {

    private static ExecScript engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        engine = ExecScript.builder().policy(ScriptPolicy.builder().poolSize(0).build()).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** One step named s returning {@code expression}, with {@code outputs} (YAML lines) if any. */
    private AutomationExecution run(String expression, String outputs) throws Exception {
        Path doc = dir.resolve("payload.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                mainSteps:
                  - name: s
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: handler
                      Script: |-
                        def handler(events, context):
                            return %s
                %s""".formatted(expression, outputs));
        return engine.run(Runbook.load(doc), Map.of());
    }

    private static String outputPayload(AutomationExecution e) {
        StepExecution step = e.steps().getFirst();
        assertThat(step.status()).as(step.failureMessage()).isEqualTo(StepStatus.Success);
        return step.outputs().get("OutputPayload").getFirst();
    }

    /** What the command line prints survives encoding as UTF-8: no lone surrogate left raw to become "?". */
    private static void assertPrintable(AutomationExecution e) {
        String printed = e.toJson();
        assertThat(new String(printed.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(printed);
        String line = JsonText.write(e.toJsonTree());
        assertThat(new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(line);
    }

    @Test
    void run_loneSurrogateKeysAndValues_keptDistinctAndEscapedEverywhere() throws Exception {
        AutomationExecution e = run("{'\\ud800': 1, '\\udc00': 2, 'v': 'a\\udfffb'}", """
                    outputs:
                      - Name: V
                        Selector: $.Payload.v
                        Type: String
                """);
        assertThat(outputPayload(e)).isEqualTo("{\"Payload\":{\"\\ud800\":1,\"\\udc00\":2,\"v\":\"a\\udfffb\"}}");
        assertThat(e.steps().getFirst().outputs().get("V")).containsExactly("a\udfffb");
        assertPrintable(e);
        JsonNode printed = JsonText.parse(e.toJson()).path("AutomationExecution").path("StepExecutions").get(0).path("Outputs");
        assertThat(printed.path("V").get(0).asText()).isEqualTo("a\udfffb");
        assertThat(JsonText.parse(printed.path("OutputPayload").get(0).asText()).path("Payload").properties()).hasSize(3);
    }

    @Test
    void run_outputWithLoneSurrogate_reachesTheNextStepUnchanged() throws Exception {
        Path doc = dir.resolve("chain.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                mainSteps:
                  - name: first
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: handler
                      Script: |-
                        def handler(events, context):
                            return {'v': 'a\\udfffb'}
                    outputs:
                      - Name: V
                        Selector: $.Payload.v
                        Type: String
                  - name: second
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: handler
                      InputPayload:
                        v: '{{ first.V }}'
                      Script: |-
                        def handler(events, context):
                            return [events['v'] == 'a\\udfffb', len(events['v'])]
                """);
        AutomationExecution e = engine.run(Runbook.load(doc), Map.of());
        assertThat(e.steps().get(1).outputs().get("OutputPayload")).containsExactly("{\"Payload\":[true,3]}");
    }

    @Test
    void run_keysCollidingAfterConversion_bothKeptAsJsonDumpsWritesThem() throws Exception {
        assertThat(outputPayload(run("{1: 'a', '1': 'b', None: 'c', 'null': 'd'}", "")))
                .isEqualTo("{\"Payload\":{\"1\":\"a\",\"1\":\"b\",\"null\":\"c\",\"null\":\"d\"}}");
    }

    @Test
    void run_floats_writtenAsPythonWritesThem() throws Exception {
        assertThat(outputPayload(run("[1e16, 1e-05, -0.0, 5e-324, 1e308, 0.1]", "")))
                .isEqualTo("{\"Payload\":[1e+16,1e-05,-0.0,5e-324,1e+308,0.1]}");
    }

    @Test
    void run_intOfThousandsOfDigits_keptExactly() throws Exception {
        // Jackson reads at most 1,000 digits by default: the payload used to become null on a successful step
        assertThat(outputPayload(run("{'n': [10**4299, -(10**4300 - 1)]}", "")))
                .isEqualTo("{\"Payload\":{\"n\":[1" + "0".repeat(4299) + ",-" + "9".repeat(4300) + "]}}");
    }

    @Test
    void run_intOverDigitLimitNested_failsStepNamingPath() throws Exception {
        StepExecution step = run("{'a': [0, 1, 2, 10**4300]}", "").steps().getFirst();
        assertThat(step.status()).isEqualTo(StepStatus.Failed);
        assertThat(step.failureMessage()).isEqualTo("the handler's return value cannot be the output payload: int at $.a[3]"
                + " has more than 4300 digits: json.dumps raises ValueError (Exceeds the limit (4300 digits) for integer"
                + " string conversion)");
    }

    @Test
    void run_thousandLevelsOfNesting_keptAndPrinted() throws Exception {
        // 999 dicts around a list: the deepest payload the encoder accepts, inside {"Payload": ...}
        AutomationExecution e = run("__import__('functools').reduce(lambda acc, _: {'k': acc}, range(999), [])", "");
        assertThat(outputPayload(e)).isEqualTo("{\"Payload\":" + "{\"k\":".repeat(999) + "[]" + "}".repeat(999) + "}");
        assertPrintable(e);
    }
}

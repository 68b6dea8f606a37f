package dev.execscript.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.execscript.document.DocumentException;
import dev.execscript.execution.AutomationExecution;
import dev.execscript.execution.StepExecution;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.StepStatus;
import dev.execscript.spec.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/** Runbooks run from Java through {@link ExecScript}, as the command line runs them. */
class RunbookRunTest {

    private static final Path EXAMPLES = Path.of("../examples");

    private static final Queue<String> printed = new ConcurrentLinkedQueue<>();
    private static ExecScript engine;

    @BeforeAll
    static void start() {
        engine = ExecScript.builder()
                .policy(ScriptPolicy.builder().poolSize(0).build())
                .account("210987654321")
                .region("eu-west-1")
                .outputListener((step, line) -> printed.add(step + ": " + line))
                .build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void run_runbookWithOutputs_returnsStepOutputs() throws Exception {
        Runbook hello = Runbook.load(EXAMPLES.resolve("hello.yaml"));
        assertThat(hello.name()).isEqualTo("hello");
        assertThat(hello.stepNames()).containsExactly("SayHello");
        assertThat(hello.parameterNames()).containsExactly("Name");

        AutomationExecution e = engine.run(hello, Map.of("Name", "Ada"));

        assertThat(e.status()).isEqualTo(StepStatus.Success);
        assertThat(e.documentName()).isEqualTo("hello");
        assertThat(e.outputs()).isEqualTo(Map.of("SayHello.Message", List.of("Hello, Ada!")));
        StepExecution step = e.steps().getFirst();
        assertThat(step.outputs().get("Message")).containsExactly("Hello, Ada!");
        JsonNode payload = JsonText.parseOrNull(step.outputs().get("OutputPayload").getFirst()).get("Payload");
        assertThat(payload.get("region").asText()).isEqualTo("eu-west-1");
        assertThat(payload.get("execution").asText()).isEqualTo(e.executionId());
        assertThat(step.scriptOutput()).isEqualTo("greeting Ada\n");
        assertThat(printed).contains("SayHello: greeting Ada");
        // The JSON is what the command line prints.
        JsonNode json = JsonText.parseOrNull(e.toJson()).get("AutomationExecution");
        assertThat(json.get("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(json.get("Parameters").get("Name").get(0).asText()).isEqualTo("Ada");
        assertThat(e.toJsonTree()).isEqualTo(JsonText.parseOrNull(e.toJson()));
    }

    @Test
    void run_retiredRuntime_runsWithNoteAndStrictPolicyRefusesItInCheck(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("old.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                mainSteps:
                  - name: Old
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.7
                      Handler: handler
                      Script: |-
                        def handler(events, context):
                            return 1
                """);
        Runbook old = Runbook.load(doc);
        String problem = "Runtime python3.7, which AWS no longer runs (since 2025-09-10); AWS runs python3.10 and python3.11 today";
        assertThat(old.runtimeNotes()).containsExactly(doc + ":6: step 'Old' uses " + problem);

        AutomationExecution e = engine.run(old, Map.of());
        assertThat(e.status()).isEqualTo(StepStatus.Success);
        assertThat(e.steps().getFirst().notes()).containsExactly(problem);
        assertThat(e.toJson()).contains("\"Notes\": [\n").contains(problem);

        try (ExecScript strict = ExecScript.builder().policy(ScriptPolicy.builder().poolSize(0).strictRuntimes(true).build())
                .prepareContexts(false).build()) {
            assertThatThrownBy(() -> strict.check(old, Map.of()))
                    .isInstanceOf(DocumentException.class)
                    .hasMessage(doc + ":6: mainSteps[0].inputs.Runtime: " + problem + " (refused: strictRuntimes is on)");
            assertThatThrownBy(() -> strict.run(old, Map.of())).isInstanceOf(DocumentException.class);
        }
    }

    @Test
    void run_eachRun_hasItsOwnExecutionId() throws Exception {
        Runbook hello = Runbook.load(EXAMPLES.resolve("hello.yaml"));
        AutomationExecution first = engine.run(hello, Map.of());
        AutomationExecution second = engine.run(hello, Map.of());
        assertThat(first.executionId()).isNotEqualTo(second.executionId());
        assertThat(first.parameters().get("Name").asText()).isEqualTo("World");
    }

    @Test
    void run_failingStep_returnsFailedExecutionWithTraceback() throws Exception {
        AutomationExecution e = engine.run(Runbook.load(EXAMPLES.resolve("failing-handler.yaml")), Map.of());

        assertThat(e.status()).isEqualTo(StepStatus.Failed);
        assertThat(e.failureMessage()).startsWith("Step CheckQuota failed: ");
        StepExecution step = e.steps().getFirst();
        assertThat(step.status()).isEqualTo(StepStatus.Failed);
        assertThat(step.failureType()).isEqualTo(FailureType.Action);
        assertThat(step.failureMessage()).contains("ValueError: quota exceeded: 12 > 10").contains("File \"CheckQuota.py\", line 4");
    }

    @Test
    void load_badDocument_throwsNamingFileAndLine() {
        Path broken = EXAMPLES.resolve("broken.yaml");
        assertThatThrownBy(() -> Runbook.load(broken))
                .isInstanceOfSatisfying(DocumentException.class, e -> {
                    assertThat(e.source()).isEqualTo(broken.toString());
                    assertThat(e.line()).isEqualTo(7);
                    assertThat(e.getMessage()).startsWith(broken + ":7: mainSteps[0].inputs.Runtime: ").contains("python2.7");
                });
        assertThatThrownBy(() -> Runbook.load(EXAMPLES.resolve("no-such.yaml")))
                .isInstanceOf(DocumentException.class).hasMessageEndingWith("no-such.yaml: no such file");
    }

    @Test
    void run_parameters_areTypedAndValidatedBeforeAnyStep() throws Exception {
        Runbook typed = Runbook.load(EXAMPLES.resolve("typed-parameters.yaml"));

        // Java values and text (as on the command line) are both accepted and coerced to the declared type.
        AutomationExecution e = engine.run(typed, Map.of("InstanceIds", List.of("i-1", "i-2", "i-3"), "BatchSize", "2",
                "DryRun", false, "Tags", JsonNodeFactory.instance.objectNode().put("team", "x")));
        assertThat(e.status()).isEqualTo(StepStatus.Success);
        JsonNode payload = JsonText.parseOrNull(e.steps().getFirst().outputs().get("OutputPayload").getFirst()).get("Payload");
        assertThat(payload.get("batches").toString()).isEqualTo("[[\"i-1\",\"i-2\"],[\"i-3\"]]");
        assertThat(payload.get("dry_run").asBoolean()).isFalse();
        assertThat(payload.get("types").toString()).isEqualTo("[\"list\",\"int\",\"bool\",\"dict\"]");

        assertThatThrownBy(() -> engine.run(typed, Map.of("BatchSize", "many")))
                .isInstanceOf(DocumentException.class).hasMessageContaining("parameter BatchSize").hasMessageContaining("not a Integer");
        assertThatThrownBy(() -> engine.run(typed, Map.of("Colour", "red")))
                .isInstanceOf(DocumentException.class).hasMessageContaining("parameter Colour: the document declares no such parameter");
        assertThatThrownBy(() -> typed.bindParameters(Map.of("DryRun", "perhaps")))
                .isInstanceOf(DocumentException.class).hasMessageContaining("parameter DryRun");
        assertThat(typed.bindParameters(Map.of()).get("BatchSize").asInt()).isEqualTo(2);
    }

    @Test
    void run_missingAttachment_throwsBeforeAnyStep_andAttachmentsDirectoryIsUsed(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("tagged.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                files:
                  tags.py: {}
                mainSteps:
                  - name: Tag
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: tags.handler
                      Attachment: tags.py
                """);
        Runbook tagged = Runbook.load(doc);
        assertThatThrownBy(() -> engine.run(tagged, Map.of()))
                .isInstanceOf(DocumentException.class).hasMessageStartingWith(doc + ":3: files.tags.py: attachment not found");
        assertThatThrownBy(() -> engine.check(tagged, Map.of())).isInstanceOf(DocumentException.class);

        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("tags.py"), "def handler(events, context):\n    return {'ok': True}\n");
        try (ExecScript other = ExecScript.builder().policy(ScriptPolicy.builder().poolSize(0).build()).attachments(elsewhere).build()) {
            other.check(tagged, Map.of());
            assertThat(other.run(tagged, Map.of()).status()).isEqualTo(StepStatus.Success);
        }
    }

    @Test
    void withOnlyStep_runsThatStepAloneWithThePayload() throws Exception {
        Runbook chained = Runbook.load(EXAMPLES.resolve("hello.yaml"))
                .withOnlyStep("SayHello", JsonNodeFactory.instance.objectNode().put("name", "Bo").put("region", "x"));
        assertThat(chained.parameterNames()).isEmpty();
        AutomationExecution e = engine.run(chained, Map.of());
        assertThat(e.steps()).hasSize(1);
        assertThat(e.steps().getFirst().outputs().get("Message")).containsExactly("Hello, Bo!");
        assertThat(e.outputs()).isEmpty();
        assertThatThrownBy(() -> Runbook.load(EXAMPLES.resolve("hello.yaml")).withOnlyStep("Nope", JsonNodeFactory.instance.objectNode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no step Nope; steps: SayHello");
    }

    @Test
    void run_documentsFromTwoThreads_eachGetsItsOwnResult() throws Exception {
        Runbook hello = Runbook.load(EXAMPLES.resolve("hello.yaml"));
        Runbook failing = Runbook.load(EXAMPLES.resolve("failing-handler.yaml"));
        try (ExecScript shared = ExecScript.builder().policy(ScriptPolicy.builder().poolSize(2).build()).build()) {
            ExecutorService callers = Executors.newFixedThreadPool(2);
            try {
                List<Future<AutomationExecution>> runs = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Map<String, String> name = Map.of("Name", "caller" + i);
                    boolean fails = i % 3 == 2;
                    runs.add(callers.submit(() -> fails ? shared.run(failing, Map.of()) : shared.run(hello, name)));
                }
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < runs.size(); i++) {
                    AutomationExecution e = runs.get(i).get();
                    ids.add(e.executionId());
                    if (i % 3 == 2) {
                        assertThat(e.status()).as("run " + i).isEqualTo(StepStatus.Failed);
                    } else {
                        assertThat(e.status()).as("run " + i).isEqualTo(StepStatus.Success);
                        assertThat(e.outputs().get("SayHello.Message")).as("run " + i).containsExactly("Hello, caller" + i + "!");
                    }
                }
                assertThat(ids).hasSize(runs.size());
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void run_afterClose_throws() throws Exception {
        Runbook hello = Runbook.load(EXAMPLES.resolve("hello.yaml"));
        ExecScript closed = ExecScript.builder().prepareContexts(false).build();
        closed.close();
        assertThatThrownBy(() -> closed.run(hello, Map.of())).isInstanceOf(IllegalStateException.class);
    }
}

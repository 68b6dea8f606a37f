package dev.execscript.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.attachment.Zips;
import dev.execscript.execution.AutomationExecution;
import dev.execscript.runtime.StepStatus;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API in process isolation: runs, runbooks with attachments and readable directories, live output. */
class ProcessIsolationRunTest {

    @TempDir
    Path dir;

    @Test
    void builderIsolationProcess_runsStepsAndRunbooksInWorkers_withAttachmentsAndReadableDirectories() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("greeting.txt"), "hello from the host's /tmp");
        byte[] zip = Zips.zipOfText("lib/__init__.py", "", "lib/calc.py", "def double(n):\n    return 2 * n\n");
        Files.write(dir.resolve("lib.zip"), zip);
        Path doc = dir.resolve("doc.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                files:
                  lib.zip: {}
                mainSteps:
                  - name: Calc
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: handler
                      Attachment: lib.zip
                      InputPayload: {n: 21}
                      Script: |-
                        from lib.calc import double
                        def handler(events, context):
                            print('doubling', events['n'])
                            with open('%s') as f:
                                text = f.read()
                            return {'n': double(events['n']), 'text': text}
                """.formatted(data.resolve("greeting.txt")));
        ScriptPolicy policy = ScriptPolicy.builder().poolSize(1).readableDirectories(data).build();
        CopyOnWriteArrayList<String> lines = new CopyOnWriteArrayList<>();
        try (ExecScript engine = ExecScript.builder().policy(policy).isolation(Isolation.PROCESS)
                .outputListener((step, line) -> lines.add(step + ": " + line)).build()) {
            assertThat(engine.policy().isolationSettings().isolation()).isEqualTo(Isolation.PROCESS);
            ScriptOutcome o = engine.run(PythonStep.inline("def handler(e, c):\n    return e['n'] + 1\n", "handler"), "{\"n\": 1}");
            assertThat(o.payloadJson()).as(o.failureMessage()).isEqualTo("2");
            AutomationExecution e = engine.run(Runbook.load(doc), Map.of());
            assertThat(e.status()).as(e.toJson()).isEqualTo(StepStatus.Success);
            assertThat(e.toJson()).contains("{\\\"n\\\":42,\\\"text\\\":\\\"hello from the host's /tmp\\\"}");
            assertThat(lines).containsExactly("Calc: doubling 21");
        }
    }
}

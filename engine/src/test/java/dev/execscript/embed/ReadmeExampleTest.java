package dev.execscript.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.document.JsonText;
import dev.execscript.execution.AutomationExecution;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's embedding example, as written there, so that it keeps compiling and saying the truth. */
class ReadmeExampleTest {

    @Test
    void readmeExample_printsWhatTheReadmeSays() {
        ScriptPolicy policy = ScriptPolicy.builder()
                .isolation(Isolation.FRESH)
                .poolSize(2)
                .cpuTime(Duration.ofSeconds(2))
                .build();
        PythonStep step = PythonStep.inline("""
                def handler(events, context):
                    total = sum(item["price"] for item in events["items"])
                    return {"total": total, "discount": 0.1 if total > 100 else 0, "region": context["global:REGION"]}
                """, "handler").withTimeout(Duration.ofSeconds(5));
        try (ExecScript engine = ExecScript.builder().policy(policy).region("eu-west-1").build()) {
            ScriptOutcome r = engine.run(step, "{\"items\": [{\"price\": 80}, {\"price\": 30}]}");
            assertThat(r.status() + " " + r.payloadJson()).isEqualTo("Success {\"total\":110,\"discount\":0.1,\"region\":\"eu-west-1\"}");
        }
    }

    @Test
    void readmeRunbookExample_printsWhatTheReadmeSays() throws Exception {
        List<String> printed = new ArrayList<>();
        // The README's path is relative to the repository; tests run in engine/.
        Runbook hello = Runbook.load(Path.of("../examples/hello.yaml"));
        try (ExecScript engine = ExecScript.builder()
                .region("eu-west-1")
                .outputListener((step, line) -> printed.add("[" + step + "] " + line))
                .build()) {
            AutomationExecution e = engine.run(hello, Map.of("Name", "Ada"));
            assertThat(e.status() + " " + e.outputs()).isEqualTo("Success {SayHello.Message=[Hello, Ada!]}");
            assertThat(JsonText.parseOrNull(e.toJson()).get("AutomationExecution").get("AutomationExecutionStatus").asText())
                    .isEqualTo("Success");
        }
        assertThat(printed).containsExactly("[SayHello] greeting Ada");
    }
}

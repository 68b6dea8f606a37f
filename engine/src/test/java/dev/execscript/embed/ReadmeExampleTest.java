package dev.execscript.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.time.Duration;
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
        try (ExecScript engine = ExecScript.builder().policy(policy).context(Map.of("global:REGION", "eu-west-1")).build()) {
            ScriptOutcome r = engine.run(step, "{\"items\": [{\"price\": 80}, {\"price\": 30}]}");
            assertThat(r.status() + " " + r.payloadJson()).isEqualTo("SUCCESS {\"total\":110,\"discount\":0.1,\"region\":\"eu-west-1\"}");
        }
    }
}

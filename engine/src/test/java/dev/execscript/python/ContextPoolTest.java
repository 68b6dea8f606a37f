package dev.execscript.python;

import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The FRESH pool: which runs it serves, that it refills, and that its contexts were prepared with warm-ups. */
class ContextPoolTest {

    static final ScriptPolicy POOLED = ScriptPolicy.builder().poolSize(2).warmupImports("json", "base64").build();
    static final String SHOW = """
            import sys, os
            def handler(events, context):
                return {'base64': 'base64' in sys.modules, 'home': os.environ.get('HOME'),
                        'file': open('data.txt').read() if events.get('read') else None}
            """;
    private static GraalPyRuntime python;

    @BeforeAll
    static void start() {
        python = new GraalPyRuntime(POOLED);
    }

    @AfterAll
    static void stop() {
        python.close();
    }

    static ScriptOutcome run(PythonScript script, ScriptPolicy policy, String events) {
        return python.run(new PythonInvocation(script, events, "{}", Duration.ofSeconds(60), policy, line -> { }));
    }

    /** Waits (not a timing assertion: a liveness bound) until the pool has a prepared context. */
    static void awaitReady() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (python.readyContexts() == 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(python.readyContexts()).as("prepared contexts").isPositive();
    }

    @Test
    void matchingRuns_takePreparedContexts_andThePoolRefills() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            awaitReady();
            int pooled = python.pooledRuns();
            ScriptOutcome r = run(new PythonScript(SHOW, "show.py", "handler"), POOLED, "{}");
            assertThat(r.status()).isEqualTo(StepStatus.Success);
            // Warm-up imports happened before the run; HOME is the sandbox's.
            assertThat(r.payloadJson()).isEqualTo("{\"base64\":true,\"home\":\"/home/sandbox\",\"file\":null}");
            assertThat(python.pooledRuns()).isEqualTo(pooled + 1);
        }
    }

    @Test
    void runsWithAnAttachmentOrOtherSettings_bypassThePool() throws InterruptedException {
        awaitReady();
        int pooled = python.pooledRuns();
        PythonScript withAttachment = new PythonScript(SHOW, "show.py", "handler",
                Map.of("data.txt", "attached".getBytes(StandardCharsets.UTF_8)));
        ScriptOutcome attached = run(withAttachment, POOLED, "{\"read\": true}");
        assertThat(attached.payloadJson()).isEqualTo("{\"base64\":false,\"home\":\"/home/sandbox\",\"file\":\"attached\"}");

        ScriptPolicy withHome = POOLED.toBuilder().environmentVariables("HOME").build();
        ScriptOutcome env = run(new PythonScript(SHOW, "show.py", "handler"), withHome, "{}");
        // Another environment bypasses the pool; HOME stays the sandbox's even when the policy passes the host's.
        assertThat(env.payloadJson()).isEqualTo("{\"base64\":false,\"home\":\"/home/sandbox\",\"file\":null}");

        ScriptPolicy fewerStatements = POOLED.toBuilder().maxStatements(1000).build();
        ScriptOutcome limited = run(new PythonScript("def handler(e, c):\n    while True:\n        pass\n", "spin.py", "handler"),
                fewerStatements, "{}");
        assertThat(limited.failureType()).isEqualTo(FailureType.ResourceLimit);
        assertThat(python.pooledRuns()).isEqualTo(pooled);
    }
}

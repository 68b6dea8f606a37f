package dev.execscript.python;

import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each limit at module level and in the handler, and limits tripping while other steps run beside them. */
class LimitsTest {

    private static GraalPyRuntime python;

    @BeforeAll
    static void start() {
        python = new GraalPyRuntime();
    }

    @AfterAll
    static void stop() {
        python.close();
    }

    static ScriptOutcome run(String source, ScriptPolicy policy, Duration timeout) {
        return python.run(new PythonInvocation(new PythonScript(source, "limits.py", "handler"), "{}", "{}", timeout, policy, l -> { }));
    }

    /** A CPU-only policy: statements and allocations are effectively unlimited, so only the CPU clock can stop the loop. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"module", "handler"})
    void cpuTime_tripsAtModuleLevelAndInHandler(String level) {
        ScriptPolicy cpu = ScriptPolicy.builder().cpuTime(Duration.ofSeconds(1)).maxStatements(Long.MAX_VALUE)
                .maxAllocatedBytes(Long.MAX_VALUE).build();
        String loop = "while True:\n    pass\n";
        String source = level.equals("module") ? loop + "def handler(e, c):\n    return 1\n"
                : "def handler(e, c):\n" + loop.indent(4);
        ScriptOutcome o = run(source, cpu, Duration.ofSeconds(60));
        assertThat(o.failureType()).as(o.failureMessage()).isEqualTo(FailureType.ResourceLimit);
        assertThat(o.failureMessage()).matches("CPU time \\d+\\.\\d s used of 1\\.0 s \\(policy cpuTime\\)");
        assertThat(o.details().get("Limit")).containsExactly("cpuTime");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"module", "handler"})
    void wallClock_tripsAtModuleLevelAndInHandler(String level) {
        String loop = "while True:\n    pass\n";
        String source = level.equals("module") ? loop + "def handler(e, c):\n    return 1\n"
                : "def handler(e, c):\n" + loop.indent(4);
        ScriptOutcome o = run(source, ScriptPolicy.defaults(), Duration.ofSeconds(2));
        assertThat(o.status()).isEqualTo(StepStatus.TimedOut);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"module", "handler"})
    void recursion_tripsAtModuleLevelAndInHandler(String level) {
        String recurse = "def f(n):\n    return f(n + 1) + 1\n";
        String source = level.equals("module") ? recurse + "f(0)\ndef handler(e, c):\n    return 1\n"
                : recurse + "def handler(e, c):\n    return f(0)\n";
        ScriptOutcome o = run(source, ScriptPolicy.builder().maxRecursionDepth(100).build(), Duration.ofSeconds(60));
        assertThat(o.status()).isEqualTo(StepStatus.Failed);
        assertThat(o.failureMessage()).contains("RecursionError");
    }

    @Test
    void eightParallelSteps_eachGetTheirOwnResult_whileOneTripsALimit() throws Exception {
        ScriptPolicy policy = ScriptPolicy.builder().maxStatements(500_000).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ScriptOutcome>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String source = i == 3 ? "def handler(e, c):\n    n = 0\n    while True:\n        n += 1\n"
                        : "import time\nSTATE = %d\ndef handler(e, c):\n    return {'me': STATE, 'sum': sum(range(STATE * 1000))}\n".formatted(i);
                results.add(pool.submit(() -> run(source, policy, Duration.ofSeconds(120))));
            }
            for (int i = 0; i < 8; i++) {
                ScriptOutcome o = results.get(i).get();
                if (i == 3) {
                    assertThat(o.failureMessage()).isEqualTo("statement limit 500,000 reached (policy maxStatements)");
                } else {
                    long sum = (long) i * 1000 * (i * 1000L - 1) / 2;
                    assertThat(o.payloadJson()).isEqualTo("{\"me\":" + i + ",\"sum\":" + sum + "}");
                }
            }
        } finally {
            pool.shutdown();
        }
    }
}

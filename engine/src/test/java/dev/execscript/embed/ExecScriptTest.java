package dev.execscript.embed;

import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ExecScriptTest {

    /** Counts its runs in a module global and in the interpreter (builtins), so both kinds of leak show. */
    static final PythonStep COUNTER = PythonStep.inline("""
            import builtins
            count = 0

            def handler(events, context):
                global count
                count += 1
                builtins.runs = getattr(builtins, 'runs', 0) + 1
                if events.get('spin'):
                    while True:
                        pass
                for i in range(events.get('loops', 0)):
                    pass
                return [count, builtins.runs]
            """, "handler").withName("counter.py");

    static ScriptPolicy policy(Isolation isolation, int poolSize) {
        return ScriptPolicy.builder().isolation(isolation).poolSize(poolSize).maxStatements(200_000).build();
    }

    @Test
    void run_returnsPayloadPrintedOutputAndContext() {
        try (ExecScript engine = ExecScript.builder().policy(policy(Isolation.FRESH, 0))
                .region("eu-west-1").build()) {
            PythonStep step = PythonStep.inline("def handler(events, context):\n    print('hi', events['n'])\n"
                    + "    return {'double': events['n'] * 2, 'region': context['global:REGION']}\n", "handler");
            ScriptOutcome r = engine.run(step, "{\"n\": 21}");
            assertThat(r.status()).isEqualTo(StepStatus.Success);
            assertThat(r.payloadJson()).isEqualTo("{\"double\":42,\"region\":\"eu-west-1\"}");
            assertThat(r.output()).isEqualTo("hi 21\n");
            ScriptOutcome tree = engine.run(step, new ObjectMapper().createObjectNode().put("n", 1).toString());
            assertThat(tree.payloadJson()).isEqualTo("{\"double\":2,\"region\":\"eu-west-1\"}");
        }
    }

    @Test
    void run_nullEvents_handlerGetsEmptyEventsAndTheRunbookStepContext() {
        try (ExecScript engine = ExecScript.builder().policy(policy(Isolation.FRESH, 0)).account("210987654321").region("cn-north-1")
                .build()) {
            PythonStep step = PythonStep.inline("def handler(events, context):\n    return [events, sorted(context),"
                    + " context['global:ACCOUNT_ID'], context['global:AWS_PARTITION']]\n", "handler");
            ScriptOutcome r = engine.run(step, null);
            assertThat(r.status()).as(r.failureMessage()).isEqualTo(StepStatus.Success);
            assertThat(r.payloadJson()).isEqualTo("[{},[\"automation:EXECUTION_ID\",\"global:ACCOUNT_ID\",\"global:AWS_PARTITION\","
                    + "\"global:DATE\",\"global:DATE_TIME\",\"global:REGION\"],\"210987654321\",\"aws-cn\"]");
        }
    }

    @Test
    void run_failure_namesTypeAndScriptLine() {
        try (ExecScript engine = ExecScript.builder().policy(policy(Isolation.FRESH, 0)).build()) {
            ScriptOutcome r = engine.run(PythonStep.inline("def handler(e, c):\n    return 1 / 0\n", "handler")
                    .withName("divide.py"), "{}");
            assertThat(r.status()).isEqualTo(StepStatus.Failed);
            assertThat(r.failureType()).isEqualTo(FailureType.Action);
            assertThat(r.details().get("ExceptionType")).containsExactly("ZeroDivisionError");
            assertThat(r.failureMessage()).contains("File \"divide.py\", line 2");
        }
    }

    @Test
    void run_badEventsOrClosedEngine_throw() {
        ExecScript engine = ExecScript.builder().policy(policy(Isolation.FRESH, 0)).build();
        assertThatThrownBy(() -> engine.run(COUNTER, "{nope")).isInstanceOf(IllegalArgumentException.class);
        engine.close();
        assertThatThrownBy(() -> engine.run(COUNTER, "{}")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fresh_neverSharesAContext_acrossManyRunsAndTwoThreads() throws Exception {
        try (ExecScript engine = ExecScript.builder().policy(policy(Isolation.FRESH, 2)).build()) {
            ExecutorService callers = Executors.newFixedThreadPool(2);
            try {
                List<Future<ScriptOutcome>> runs = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    runs.add(callers.submit(() -> engine.run(COUNTER, "{}")));
                }
                for (Future<ScriptOutcome> run : runs) {
                    ScriptOutcome r = run.get();
                    assertThat(r.status()).isEqualTo(StepStatus.Success);
                    assertThat(r.payloadJson()).isEqualTo("[1,1]");
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void reuse_keepsModuleState_untilARunIsStopped() {
        try (ExecScript engine = ExecScript.builder().policy(policy(Isolation.REUSE, 2)).build()) {
            assertThat(engine.run(COUNTER, "{}").payloadJson()).isEqualTo("[1,1]");
            assertThat(engine.run(COUNTER, "{}").payloadJson()).isEqualTo("[2,2]");
            // The statement budget is per run: three runs of 50,000 loop steps (two statements each) each fit a 200,000 budget.
            for (int i = 0; i < 3; i++) {
                assertThat(engine.run(COUNTER, "{\"loops\": 50000}").status()).isEqualTo(StepStatus.Success);
            }
            assertThat(engine.run(COUNTER, "{}").payloadJson()).isEqualTo("[6,6]");

            ScriptOutcome limited = engine.run(COUNTER, "{\"loops\": 10000000}");
            assertThat(limited.failureType()).isEqualTo(FailureType.ResourceLimit);
            assertThat(engine.run(COUNTER, "{}").payloadJson()).isEqualTo("[1,1]");
            assertThat(engine.run(COUNTER, "{}").payloadJson()).isEqualTo("[2,2]");
        }
    }

    @Test
    void reuse_runThatTimesOut_getsANewContextAfterwards() {
        ScriptPolicy roomy = ScriptPolicy.builder().isolation(Isolation.REUSE).build();
        try (ExecScript engine = ExecScript.builder().policy(roomy).build()) {
            assertThat(engine.run(COUNTER, "{}").payloadJson()).isEqualTo("[1,1]");
            assertThat(engine.run(COUNTER, "{}").payloadJson()).isEqualTo("[2,2]");
            ScriptOutcome timedOut = engine.run(COUNTER.withTimeout(Duration.ofSeconds(2)), "{\"spin\": true}");
            assertThat(timedOut.status()).isEqualTo(StepStatus.TimedOut);
            assertThat(engine.run(COUNTER, "{}").payloadJson()).isEqualTo("[1,1]");
        }
    }

    @Test
    void reuse_moduleThatFailsToLoad_isLoadedAgainNextRun() {
        try (ExecScript engine = ExecScript.builder().policy(policy(Isolation.REUSE, 1)).build()) {
            PythonStep flaky = PythonStep.inline("""
                    import builtins
                    builtins.loads = getattr(builtins, 'loads', 0) + 1
                    if builtins.loads == 1:
                        raise ValueError('first load fails')
                    def handler(e, c):
                        return builtins.loads
                    """, "handler");
            assertThat(engine.run(flaky, "{}").failureMessage()).contains("ValueError: first load fails");
            // A fresh context: its interpreter has never loaded the module.
            assertThat(engine.run(flaky, "{}").status()).isEqualTo(StepStatus.Failed);
            assertThat(engine.run(flaky, "{}").status()).isEqualTo(StepStatus.Failed);
        }
    }

    @Test
    void eightConcurrentRuns_eachGetsItsOwnResult_whileOneTripsALimit() throws Exception {
        for (Isolation isolation : Isolation.values()) {
            try (ExecScript engine = ExecScript.builder().policy(policy(isolation, 2)).build()) {
                PythonStep echo = PythonStep.inline("""
                        def handler(events, context):
                            if events['id'] == 5:
                                while True:
                                    pass
                            return {'id': events['id'], 'square': events['id'] * events['id']}
                        """, "handler").withName("echo.py");
                ExecutorService callers = Executors.newFixedThreadPool(8);
                try {
                    List<Future<ScriptOutcome>> runs = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        String events = "{\"id\": " + i + "}";
                        runs.add(callers.submit(() -> engine.run(echo, events)));
                    }
                    for (int i = 0; i < 8; i++) {
                        ScriptOutcome r = runs.get(i).get();
                        if (i == 5) {
                            assertThat(r.failureType()).as(isolation + " run 5").isEqualTo(FailureType.ResourceLimit);
                        } else {
                            assertThat(r.payloadJson()).as(isolation + " run " + i)
                                    .isEqualTo("{\"id\":" + i + ",\"square\":" + i * i + "}");
                        }
                    }
                } finally {
                    callers.shutdownNow();
                }
            }
        }
    }

    @Test
    void close_endsTheEnginesThreads() throws Exception {
        long before = stepThreads();
        for (Isolation isolation : Isolation.values()) {
            ExecScript engine = ExecScript.builder().policy(policy(isolation, 3)).build();
            assertThat(engine.run(COUNTER, "{}").status()).isEqualTo(StepStatus.Success);
            assertThat(engine.run(COUNTER.withName("other.py"), "{}").status()).isEqualTo(StepStatus.Success);
            engine.close();
        }
        assertThat(stepThreads()).isLessThanOrEqualTo(before);
    }

    static long stepThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("execscript-step-")).count();
    }

    /** A builtin looping in Java ignores cancellation: its thread is abandoned, and close() must not wait for it. */
    @Test
    void close_afterAThreadWasAbandonedInABuiltin_returnsPromptly() {
        ExecScript engine = ExecScript.builder()
                .policy(ScriptPolicy.builder().wallClockTimeout(Duration.ofSeconds(1)).build()).build();
        ScriptOutcome r = engine.run(PythonStep.inline("def handler(e, c):\n    return sum(range(10**13))\n", "handler"), "{}");
        assertThat(r.status()).isEqualTo(StepStatus.TimedOut);
        assertThat(r.failureMessage()).contains("did not stop when cancelled");

        // Generous: the builtin would run for hours; close() is bounded to seconds.
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), engine::close);
    }
}

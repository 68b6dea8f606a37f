package dev.execscript.worker;

import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.python.PythonInvocation;
import dev.execscript.python.PythonScript;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.confinement.OsConfinement;
import dev.execscript.policy.Confinement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs in worker processes end to end: real child JVMs, real kills. */
class WorkerRuntimeTest {

    /** No allocation budget: a fast builtin allocates the 8 GiB default before a 3 s timeout; memory is maxMemory's. */
    static final ScriptPolicy POLICY = ScriptPolicy.builder().isolation(Isolation.PROCESS).poolSize(1)
            .maxAllocatedBytes(Long.MAX_VALUE).build();
    private static WorkerRuntime workers;

    @BeforeAll
    static void start() {
        workers = new WorkerRuntime(POLICY, true);
    }

    @AfterAll
    static void stop() {
        workers.close();
    }

    static PythonInvocation invocation(String source, Duration timeout, List<String> lines) {
        return new PythonInvocation(new PythonScript(source, "t.py", "handler"), "{\"n\": 21}", "{\"global:REGION\": \"eu-west-1\"}",
                timeout, POLICY, lines::add);
    }

    static ScriptOutcome run(String source) {
        return workers.run(invocation(source, Duration.ofSeconds(30), new CopyOnWriteArrayList<>()));
    }

    static void assertServesNextRun() {
        ScriptOutcome next = run("def handler(e, c):\n    return e['n'] * 2\n");
        assertThat(next.payloadJson()).as(next.failureMessage()).isEqualTo("42");
    }

    @Test
    void run_trivialHandler_returnsPayloadOutputAndLiveLines() {
        List<String> lines = new CopyOnWriteArrayList<>();
        ScriptOutcome o = workers.run(invocation("print('hi')\ndef handler(e, c):\n    print('n is', e['n'], c['global:REGION'])\n"
                + "    return {'twice': e['n'] * 2, 'text': '\\ud800 \\u00e9'}\n", Duration.ofSeconds(30), lines));
        assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
        assertThat(o.payloadJson()).isEqualTo("{\"twice\":42,\"text\":\"\\ud800 \u00e9\"}");
        assertThat(o.output()).isEqualTo("hi\nn is 21 eu-west-1\n");
        assertThat(lines).containsExactly("hi", "n is 21 eu-west-1");
    }

    @Test
    void run_builtinIgnoringCancellation_timesOutAndItsWorkerIsKilled_nextRunSucceeds() {
        ScriptOutcome o = workers.run(invocation("def handler(e, c):\n    return sum(range(10**13))\n", Duration.ofSeconds(3),
                new CopyOnWriteArrayList<>()));
        assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.TimedOut);
        assertThat(o.failureMessage()).contains("timed out after 3.0 s", "worker process");
        assertServesNextRun();
    }

    @Test
    void run_oneHugeAllocation_isAMemoryLimit_nextRunSucceeds() {
        ScriptOutcome o = run("def handler(e, c):\n    return len(bytearray(6 * 10**9))\n");
        assertThat(o.failureType()).as(o.failureMessage()).isEqualTo(FailureType.ResourceLimit);
        assertThat(o.failureMessage()).startsWith("MemoryError: the script asked for more memory than it may hold: memory limit 512 MiB (policy maxMemory)");
        assertServesNextRun();
    }

    @Test
    void run_manyLiveAllocations_isAMemoryLimitNamingMaxMemory_nextRunSucceeds() {
        ScriptOutcome o = run("def handler(e, c):\n    kept = []\n    while True:\n        kept.append(bytearray(50 * 10**6))\n");
        assertThat(o.failureType()).as(o.failureMessage()).isEqualTo(FailureType.ResourceLimit);
        assertThat(o.failureMessage()).contains("memory limit 512 MiB reached (policy maxMemory)");
        assertThat(o.details()).containsEntry("Limit", List.of("maxMemory"));
        assertServesNextRun();
    }

    @Test
    void run_workerKilledFromOutside_failsClearly_nextRunSucceeds() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread killer = Thread.ofPlatform().start(() -> {
            while (lines.isEmpty()) {
                Thread.onSpinWait();
            }
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        });
        ScriptOutcome o = workers.run(invocation("import time\ndef handler(e, c):\n    print('started')\n    time.sleep(20)\n",
                Duration.ofSeconds(30), lines));
        killer.join();
        assertThat(o.status()).isEqualTo(StepStatus.Failed);
        assertThat(o.failureMessage()).startsWith("the worker process running the script ").contains("it was replaced");
        assertThat(o.output()).isEqualTo("started\n");
        assertServesNextRun();
    }

    @Test
    void run_confinementRequiredWhereNoneIsUsable_failsNamingWhy() {
        ScriptPolicy required = POLICY.toBuilder().confinement(Confinement.REQUIRED).build();
        try (WorkerRuntime unconfined = new WorkerRuntime(required, false, OsConfinement.none("nothing installed (test)"))) {
            ScriptOutcome o = unconfined.run(new PythonInvocation(new PythonScript("def handler(e, c):\n    return 1\n", "t.py",
                    "handler"), "{}", "{}", Duration.ofSeconds(5), required, line -> { }));
            assertThat(o.failureType()).isEqualTo(FailureType.Unsupported);
            assertThat(o.failureMessage()).isEqualTo("the policy requires OS confinement (confinement: required), but none is "
                    + "usable here: nothing installed (test)");
            assertThat(unconfined.liveWorkers()).isZero();
        }
    }
}

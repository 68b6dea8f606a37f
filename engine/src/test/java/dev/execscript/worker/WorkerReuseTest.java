package dev.execscript.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.embed.ExecScript;
import dev.execscript.embed.PythonStep;
import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.python.PythonInvocation;
import dev.execscript.python.PythonScript;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code process-reuse}: REUSE semantics inside worker processes, end to end with real child JVMs. Two
 * workers, so that every test also checks that a script's runs find the worker holding its context.
 */
class WorkerReuseTest {

    /** A statement budget that a 10-million-step loop passes, as in-process REUSE tests it; memory is maxMemory's. */
    static final ScriptPolicy POLICY = ScriptPolicy.builder().isolation(Isolation.PROCESS_REUSE).poolSize(2)
            .maxStatements(200_000).maxAllocatedBytes(Long.MAX_VALUE).build();

    /** Counts its runs in module state; its events choose a way to fail. */
    static final String COUNTER = """
            import time
            count = 0

            def handler(events, context):
                global count
                count += 1
                if events.get('sleep'):
                    while True:
                        time.sleep(0.05)
                if events.get('stuck'):
                    return sum(range(10**13))
                if events.get('fail'):
                    raise ValueError('asked to fail')
                for i in range(events.get('loops', 0)):
                    pass
                return count
            """;

    private static WorkerRuntime workers;

    @BeforeAll
    static void start() {
        workers = new WorkerRuntime(POLICY, true);
    }

    @AfterAll
    static void stop() {
        workers.close();
    }

    /** A run of {@code source} (named {@code name}: the name is part of what a kept context is for). */
    static ScriptOutcome run(String source, String name, String events, Duration timeout) {
        return workers.run(new PythonInvocation(new PythonScript(source, name, "handler"), events, "{}", timeout, POLICY,
                line -> { }));
    }

    static String count(String name, String events) {
        ScriptOutcome o = run(COUNTER, name, events, Duration.ofSeconds(30));
        assertThat(o.status()).as(o.failureMessage()).isEqualTo(StepStatus.Success);
        return o.payloadJson();
    }

    @Test
    void reuse_keepsModuleStateAcrossCalls_perScript_onWhicheverWorkerHoldsIt() {
        for (int i = 1; i <= 6; i++) {
            assertThat(count("kept_a.py", "{}")).isEqualTo(Integer.toString(i));
            // Another script between two calls: its own state, and the first script's state survives it.
            assertThat(count("kept_b.py", "{}")).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void reuse_handlerException_keepsState_butAStoppedRunDropsIt() {
        assertThat(count("dropped.py", "{}")).isEqualTo("1");
        ScriptOutcome failed = run(COUNTER, "dropped.py", "{\"fail\": true}", Duration.ofSeconds(30));
        assertThat(failed.failureMessage()).contains("ValueError: asked to fail");
        // As in-process: an exception from the handler keeps the context.
        assertThat(count("dropped.py", "{}")).isEqualTo("3");
        // Each run has the whole statement budget: three loops of 50,000 fit 200,000 each, not together.
        for (int i = 0; i < 3; i++) {
            assertThat(count("dropped.py", "{\"loops\": 50000}")).isEqualTo(Integer.toString(4 + i));
        }
        ScriptOutcome limited = run(COUNTER, "dropped.py", "{\"loops\": 10000000}", Duration.ofSeconds(30));
        assertThat(limited.failureType()).as(limited.failureMessage()).isEqualTo(FailureType.ResourceLimit);
        assertThat(count("dropped.py", "{}")).isEqualTo("1");
        ScriptOutcome timedOut = run(COUNTER, "dropped.py", "{\"sleep\": true}", Duration.ofSeconds(2));
        assertThat(timedOut.status()).as(timedOut.failureMessage()).isEqualTo(StepStatus.TimedOut);
        assertThat(count("dropped.py", "{}")).isEqualTo("1");
    }

    @Test
    void reuse_builtinIgnoringCancellation_killsTheWorkerMidReuse_nextCallStartsAfreshOnAnotherWorker() {
        assertThat(count("killed.py", "{}")).isEqualTo("1");
        assertThat(count("killed.py", "{}")).isEqualTo("2");
        ScriptOutcome stuck = run(COUNTER, "killed.py", "{\"stuck\": true}", Duration.ofSeconds(2));
        assertThat(stuck.status()).as(stuck.failureMessage()).isEqualTo(StepStatus.TimedOut);
        assertThat(stuck.failureMessage()).contains("timed out after 2.0 s", "worker process");
        // The killed worker took the script's context with it.
        assertThat(count("killed.py", "{}")).isEqualTo("1");
        assertThat(count("killed.py", "{}")).isEqualTo("2");
    }

    @Test
    void reuse_stateGrowingPastMaxMemory_endsItsWorkerAsAMemoryLimit_nextCallStartsAfresh() {
        String hoard = """
                kept = []

                def handler(events, context):
                    kept.append(bytearray(100 * 1024 * 1024))
                    return len(kept)
                """;
        ScriptOutcome o = null;
        int calls = 0;
        // 512 MiB for scripts: the kept state passes it within a few calls, each of which alone is small.
        while (calls < 12) {
            o = run(hoard, "hoard.py", "{}", Duration.ofSeconds(30));
            calls++;
            if (o.status() != StepStatus.Success) {
                break;
            }
            assertThat(o.payloadJson()).isEqualTo(Integer.toString(calls));
        }
        assertThat(o.failureType()).as(o.failureMessage()).isEqualTo(FailureType.ResourceLimit);
        assertThat(o.details()).containsEntry("Limit", List.of("maxMemory"));
        assertThat(calls).isBetween(4, 9);
        ScriptOutcome next = run(hoard, "hoard.py", "{}", Duration.ofSeconds(30));
        assertThat(next.payloadJson()).as(next.failureMessage()).isEqualTo("1");
    }

    @Test
    void embeddingApi_processReuse_keepsStateInAWorkerThatEndsWithTheEngine() throws InterruptedException {
        ScriptPolicy policy = ScriptPolicy.builder().isolation(Isolation.PROCESS_REUSE).poolSize(1).build();
        Set<Long> before = workerPids();
        Set<Long> during;
        try (ExecScript engine = ExecScript.builder().policy(policy).prepareContexts(false).build()) {
            PythonStep step = PythonStep.inline(COUNTER, "handler").withName("api.py");
            assertThat(engine.run(step, "{}").payloadJson()).isEqualTo("1");
            assertThat(engine.run(step, "{}").payloadJson()).isEqualTo("2");
            during = workerPids();
            during.removeAll(before);
        }
        // The engine's own worker process tree ends with it (this class's pool may start replacements meanwhile,
        // but they outlive it).
        assertThat(during).isNotEmpty();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until && during.stream().noneMatch(pid -> ProcessHandle.of(pid).isEmpty())) {
            Thread.sleep(50);
        }
        assertThat(during).anyMatch(pid -> ProcessHandle.of(pid).isEmpty());
    }

    /** This JVM's child processes and theirs (a confined worker's command line is not readable from here). */
    private static Set<Long> workerPids() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toCollection(HashSet::new));
    }
}

package dev.execscript.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.runtime.ScriptOutcome;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import dev.execscript.policy.Isolation;
import dev.execscript.worker.WorkerRuntime;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many steps, a tenth of them hostile, then checks that threads and heap are back where they started
 * and every step's result is accounted for. Not in the default suite (tag "soak"); run it with
 * {@code mvn -B verify -pl engine -am -Psoak} ({@code -Dsoak.steps=N}, default 10,000).
 */
@Tag("soak")
class SoakTest {

    private static final String BENIGN = "def handler(e, c):\n    return {'n': e['n'], 'sq': e['n'] * e['n']}\n";

    @Test
    void soak_manySteps_tenPercentHostile_leaveNoThreadsOrHeapBehind() throws Exception {
        soak(GraalPyRuntime::new, List.of(), null);
    }

    /**
     * The same in process isolation ({@code -Psoak -Dtest=SoakTest#soak_processIsolation*}): workers are
     * killed and replaced along the way (stuck builtins, memory), and afterwards no worker process is left.
     */
    @Test
    void soak_processIsolation_manySteps_tenPercentHostile_leaveNoProcessesThreadsOrHeapBehind() throws Exception {
        Set<Long> others = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        // Plus attacks that end their worker: a builtin ignoring cancellation, one allocation beyond the heap.
        soak(() -> new WorkerRuntime(AdversarialCorpusTest.TIGHT.toBuilder().isolation(Isolation.PROCESS).build(), true),
                List.of("builtin_cpu_burn.py", "alloc_one_big.py"), AdversarialCorpusTest.Configuration.PROCESS);
        // Closing kills every worker; give the kernel a moment to reap them.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until
                && ProcessHandle.current().descendants().anyMatch(p -> !others.contains(p.pid()) && p.isAlive())) {
            Thread.sleep(100);
        }
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(p -> !others.contains(p.pid())).toList();
        System.out.printf("soak: child processes left after close: %d%n", left.size());
        assertThat(left).isEmpty();
    }

    private void soak(Supplier<PythonRunner> runtimes, List<String> moreHostile, AdversarialCorpusTest.Configuration configuration)
            throws Exception {
        int steps = Integer.getInteger("soak.steps", 10_000);
        List<String> hostile = new ArrayList<>();
        List<List<AdversarialCorpusTest.Expectation>> expected = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of("loop_handler.py", "loop_module.py", "alloc_many_small.py",
                "recursion_handler.py", "print_flood.py", "read_host_file.py", "threads.py", "setrecursionlimit.py",
                "monkeypatch_builtins.py", "loop_catching_cancel.py"));
        names.addAll(moreHostile);
        for (String name : names) {
            Path script = Path.of("src/test/resources/adversarial", name);
            hostile.add(Files.readString(script));
            expected.add(AdversarialCorpusTest.Expectation.anyOf(script, configuration));
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        int succeeded = 0;
        int failed = 0;
        int threadsBefore;
        long heapBefore;
        try (PythonRunner python = runtimes.get()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            // "Where they started" is measured after one round of every kind of step, so that the engine's
            // own caches (parsed stdlib modules, compiled code) are already filled and only leaks remain.
            for (int i = 0; i < 2 * hostile.size(); i++) {
                String source = i % 2 == 1 ? hostile.get(i / 2) : BENIGN;
                int n = i;
                pool.submit(() -> python.run(invocation(source, n))).get();
            }
            settle();
            long began = System.nanoTime();
            threadsBefore = Thread.activeCount();
            heapBefore = memory.getHeapMemoryUsage().getUsed();
            List<Future<ScriptOutcome>> results = new ArrayList<>();
            for (int i = 0; i < steps; i++) {
                String source = i % 10 == 9 ? hostile.get((i / 10) % hostile.size()) : BENIGN;
                int n = i;
                results.add(pool.submit(() -> python.run(invocation(source, n))));
            }
            for (int i = 0; i < steps; i++) {
                ScriptOutcome o = results.get(i).get();
                if (i % 10 != 9) {
                    assertThat(o.payloadJson()).as("step %d", i).isEqualTo("{\"n\":" + i + ",\"sq\":" + ((long) i * i) + "}");
                    succeeded++;
                } else {
                    // Each hostile step ends exactly as its corpus entry says, under load as alone.
                    List<AdversarialCorpusTest.Expectation> want = expected.get((i / 10) % hostile.size());
                    assertThat(want).as("step %d ended as %s %s: %s; expected one of %s", i, o.status(), o.failureType(), o.failureMessage(), want)
                            .anyMatch(e -> e.endsAs(o));
                    failed++;
                }
            }
            pool.shutdown();
            // The test's own list of every outcome is not the engine's heap: held, it made the 10,000-step process run's
            // heap +18.8% (2.6 MB, about 264 bytes a step, the size of a kept outcome and its future).
            results.clear();
            settle();
            int threadsAfter = Thread.activeCount();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            System.out.printf("soak: %d steps in %.0f s (%d benign returned their exact payload, %d hostile ended as their corpus "
                    + "entry says); threads %d -> %d; heap after GC %,d -> %,d bytes; child processes during the run: %d%n", steps,
                    (System.nanoTime() - began) / 1e9, succeeded, failed, threadsBefore, threadsAfter, heapBefore, heapAfter,
                    ProcessHandle.current().descendants().count());
            assertThat(threadsAfter).isLessThanOrEqualTo((int) Math.ceil(threadsBefore * 1.1));
            assertThat(heapAfter).isLessThanOrEqualTo((long) (heapBefore * 1.1));
        }
        assertThat(succeeded + failed).isEqualTo(steps);
    }

    /** Lets finished step threads end and the collector run, so counts and heap are steady. */
    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            Thread.sleep(1000);
            System.gc();
        }
    }

    private static PythonInvocation invocation(String source, int n) {
        return new PythonInvocation(new PythonScript(source, "soak.py", "handler"), "{\"n\": " + n + "}", "{}", Duration.ofSeconds(60),
                AdversarialCorpusTest.TIGHT, line -> { });
    }
}

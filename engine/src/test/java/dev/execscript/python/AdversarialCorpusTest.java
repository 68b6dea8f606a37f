package dev.execscript.python;

import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.Isolation;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.worker.WorkerRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One small hostile script per attack under src/test/resources/adversarial, each naming its exact
 * expected outcome in a first-line-group comment: {@code # expect: STATUS [FailureType] [| message fragment]}, and
 * where two ends are both right (README Security: deep recursion ends as RecursionError or as the memory limit,
 * whichever GraalPy reaches first, which depends on how much of the call path is compiled) the other after
 * {@code # or: }.
 * They run under a tight policy so that limits trip in seconds, once per {@link Configuration} of the
 * runtime (as Caffeine runs one test over every cache configuration): each must end every attack exactly
 * alike and serve the next step.
 */
class AdversarialCorpusTest {

    static final ScriptPolicy TIGHT = ScriptPolicy.builder()
            .maxStatements(2_000_000)
            .cpuTime(Duration.ofSeconds(3))
            .maxAllocatedBytes(256L * 1024 * 1024)
            .maxRecursionDepth(200)
            .maxOutputBytes(4096)
            .build();
    private static final Path CORPUS = Path.of("src/test/resources/adversarial");
    /** How the runtime under test gets its contexts. */
    enum Configuration {
        /** Each run creates its context when it starts. */
        ON_DEMAND {
            @Override
            PythonRunner start() {
                return new GraalPyRuntime();
            }
        },
        /** Runs take contexts the pool prepared ahead under the same policy (on demand when it is behind). */
        POOLED {
            @Override
            PythonRunner start() {
                return new GraalPyRuntime(TIGHT);
            }
        },
        /** Each script's module is loaded once into a context its later runs reuse (each attack is a script of its own). */
        REUSE {
            @Override
            PythonRunner start() {
                return new GraalPyRuntime(policy());
            }
        },
        /** Runs go to worker processes (child JVMs) prepared in the background; a stuck or dead worker is replaced. */
        PROCESS {
            @Override
            PythonRunner start() {
                return new WorkerRuntime(policy(), true);
            }
        },
        /** REUSE's rules inside workers; expectations as PROCESS's where a script has its own. */
        PROCESS_REUSE {
            @Override
            PythonRunner start() {
                return new WorkerRuntime(policy(), true);
            }

            @Override
            Configuration expectationsOf() {
                return PROCESS;
            }
        };

        abstract PythonRunner start();

        /** The policy of this configuration's runs: {@link #TIGHT} in its isolation mode. */
        ScriptPolicy policy() {
            return switch (this) {
                case ON_DEMAND, POOLED -> TIGHT;
                case REUSE -> TIGHT.toBuilder().isolation(Isolation.REUSE).build();
                case PROCESS -> TIGHT.toBuilder().isolation(Isolation.PROCESS).build();
                case PROCESS_REUSE -> TIGHT.toBuilder().isolation(Isolation.PROCESS_REUSE).build();
            };
        }

        /** Whose {@code # expect NAME:} lines apply when a script has none for this configuration. */
        Configuration expectationsOf() {
            return this;
        }
    }

    private static final Map<Configuration, PythonRunner> RUNTIMES = new EnumMap<>(Configuration.class);

    private static synchronized PythonRunner runtime(Configuration configuration) {
        return RUNTIMES.computeIfAbsent(configuration, Configuration::start);
    }

    @AfterAll
    static void stop() {
        RUNTIMES.values().forEach(PythonRunner::close);
        RUNTIMES.clear();
    }

    static Stream<Path> attacks() throws IOException {
        return Files.list(CORPUS).filter(p -> p.toString().endsWith(".py")).sorted();
    }

    /** Every attack under every configuration, one configuration after the other. */
    static Stream<Arguments> attacksInEveryConfiguration() throws IOException {
        List<Path> all = attacks().toList();
        return Stream.of(Configuration.values()).flatMap(c -> all.stream().map(script -> Arguments.of(c, script)));
    }

    /**
     * A script's expected outcome: its {@code # expect:} line, or under {@code configuration} its
     * {@code # expect PROCESS:} line where it has one (a worker's heap ends some attacks differently).
     */
    record Expectation(StepStatus status, String failureType, String fragment) {
        static Expectation of(Path script) throws IOException {
            return of(script, null);
        }

        static Expectation of(Path script, Configuration configuration) throws IOException {
            List<String> lines = Files.readAllLines(script);
            String own = configuration == null ? null : "# expect " + configuration.name() + ": ";
            String inherited = configuration == null ? null : "# expect " + configuration.expectationsOf().name() + ": ";
            String line = lines.stream().filter(l -> own != null && l.startsWith(own)).findFirst()
                    .map(l -> l.substring(own.length()))
                    .or(() -> lines.stream().filter(l -> inherited != null && l.startsWith(inherited)).findFirst()
                            .map(l -> l.substring(inherited.length())))
                    .orElseGet(() -> lines.stream().filter(l -> l.startsWith("# expect: ")).findFirst()
                            .orElseThrow(() -> new AssertionError(script + " has no '# expect:' line"))
                            .substring("# expect: ".length()));
            return parse(line);
        }

        /** The script's expected outcome under {@code configuration} and each {@code # or:} alternative to it. */
        static List<Expectation> anyOf(Path script, Configuration configuration) throws IOException {
            List<Expectation> all = new java.util.ArrayList<>();
            all.add(of(script, configuration));
            for (String line : Files.readAllLines(script)) {
                if (line.startsWith("# or: ")) {
                    all.add(parse(line.substring("# or: ".length())));
                }
            }
            return all;
        }

        private static Expectation parse(String line) {
            String fragment = null;
            int bar = line.indexOf('|');
            if (bar >= 0) {
                fragment = line.substring(bar + 1).strip();
                line = line.substring(0, bar).strip();
            }
            String[] words = line.split("\\s+");
            return new Expectation(StepStatus.valueOf(words[0]), words.length > 1 ? words[1] : null, fragment);
        }

        /** Whether {@code o} ended with this status and failure type. */
        boolean endsAs(ScriptOutcome o) {
            return o.status() == status && (failureType == null || o.failureType() == FailureType.valueOf(failureType));
        }

        /** {@link #endsAs} and the fragment in its message (or payload and output). */
        boolean matches(ScriptOutcome o) {
            return endsAs(o) && (fragment == null
                    || (o.failureMessage() != null ? o.failureMessage() : o.payloadJson() + "\n" + o.output()).contains(fragment));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("attacksInEveryConfiguration")
    void attack_endsAsExpected_andEngineServesTheNextStep(Configuration configuration, Path script) throws IOException {
        PythonRunner python = runtime(configuration);
        List<Expectation> expected = Expectation.anyOf(script, configuration);
        ScriptOutcome o = python.run(new PythonInvocation(new PythonScript(Files.readString(script), script.getFileName().toString(),
                "handler"), "{}", "{}", Duration.ofSeconds(30), configuration.policy(), line -> { }));
        String described = o.status() + " " + o.failureType() + " | " + (o.failureMessage() == null ? o.payloadJson() : o.failureMessage());
        assertThat(expected).as("ended as %s; expected one of %s", described, expected).anyMatch(e -> e.matches(o));
        // Whatever the attack did, the engine still runs a plain step correctly afterwards.
        ScriptOutcome next = python.run(new PythonInvocation(new PythonScript("def handler(e, c):\n    return len([1, 2])\n",
                "next.py", "handler"), "{}", "{}", Duration.ofSeconds(30), configuration.policy(), line -> { }));
        assertThat(next.payloadJson()).isEqualTo("2");
        assertThat(Files.exists(Path.of("/tmp/execscript-adversarial-write.txt"))).isFalse();
        assertThat(Files.exists(Path.of("/tmp/execscript-adversarial-system"))).isFalse();
    }

    static Stream<Path> unstoppable() throws IOException {
        return Files.list(CORPUS.resolve("unstoppable")).filter(p -> p.toString().endsWith(".py")).sorted();
    }

    /**
     * What in-process isolation cannot stop (a builtin looping inside Java ignores cancellation, README
     * Security), process isolation does: the step ends TimedOut within 5 s of a 3 s timeout. A script whose
     * worker had to be killed ({@code # worker: killed}) leaves none of that worker's process tree behind;
     * one the worker stopped itself ({@code # worker: kept}) leaves the same worker serving. Either way the
     * host keeps exactly one reader and one stderr thread per live worker.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unstoppable")
    void unstoppableInProcess_inProcessMode_timesOutWithin5s_leavesNoProcessOrThreadBehind(Path script) throws Exception {
        // No allocation budget: a fast builtin allocates its 8 GiB default within the 3 s (short-lived ints), and
        // the question here is the timeout.
        ScriptPolicy policy = ScriptPolicy.builder().isolation(Isolation.PROCESS).poolSize(1).maxAllocatedBytes(Long.MAX_VALUE).build();
        Expectation expected = Expectation.of(script, Configuration.PROCESS);
        boolean killed = Files.readAllLines(script).contains("# worker: killed");
        // Processes of other runtimes of this JVM (the PROCESS configuration's workers) are not watched.
        Set<Long> others = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        try (WorkerRuntime workers = new WorkerRuntime(policy, true)) {
            // A plain run first: the pool's one worker is ready, and its process tree is what we watch. Then a
            // pause for the worker to prepare its next context, as a warm pool has one: the 5 s are the run's own.
            assertThat(workers.run(plain(policy)).payloadJson()).isEqualTo("2");
            Thread.sleep(3000);
            Set<ProcessHandle> before = ProcessHandle.current().descendants().filter(p -> !others.contains(p.pid()))
                    .collect(Collectors.toSet());
            long workerThreadsBefore = workerThreads();
            ScriptOutcome o = workers.run(new PythonInvocation(new PythonScript(Files.readString(script),
                    script.getFileName().toString(), "handler"), "{}", "{}", Duration.ofSeconds(3), policy, line -> { }));
            assertThat(o.status()).as(o.failureMessage()).isEqualTo(expected.status());
            assertThat(o.failureType()).isEqualTo(FailureType.valueOf(expected.failureType()));
            assertThat(o.failureMessage()).contains(expected.fragment());
            assertThat(o.elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(5));
            // The next run is served (by the replacement, or the same worker); by then a killed tree is reaped.
            assertThat(workers.run(plain(policy)).payloadJson()).isEqualTo("2");
            assertThat(before).isNotEmpty();
            Set<Long> old = before.stream().map(ProcessHandle::pid).collect(Collectors.toCollection(HashSet::new));
            if (killed) {
                assertThat(before).allSatisfy(p -> assertThat(p.isAlive()).as("pid %d", p.pid()).isFalse());
                assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid)).doesNotContainAnyElementsOf(old);
            } else {
                assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid).filter(pid -> !others.contains(pid)))
                        .containsExactlyInAnyOrderElementsOf(old);
            }
            // A killed worker's reader and stderr threads end once they have read its pipes' end: wait (bounded) for that.
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (workerThreads() != workerThreadsBefore && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(workerThreads()).isEqualTo(workerThreadsBefore);
        }
    }

    private static PythonInvocation plain(ScriptPolicy policy) {
        return new PythonInvocation(new PythonScript("def handler(e, c):\n    return len([1, 2])\n", "next.py", "handler"),
                "{}", "{}", Duration.ofSeconds(30), policy, line -> { });
    }

    /** Host threads serving worker processes (each worker has a reader and a stderr drain). */
    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("execscript-worker-")).count();
    }
}

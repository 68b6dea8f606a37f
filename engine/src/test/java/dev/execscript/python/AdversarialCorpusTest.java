package dev.execscript.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One small hostile script per attack under src/test/resources/adversarial, each naming its exact
 * expected outcome in a first-line-group comment: {@code # expect: STATUS [FailureType] [| message fragment]}.
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
            GraalPyRuntime start() {
                return new GraalPyRuntime();
            }
        },
        /** Runs take contexts the pool prepared ahead under the same policy (on demand when it is behind). */
        POOLED {
            @Override
            GraalPyRuntime start() {
                return new GraalPyRuntime(TIGHT);
            }
        };

        abstract GraalPyRuntime start();
    }

    private static final Map<Configuration, GraalPyRuntime> RUNTIMES = new EnumMap<>(Configuration.class);

    private static synchronized GraalPyRuntime runtime(Configuration configuration) {
        return RUNTIMES.computeIfAbsent(configuration, Configuration::start);
    }

    @AfterAll
    static void stop() {
        RUNTIMES.values().forEach(GraalPyRuntime::close);
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

    record Expectation(ScriptOutcome.Status status, String failureType, String fragment) {
        static Expectation of(Path script) throws IOException {
            String line = Files.readAllLines(script).stream().filter(l -> l.startsWith("# expect: ")).findFirst()
                    .orElseThrow(() -> new AssertionError(script + " has no '# expect:' line"))
                    .substring("# expect: ".length());
            String fragment = null;
            int bar = line.indexOf('|');
            if (bar >= 0) {
                fragment = line.substring(bar + 1).strip();
                line = line.substring(0, bar).strip();
            }
            String[] words = line.split("\\s+");
            return new Expectation(ScriptOutcome.Status.valueOf(words[0]), words.length > 1 ? words[1] : null, fragment);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("attacksInEveryConfiguration")
    void attack_endsAsExpected_andEngineServesTheNextStep(Configuration configuration, Path script) throws IOException {
        GraalPyRuntime python = runtime(configuration);
        Expectation expected = Expectation.of(script);
        ScriptOutcome o = python.run(new PythonInvocation(new PythonScript(Files.readString(script), script.getFileName().toString(),
                "handler"), "{}", "{}", Duration.ofSeconds(30), TIGHT, line -> { }));
        String described = o.status() + " " + o.failureType() + " | " + (o.failureMessage() == null ? o.payloadJson() : o.failureMessage());
        assertThat(o.status()).as(described).isEqualTo(expected.status());
        if (expected.failureType() != null) {
            assertThat(o.failureType()).as(described).isEqualTo(expected.failureType());
        }
        if (expected.fragment() != null) {
            assertThat(o.failureMessage() != null ? o.failureMessage() : o.payloadJson() + "\n" + o.output())
                    .as(described).contains(expected.fragment());
        }
        // Whatever the attack did, the engine still runs a plain step correctly afterwards.
        ScriptOutcome next = python.run(new PythonInvocation(new PythonScript("def handler(e, c):\n    return len([1, 2])\n",
                "next.py", "handler"), "{}", "{}", Duration.ofSeconds(30), TIGHT, line -> { }));
        assertThat(next.payloadJson()).isEqualTo("2");
        assertThat(Files.exists(Path.of("/tmp/execscript-adversarial-write.txt"))).isFalse();
        assertThat(Files.exists(Path.of("/tmp/execscript-adversarial-system"))).isFalse();
    }
}

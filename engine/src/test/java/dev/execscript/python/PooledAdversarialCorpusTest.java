package dev.execscript.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.runtime.ScriptOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adversarial corpus again, with every run taking a context the pool prepared ahead (or on demand
 * when the pool is behind): a pre-initialised context on a reused pool must end each attack exactly as
 * a context created for it does, and serve the next step.
 */
class PooledAdversarialCorpusTest {

    private static GraalPyRuntime python;

    @BeforeAll
    static void start() {
        python = new GraalPyRuntime(AdversarialCorpusTest.TIGHT);
    }

    @AfterAll
    static void stop() {
        python.close();
    }

    static Stream<Path> attacks() throws IOException {
        return AdversarialCorpusTest.attacks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void attack_endsAsExpected_inAPooledContext(Path script) throws IOException {
        AdversarialCorpusTest.Expectation expected = AdversarialCorpusTest.Expectation.of(script);
        ScriptOutcome o = python.run(new PythonInvocation(new PythonScript(Files.readString(script),
                script.getFileName().toString(), "handler"), "{}", "{}", Duration.ofSeconds(30), AdversarialCorpusTest.TIGHT,
                line -> { }));
        String described = o.status() + " " + o.failureType() + " | " + (o.failureMessage() == null ? o.payloadJson() : o.failureMessage());
        assertThat(o.status()).as(described).isEqualTo(expected.status());
        if (expected.failureType() != null) {
            assertThat(o.failureType()).as(described).isEqualTo(expected.failureType());
        }
        if (expected.fragment() != null) {
            assertThat(o.failureMessage() != null ? o.failureMessage() : o.payloadJson() + "\n" + o.output())
                    .as(described).contains(expected.fragment());
        }
        ScriptOutcome next = python.run(new PythonInvocation(new PythonScript("def handler(e, c):\n    return len([1, 2])\n",
                "next.py", "handler"), "{}", "{}", Duration.ofSeconds(30), AdversarialCorpusTest.TIGHT, line -> { }));
        assertThat(next.payloadJson()).isEqualTo("2");
    }
}

package dev.execscript.python;

import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the engine puts in place of GraalPy's native modules, against CPython's own: each script under
 * src/test/resources/xml-differential parses XML through ElementTree, minidom, xml.sax or pyexpat itself (the
 * engine's pyexpat over the JDK parser against real expat), each under stdlib-differential uses another part
 * of the standard library the sandbox provides differently (unicodedata, stringprep, idna, exit/quit); run as a
 * handler in the sandbox and by the machine's {@code python3}, the two results must be equal as JSON. Skipped
 * where there is no python3.
 */
class StdlibDifferentialTest {

    private static final List<Path> CASES = List.of(Path.of("src/test/resources/xml-differential"),
            Path.of("src/test/resources/stdlib-differential"));
    /** Runs a case's handler in CPython and prints its result as JSON. */
    private static final String CPYTHON_HARNESS = """
            import json, sys
            path = sys.argv[1]
            namespace = {'__name__': '__main__'}
            exec(compile(open(path, encoding='utf-8').read(), path, 'exec'), namespace)
            sys.stdout.write(json.dumps(namespace['handler']({}, {})))
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GraalPyRuntime python;

    @BeforeAll
    static void start() {
        python = new GraalPyRuntime();
    }

    @AfterAll
    static void stop() {
        python.close();
    }

    static Stream<Path> cases() throws IOException {
        Stream<Path> all = Stream.empty();
        for (Path dir : CASES) {
            all = Stream.concat(all, Files.list(dir).filter(p -> p.toString().endsWith(".py")).sorted().toList().stream());
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void script_inSandboxAndCPython_givesTheSameResult(Path script) throws Exception {
        String cpython = runCPython(script);
        ScriptOutcome sandbox = python.run(new PythonInvocation(new PythonScript(Files.readString(script),
                script.getFileName().toString(), "handler"), "{}", "{}", Duration.ofSeconds(120), ScriptPolicy.defaults(),
                line -> { }));
        assertThat(sandbox.status()).as(sandbox.failureMessage()).isEqualTo(StepStatus.Success);
        JsonNode expected = JSON.readTree(cpython);
        JsonNode actual = JSON.readTree(sandbox.payloadJson());
        assertThat(actual).as("sandbox:\n%s\nCPython:\n%s", actual.toPrettyString(), expected.toPrettyString())
                .isEqualTo(expected);
    }

    /** The script's result under the machine's CPython (the test is skipped if there is none). */
    static String runCPython(Path script) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(List.of("python3", "-I", "-c", CPYTHON_HARNESS, script.toAbsolutePath().toString()))
                    .redirectErrorStream(false).start();
        } catch (IOException e) {
            assumeTrue(false, "no python3 on PATH to compare with: " + e.getMessage());
            throw e;
        }
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("python3 finished").isTrue();
        assertThat(process.exitValue()).as("python3 failed:\n" + err).isZero();
        return out;
    }
}

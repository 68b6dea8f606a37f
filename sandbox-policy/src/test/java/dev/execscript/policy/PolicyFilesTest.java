package dev.execscript.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every sample under {@code src/test/resources/policies/}; see the README there for the format. */
class PolicyFilesTest {

    static Stream<Path> validFiles() throws Exception {
        return policies("valid");
    }

    static Stream<Path> invalidFiles() throws Exception {
        return policies("invalid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void load_validSample_hasExpectedSettings(Path file) throws IOException {
        List<String> expected = expectations(file);
        ScriptPolicy policy = PolicyLoader.load(file);
        assertThat(expected).as("a valid sample should state what it expects").isNotEmpty();
        assertThat(policy.toString()).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void load_invalidSample_failsWithExpectedMessage(Path file) throws IOException {
        List<String> expected = expectations(file);
        assertThat(expected).as("an invalid sample should state the error it expects").isNotEmpty();
        Throwable thrown = catchThrowable(() -> PolicyLoader.load(file));
        assertThat(thrown).isInstanceOf(PolicyException.class);
        assertThat(thrown.getMessage()).startsWith(file.toString()).contains(expected);
    }

    private static Stream<Path> policies(String kind) throws URISyntaxException, IOException {
        Path dir = Path.of(PolicyFilesTest.class.getResource("/policies/" + kind).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.filter(f -> !f.toString().endsWith(".expect")).sorted().toList();
            assertThat(list).isNotEmpty();
            return list.stream();
        }
    }

    private static List<String> expectations(Path file) throws IOException {
        Path sidecar = file.resolveSibling(file.getFileName() + ".expect");
        if (Files.exists(sidecar)) {
            return Files.readAllLines(sidecar).stream().filter(l -> !l.isBlank()).toList();
        }
        return Files.readAllLines(file).stream()
                .filter(l -> l.startsWith("# expect: "))
                .map(l -> l.substring("# expect: ".length()))
                .toList();
    }
}

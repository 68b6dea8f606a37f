package dev.execscript.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DocumentParserTest {

    private static final Path INVALID = Path.of("src/test/resources/documents/invalid");
    private final DocumentParser parser = new DocumentParser();

    static Stream<Path> invalidDocuments() throws IOException {
        return Files.list(INVALID).filter(p -> !p.toString().endsWith(".expect")).sorted();
    }

    /** Each file under documents/invalid names the error it must give: a first-line comment or a .expect sidecar. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void parse_invalidDocument_failsWithLocatedMessage(Path file) throws IOException {
        Path sidecar = file.resolveSibling(file.getFileName() + ".expect");
        String expected = Files.exists(sidecar)
                ? Files.readString(sidecar).strip()
                : Files.readAllLines(file).getFirst().replaceFirst("^# expect: ", "");
        // "line N: rest" means the message is FILE:N: rest
        String fragment = expected.startsWith("line ")
                ? file + ":" + expected.substring(5, expected.indexOf(':')) + ":" + expected.substring(expected.indexOf(':') + 1)
                : expected;
        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining(fragment);
    }

    @Test
    void parse_examples_allValidExceptBroken() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("../examples"))) {
            for (Path p : files.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).toList()) {
                if (p.getFileName().toString().startsWith("broken")) {
                    assertThatThrownBy(() -> parser.parse(p)).isInstanceOf(DocumentException.class);
                } else {
                    assertThat(parser.parse(p).steps()).as(p.toString()).isNotEmpty();
                }
            }
        }
    }

    @Test
    void parse_missingFile_failsNamingIt() {
        assertThatThrownBy(() -> parser.parse(Path.of("no/such/doc.yaml")))
                .isInstanceOf(DocumentException.class)
                .hasMessage("no/such/doc.yaml: no such file");
    }

    @Test
    void parse_json_equalsYaml() throws Exception {
        String json = """
                {"schemaVersion": "0.3", "parameters": {"N": {"type": "Integer", "default": 3}},
                 "mainSteps": [{"name": "S", "action": "aws:executeScript", "timeoutSeconds": 5,
                   "inputs": {"Runtime": "python3.12", "Handler": "h", "InputPayload": {"n": "{{ N }}"},
                              "Script": "def h(e, c):\\n    return e"}}]}
                """;
        String yaml = """
                schemaVersion: '0.3'
                parameters:
                  N: {type: Integer, default: 3}
                mainSteps:
                  - name: S
                    action: aws:executeScript
                    timeoutSeconds: 5
                    inputs:
                      Runtime: python3.12
                      Handler: h
                      InputPayload: {n: '{{ N }}'}
                      Script: "def h(e, c):\\n    return e"
                """;
        AutomationDocument a = parser.parse(json, "a.json", null, "a");
        AutomationDocument b = parser.parse(yaml, "b.yaml", null, "b");
        assertThat(a.json()).isTrue();
        assertThat(b.json()).isFalse();
        assertThat(a.steps()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("line").isEqualTo(b.steps());
        assertThat(a.parameters().get("N").defaultValue().longValue()).isEqualTo(3);
        assertThat(a.steps().getFirst().runtime()).isEqualTo(ScriptRuntime.PYTHON_3_12);
    }

    @Test
    void parse_powerShellRuntimes_recognised() throws Exception {
        for (String runtime : new String[] {"PowerShell Core 6.0", "PowerShell 7.0", "PowerShell 7.2", "PowerShell 7.4"}) {
            AutomationDocument d = parser.parse("""
                    schemaVersion: '0.3'
                    mainSteps:
                      - name: P
                        action: aws:executeScript
                        inputs: {Runtime: '%s', Script: 'return 1'}
                    """.formatted(runtime), "p.yaml", null, "p");
            assertThat(d.steps().getFirst().runtime().isPython()).isFalse();
        }
    }
}

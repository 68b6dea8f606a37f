package dev.execscript.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.execscript.document.DocumentException;
import dev.execscript.text.YamlLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void parse_stepRuntime_keepsItsLineAndIndexForErrors() throws Exception {
        String yaml = """
                schemaVersion: '0.3'
                mainSteps:
                  - name: A
                    action: aws:sleep
                    inputs: {Duration: PT1S}
                  - name: B
                    action: aws:executeScript
                    inputs:
                      Handler: h
                      Script: "def h(e, c):\\n    return e"
                      Runtime: python3.8
                """;
        StepSpec b = parser.parse(yaml, "b.yaml", null, "b").steps().get(1);
        assertThat(b.runtimeLine()).isEqualTo(11);
        assertThat(b.runtimeField()).isEqualTo("mainSteps[1].inputs.Runtime");
        assertThat(b.runtimeNote()).startsWith("step 'B' uses Runtime python3.8, which AWS no longer runs");
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
        assertThat(a.steps()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("line", "runtimeLine").isEqualTo(b.steps());
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

    @Test
    void parse_aliasesInParameterDefaultsAndStepInputs_areTheAnchoredValues() throws Exception {
        AutomationDocument d = parser.parse("""
                schemaVersion: '0.3'
                parameters:
                  Region: {type: String, default: &region eu-west-1}
                  Regions: {type: StringList, default: [*region, us-east-1]}
                mainSteps:
                  - name: First
                    action: aws:executeScript
                    inputs: &script
                      Runtime: python3.11
                      Handler: h
                      InputPayload: {region: '{{ Region }}'}
                      Script: "def h(e, c): return e"
                  - name: Second
                    action: aws:executeScript
                    inputs: *script
                  - name: Third
                    action: aws:executeScript
                    inputs:
                      <<: *script
                      Handler: other
                """, "a.yaml", null, "a");
        assertThat(d.parameters().get("Region").defaultValue().asText()).isEqualTo("eu-west-1");
        assertThat(d.parameters().get("Regions").defaultValue().toString()).isEqualTo("[\"eu-west-1\",\"us-east-1\"]");
        assertThat(d.steps().get(1).inputs()).isEqualTo(d.steps().get(0).inputs());
        assertThat(d.steps().get(2).inputs().get("Handler").asText()).isEqualTo("other");
        assertThat(d.steps().get(2).inputs().get("Script")).isEqualTo(d.steps().get(0).inputs().get("Script"));
        assertThat(d.steps().get(2).runtime()).isEqualTo(ScriptRuntime.PYTHON_3_11);
    }

    @Test
    void parse_errorInsideMergedInputs_pointsAtTheLineWritten() {
        assertThatThrownBy(() -> parser.parse("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: First
                    action: aws:executeScript
                    inputs: &script
                      Runtime: python3.11
                      Handler: h
                      Script: "def h(e, c): return e"
                  - name: Second
                    action: aws:executeScript
                    inputs:
                      <<: *script
                      Runtime: cobol
                """, "m.yaml", null, "m"))
                .isInstanceOf(DocumentException.class)
                .hasMessageStartingWith("m.yaml:13: mainSteps[1].inputs.Runtime: unsupported runtime 'cobol'");
    }

    @Test
    void parse_documentFileOverSizeLimit_refusedAtOnceNamingTheLimit(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.yaml");
        Files.writeString(huge, "schemaVersion: '0.3'\ndescription: \"" + "a".repeat(20 * 1024 * 1024) + "\"\n");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> parser.parse(huge))
                        .isInstanceOf(DocumentException.class)
                        .hasMessage(huge + ": is too large (20971557 bytes); a document may be at most 262144 bytes"
                                + " (256 KB; AWS's own limit is 64 KB)"));
    }

    @Test
    void parse_documentFileJustUnderSizeLimit_parses(@TempDir Path dir) throws Exception {
        String head = "schemaVersion: '0.3'\ndescription: \"";
        String tail = "\"\nmainSteps:\n  - name: A\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";
        int fill = (int) YamlLimits.DOCUMENT.maxBytes() - head.length() - tail.length();
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, head + "a".repeat(fill) + tail);
        assertThat(Files.size(big)).isEqualTo(YamlLimits.DOCUMENT.maxBytes());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThat(parser.parse(big).description()).hasSize(fill));
    }

    @Test
    void parse_longValueInError_isCutAndEscaped() {
        String runtime = "py\\e[2J" + "x".repeat(100_000);
        assertThatThrownBy(() -> parser.parse("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: A
                    action: aws:executeScript
                    inputs: {Runtime: "%s", Handler: h, Script: s}
                """.formatted(runtime), "l.yaml", null, "l"))
                .isInstanceOf(DocumentException.class)
                .hasMessageStartingWith("l.yaml:5: mainSteps[0].inputs.Runtime: unsupported runtime 'py\\u001B[2Jxxx")
                .hasMessageContaining("... (100006 characters)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b").hasSizeLessThan(600));
    }
}

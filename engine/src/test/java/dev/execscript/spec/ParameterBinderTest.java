package dev.execscript.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.execscript.document.DocumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;


/** Every parameter validation rule, each failing with a message that names the parameter. */
class ParameterBinderTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static AutomationDocument doc(String parameters) throws DocumentException {
        return new DocumentParser().parse("""
                schemaVersion: '0.3'
                parameters:
                %s
                mainSteps:
                  - name: S
                    action: aws:executeScript
                    inputs: {Runtime: python3.11, Handler: h, Script: "def h(e, c): return 1"}
                """.formatted(parameters.indent(2)), "p.yaml", null, "p");
    }

    private static Map<String, JsonNode> bind(String parameters, String name, String value) throws DocumentException {
        return ParameterBinder.bind(doc(parameters), value == null ? Map.of() : Map.of(name, F.textNode(value)));
    }

    @Test
    void allowedPattern_violation_namesParameterAndPattern() {
        assertThatThrownBy(() -> bind("Bucket: {type: String, allowedPattern: '^[a-z0-9-]{3,63}$'}", "Bucket", "My_Bucket"))
                .isInstanceOf(DocumentException.class)
                .hasMessage("p:3: parameter Bucket: value \"My_Bucket\" does not match allowedPattern ^[a-z0-9-]{3,63}$");
    }

    @Test
    void allowedPattern_appliesToEachListItem() throws Exception {
        String spec = "Ids: {type: StringList, allowedPattern: '^i-[0-9a-f]+$'}";
        assertThat(bind(spec, "Ids", "i-0a,i-0b").get("Ids")).hasSize(2);
        assertThatThrownBy(() -> bind(spec, "Ids", "i-0a,x-1")).hasMessageContaining("parameter Ids: value \"x-1\" does not match");
    }

    @Test
    void minItems_and_maxItems_areChecked() throws Exception {
        String spec = "Ids: {type: StringList, minItems: 2, maxItems: 3}";
        assertThatThrownBy(() -> bind(spec, "Ids", "a")).hasMessageContaining("parameter Ids: 1 items; minItems is 2");
        assertThatThrownBy(() -> bind(spec, "Ids", "a,b,c,d")).hasMessageContaining("parameter Ids: 4 items; maxItems is 3");
        assertThat(bind(spec, "Ids", "a,b").get("Ids")).hasSize(2);
    }

    @Test
    void allowedValues_checkTheDefaultToo() {
        assertThatThrownBy(() -> bind("Mode: {type: String, default: fast, allowedValues: [slow, safe]}", "Mode", null))
                .hasMessageContaining("parameter Mode: value \"fast\" is not one of the allowedValues");
    }

    @Test
    void types_areCoercedOrRejected() throws Exception {
        assertThat(bind("N: {type: Integer}", "N", "42").get("N").isIntegralNumber()).isTrue();
        assertThat(bind("B: {type: Boolean}", "B", "true").get("B").booleanValue()).isTrue();
        assertThat(bind("M: {type: StringMap}", "M", "{\"k\": \"v\"}").get("M").get("k").asText()).isEqualTo("v");
        assertThat(bind("L: {type: MapList}", "L", "[{\"k\": \"v\"}]").get("L")).hasSize(1);
        assertThatThrownBy(() -> bind("B: {type: Boolean}", "B", "yes")).hasMessageContaining("parameter B: value \"yes\" is not a Boolean");
        assertThatThrownBy(() -> bind("M: {type: StringMap}", "M", "[1]")).hasMessageContaining("parameter M: value \"[1]\" is not a StringMap");
    }

    @Test
    void requiredWithoutValue_andUnknownName_areErrors() {
        assertThatThrownBy(() -> bind("Name: {type: String}", "Name", null))
                .hasMessageContaining("parameter Name: is required and has no default; pass --param Name=VALUE");
        assertThatThrownBy(() -> bind("Name: {type: String, default: x}", "Nme", "y"))
                .hasMessageContaining("parameter Nme: the document declares no such parameter; declared: Name");
    }

    @Test
    void readParamsFile_aliases_areTheAnchoredValues(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("params.yaml");
        Files.writeString(file, "Region: &r eu-west-1\nRegions: [*r, us-east-1]\n");
        Map<String, JsonNode> values = ParameterBinder.readParamsFile(file);
        assertThat(values.get("Regions").toString()).isEqualTo("[\"eu-west-1\",\"us-east-1\"]");
    }

    @Test
    void readParamsFile_billionLaughs_refusedNamingTheLimit(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("params.yaml");
        Files.writeString(file, LocatedTreeTest.billionLaughs());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> ParameterBinder.readParamsFile(file))
                        .isInstanceOf(DocumentException.class)
                        .hasMessageStartingWith(file + ":")
                        .hasMessageContaining("too many alias expansions")
                        .hasMessageEndingWith("(limit 100000)"));
    }

    @Test
    void readParamsFile_overSizeLimit_refusedAtOnceNamingTheLimit(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("params.yaml");
        Files.writeString(file, "Name: \"" + "a".repeat(20 * 1024 * 1024) + "\"\n");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> ParameterBinder.readParamsFile(file))
                        .isInstanceOf(DocumentException.class)
                        .hasMessage(file + ": is too large (20971529 bytes); a params file may be at most 262144 bytes"
                                + " (256 KB; AWS counts parameter values in the document's 64 KB quota)"));
    }

    @Test
    void readParamsFile_justUnderSizeLimit_parses(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("params.yaml");
        String head = "Name: \"";
        String tail = "\"\n";
        int fill = 256 * 1024 - head.length() - tail.length();
        Files.writeString(file, head + "a".repeat(fill) + tail);
        assertThat(ParameterBinder.readParamsFile(file).get("Name").asText()).hasSize(fill);
    }
}

package dev.execscript.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.spec.JsonText;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The README's "Runbook tests" command end to end, its reports checked against the JUnit XML schema CI tools use. */
class RunbookTestCommandTest {

    private static final Path EXAMPLE = Path.of("../examples/runbook-tests");

    @TempDir
    Path dir;

    /** The Ant/Jenkins JUnit XML schema (windyroad/JUnit-Schema, Apache-2.0), validated with the JDK's own validator. */
    static void assertValidJUnitXml(Path xml) throws Exception {
        URL xsd = RunbookTestCommandTest.class.getResource("/junit-xml/JUnit.xsd");
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.newSchema(xsd).newValidator().validate(new StreamSource(xml.toFile()));
    }

    private static Document parse(Path xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    }

    @Test
    void test_example_everyCasePassesAndReportsAreValid() throws Exception {
        Path xml = dir.resolve("report.xml");
        Path json = dir.resolve("results.json");
        CliRun run = CliRun.of("test", EXAMPLE.toString(), "--junit-xml", xml.toString(), "--json", json.toString());
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(0);
        List<String> lines = run.stdout().lines().toList();
        String file = EXAMPLE.resolve("stop-idle-instance.test.yaml").toString();
        assertThat(lines).hasSize(6);
        assertThat(lines.subList(0, 5)).allSatisfy(l -> assertThat(l).startsWith("PASS  " + file + " > ").matches(".* \\(\\d+\\.\\d s\\)"));
        assertThat(lines.get(0)).contains("> stops and tags a running instance (");
        assertThat(lines.get(4)).contains("> a failed stop skips tagging and reports (onFailure) (");
        assertThat(lines.get(5)).startsWith("5 cases in 1 file: 5 passed, 0 failed, 0 errors (");

        assertValidJUnitXml(xml);
        Document report = parse(xml);
        NodeList cases = report.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(5);
        assertThat(((Element) cases.item(3)).getAttribute("name")).isEqualTo("an unexpected AWS error fails the runbook");
        assertThat(((Element) cases.item(3)).getAttribute("classname")).isEqualTo("stop-idle-instance");
        assertThat(report.getElementsByTagName("failure").getLength()).isZero();

        JsonNode results = JsonText.parseOrNull(Files.readString(json));
        assertThat(results.get("Summary").get("Passed").asInt()).isEqualTo(5);
        JsonNode unexpected = results.get("Cases").get(3);
        assertThat(unexpected.get("Outcome").asText()).isEqualTo("PASSED");
        assertThat(unexpected.get("AutomationExecution").get("AutomationExecutionStatus").asText()).isEqualTo("Failed");
        assertThat(unexpected.get("AutomationExecution").get("StepExecutions").get(0).get("AwsCalls").get(1).get("Operation").asText())
                .isEqualTo("DescribeInstances");
    }

    @Test
    void test_failingCase_exit1WithTheDiffAndAValidFailureReport() throws Exception {
        Files.writeString(dir.resolve("runbook.yaml"), dev.execscript.runbooktest.RunbookTestRunnerTestFixtures.RUNBOOK);
        Files.writeString(dir.resolve("runbook.test.yaml"), """
                document: runbook.yaml
                cases:
                  - name: passes
                    expect: {status: Success, outputs: {Make.Items: [item-0, item-1]}}
                  - name: "fails <&> \\u0007"
                    parameters: {Count: 1}
                    expect:
                      status: Success
                      steps: {Make: {outputs: {Items: [item-9]}}, After: notReached}
                """);
        Path xml = dir.resolve("out.xml");
        CliRun run = CliRun.of("test", dir.toString(), "--junit-xml", xml.toString());
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        assertThat(run.stdout()).contains("PASS  " + dir.resolve("runbook.test.yaml") + " > passes (")
                .contains("FAIL  " + dir.resolve("runbook.test.yaml") + " > fails <&> \\x07 (")
                .contains("\n      $.steps.Make.outputs.Items[0]: expected \"item-9\", got \"item-0\"\n")
                .contains("2 cases in 1 file: 1 passed, 1 failed, 0 errors");
        assertValidJUnitXml(xml);
        Element failure = (Element) parse(xml).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("$.steps.Make.outputs.Items[0]: expected \"item-9\", got \"item-0\"");
        assertThat(((Element) failure.getParentNode()).getAttribute("name")).isEqualTo("fails <&> \\u0007");
    }

    @Test
    void test_brokenFile_exit2NamingFileLineAndFieldBeforeAnythingRuns() throws IOException {
        Files.writeString(dir.resolve("runbook.yaml"), dev.execscript.runbooktest.RunbookTestRunnerTestFixtures.RUNBOOK);
        Path broken = Files.writeString(dir.resolve("runbook.test.yaml"), """
                document: runbook.yaml
                cases:
                  - name: a
                    expect:
                      status: Success
                      steps:
                        Mkae: Success
                """);
        CliRun run = CliRun.of("test", broken.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("execscript: " + broken + ":7: cases[0].expect.steps.Mkae: the runbook has no step 'Mkae'")
                .doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void junitSchema_suiteWithoutSystemOut_isRejected() throws IOException {
        // The check above is only worth something if the schema refuses what CI tools would not read.
        Path xml = Files.writeString(dir.resolve("bad.xml"), "<testsuites><testsuite name=\"a\" package=\"a\" id=\"0\" "
                + "timestamp=\"2026-01-02T03:04:05\" hostname=\"h\" tests=\"0\" failures=\"0\" errors=\"0\" time=\"0\">"
                + "<properties/><system-err/></testsuite></testsuites>");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertValidJUnitXml(xml))
                .isInstanceOf(org.xml.sax.SAXParseException.class).hasMessageContaining("system-err");
    }

    @Test
    void test_directoryWithoutTestFiles_exit2() {
        CliRun run = CliRun.of("test", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("no runbook test files (*.test.yaml, *.test.yml, *.test.json) under " + dir);
    }
}

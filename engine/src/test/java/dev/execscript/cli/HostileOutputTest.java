package dev.execscript.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.automation.ResultBudget;
import dev.execscript.output.OutputCapture;
import dev.execscript.output.TextCut;
import dev.execscript.spec.JsonText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile scripts and documents through the CLI's entry point: whatever they print, raise or hold, stdout
 * and stderr stay within the documented bounds and no raw control character reaches the terminal.
 */
class HostileOutputTest {

    /** What a terminal must never get raw (tab and newline are fine). */
    private static final Pattern RAW_CONTROL = Pattern.compile(
            "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069]");

    @TempDir
    Path dir;

    private Path document(String stepName, String script) throws Exception {
        return document(stepName, script, null);
    }

    /** A JSON document with one Python step; {@code nextStep} may point back at it. */
    private Path document(String stepName, String script, String nextStep) throws Exception {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode doc = f.objectNode().put("schemaVersion", "0.3");
        ObjectNode step = doc.putArray("mainSteps").addObject().put("name", stepName).put("action", "aws:executeScript");
        if (nextStep != null) {
            step.put("nextStep", nextStep);
        }
        step.putObject("inputs").put("Runtime", "python3.11").put("Handler", "handler").put("Script", script);
        Path file = Files.createTempFile(dir, "doc", ".json");
        Files.writeString(file, JsonText.write(doc));
        return file;
    }

    private Path policy(String maxOutputBytes) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "maxOutputBytes: " + maxOutputBytes + "\n");
        return file;
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The lines a step's script printed, as stderr shows them, without the "[Step] " prefix. */
    private static List<String> scriptLines(CliRun r, String step) {
        return r.stderr().lines().filter(l -> l.startsWith("[" + step + "] ")).map(l -> l.substring(step.length() + 3)).toList();
    }

    private static void assertTerminalSafe(String text) {
        assertThat(RAW_CONTROL.matcher(text).find()).as("a raw control character in %s", text.length() > 300
                ? text.substring(0, 300) + "..." : text).isFalse();
    }

    private static void assertLiveCapped(CliRun r, String step, int maxOutputBytes) {
        assertLiveCapped(r, step, maxOutputBytes, 0);
    }

    /**
     * Script text on stderr within maxOutputBytes (plus what escaping control characters added to it),
     * then exactly one marker line.
     */
    private static void assertLiveCapped(CliRun r, String step, int maxOutputBytes, int escapeGrowth) {
        List<String> lines = scriptLines(r, step);
        String marker = OutputCapture.marker(maxOutputBytes);
        assertThat(lines).filteredOn(l -> l.startsWith("[execscript: output cut")).containsExactly(marker);
        assertThat(lines.getLast()).isEqualTo(marker);
        long printed = lines.subList(0, lines.size() - 1).stream().mapToLong(l -> bytes(l) + 1).sum();
        assertThat(printed).isLessThanOrEqualTo(maxOutputBytes + escapeGrowth);
        assertThat(lines).allMatch(l -> bytes(l) <= OutputCapture.MAX_LINE_BYTES);
    }

    @Test
    void run_printFlood_stderrCarriesAtMostMaxOutputBytesAndOneMarker() throws Exception {
        Path doc = document("Flood", """
                def handler(events, context):
                    for i in range(5000):
                        print("flood line", i)
                    return "survived"
                """);
        CliRun r = CliRun.of("run", doc.toString(), "--policy", policy("4KB").toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertLiveCapped(r, "Flood", 4096);
        assertThat(bytes(r.stderr())).isLessThan(8 * 1024);
        assertThat(r.step(0).get("ScriptOutput").asText()).startsWith("flood line 0\n")
                .endsWith("; 78890 bytes were printed in all]\n");
        assertTerminalSafe(r.stderr());
    }

    @Test
    void run_printFloodAtTheDefaultPolicy_stderrStaysNearOneMiB() throws Exception {
        Path doc = document("Flood", """
                def handler(events, context):
                    for i in range(200):
                        print("\\n".join("flood line %d" % j for j in range(i * 1000, (i + 1) * 1000)))
                    return "survived"
                """);
        CliRun r = CliRun.of("run", doc.toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertLiveCapped(r, "Flood", 1024 * 1024);
        // 1 MiB of lines of about 16 bytes, each with the 8-byte prefix "[Flood] ".
        assertThat(bytes(r.stderr())).isLessThan(2 * 1024 * 1024);
        // ScriptOutput's 1 MiB, each newline written as \n in JSON.
        assertThat(bytes(r.stdout())).isLessThan(1024 * 1024 + 1024 * 1024 / 8);
    }

    @Test
    void run_100MBWithoutNewline_isCutIntoBoundedLinesAndCapped() throws Exception {
        Path doc = document("NoLine", """
                import sys
                def handler(events, context):
                    chunk = "x" * 1_000_000
                    for _ in range(100):
                        sys.stdout.write(chunk)
                    return 1
                """);
        CliRun r = CliRun.of("run", doc.toString(), "--policy", policy("64KB").toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertLiveCapped(r, "NoLine", 64 * 1024);
        assertThat(scriptLines(r, "NoLine")).hasSize(5); // four whole 16 KiB pieces minus their newlines' room, then the marker
        assertThat(bytes(r.stderr())).isLessThan(64 * 1024 + 1024);
        assertThat(r.step(0).get("ScriptOutput").asText()).endsWith("; 100000000 bytes were printed in all]\n");
    }

    @Test
    void run_writesToFileDescriptor2_areCapturedCappedAndEscaped() throws Exception {
        Path doc = document("Fd2", """
                import os, sys
                def handler(events, context):
                    os.write(2, b"\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J\\r[Forged] evil\\x00\\n")
                    for i in range(3000):
                        os.write(2, b"fd2 line %d\\n" % i)
                        sys.__stderr__.write("dunder line %d\\n" % i)
                    return 1
                """);
        CliRun r = CliRun.of("run", doc.toString(), "--policy", policy("4KB").toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).startsWith("[Fd2] \\x1b]52;c;aGVsbG8=\\x07\\x1b[2J\\x0d[Forged] evil\\x00\n[Fd2] fd2 line 0\n"
                + "[Fd2] dunder line 0\n");
        // Nine control characters, each escaped in four characters.
        assertLiveCapped(r, "Fd2", 4096, 9 * 3);
        assertTerminalSafe(r.stderr());
        assertTerminalSafe(r.stdout());
        assertThat(r.step(0).get("ScriptOutput").asText()).startsWith("\u001b]52;c;aGVsbG8=\u0007\u001b[2J\r[Forged] evil\u0000\n");
    }

    @Test
    void run_50MBExceptionMessage_resultFieldsAreCutAtTheTextLimit() throws Exception {
        Path doc = document("Raise", """
                def handler(events, context):
                    raise ValueError("m" * 50_000_000)
                """);
        CliRun r = CliRun.of("run", doc.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode step = r.step(0);
        assertThat(step.get("FailureMessage").asText()).startsWith("the handler 'handler' raised ValueError: mmm")
                .hasSizeLessThanOrEqualTo(TextCut.MAX_TEXT_CHARS).contains("[execscript: cut at 65,536 characters of ");
        JsonNode details = step.get("FailureDetails").get("Details");
        assertThat(details.get("ExceptionMessage").get(0).asText()).startsWith("mmm").hasSizeLessThanOrEqualTo(TextCut.MAX_TEXT_CHARS)
                .endsWith("m\n[execscript: cut at 65,536 characters of 50,000,000 (text limit)]");
        assertThat(details.get("StackTrace").get(0).asText()).startsWith("Traceback").hasSizeLessThanOrEqualTo(TextCut.MAX_TEXT_CHARS);
        // Step message, execution message (its first line), exception message and stack trace: four texts at the limit.
        assertThat(bytes(r.stdout())).isLessThan(4L * TextCut.MAX_TEXT_CHARS + 8 * 1024);
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void run_nextStepLoopPrintingAMiBEachTime_stopsAtTheResultLimit() throws Exception {
        Path doc = document("Loop", """
                def handler(events, context):
                    print(("z" * 1023 + "\\n") * 1100)
                    return 1
                """, "Loop");
        CliRun r = CliRun.of("run", doc.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode x = r.execution();
        assertThat(x.get("AutomationExecutionStatus").asText()).isEqualTo("Failed");
        assertThat(x.get("FailureMessage").asText())
                .isEqualTo("the execution's result reached its limit of 16,777,216 bytes; no further step was run");
        JsonNode steps = x.get("StepExecutions");
        assertThat(steps.size()).isBetween(14, 17);
        assertThat(steps.get(steps.size() - 1).get("ScriptOutput").asText())
                .isEqualTo("[execscript: left out: the execution's result reached its limit of 16,777,216 bytes]");
        assertThat(bytes(r.stdout())).isLessThanOrEqualTo(ResultBudget.MAX_RESULT_BYTES);
        // Live output follows what is kept: each step's at most 1 MiB, and steps stop with the result.
        assertThat(bytes(r.stderr())).isLessThan(ResultBudget.MAX_RESULT_BYTES + 2L * 1024 * 1024);
    }

    @Test
    void run_scriptNearTheDocumentLimit_inputsEchoIsCutAtTheTextLimit() throws Exception {
        // 240 KB: under the 256 KB document limit (YamlLimits), far over the 64 K text limit.
        String script = ("# " + "p".repeat(98) + "\n").repeat(2_400) + "def handler(events, context):\n    return 1\n";
        CliRun r = CliRun.of("run", document("Long", script).toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        // AWS echoes each input as JSON text: here a JSON string, cut inside.
        String echoed = JsonText.parseOrNull(r.step(0).get("Inputs").get("Script").asText()).asText();
        assertThat(echoed).startsWith("# ppp").hasSizeLessThanOrEqualTo(TextCut.MAX_TEXT_CHARS)
                .endsWith("\n[execscript: cut at 65,536 characters of %,d (text limit)]".formatted(script.length()));
        assertThat(bytes(r.stdout())).isLessThan(TextCut.MAX_TEXT_CHARS * 2L + 8 * 1024);
    }

    private static final String HOSTILE = "\\x1b]0;pwned\\x07\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J\\r[Other] forged\\x00"
            + " \\u202e rtl \\x9b csi \\x7f del\\tend";
    private static final String HOSTILE_RAW = "\u001b]0;pwned\u0007\u001b]52;c;aGVsbG8=\u0007\u001b[2J\r[Other] forged\u0000"
            + " \u202e rtl \u009b csi \u007f del\tend";
    private static final String HOSTILE_ESCAPED = "\\x1b]0;pwned\\x07\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J\\x0d[Other] forged\\x00"
            + " \\u202e rtl \\x9b csi \\x7f del\tend";

    @Test
    void run_controlCharactersFromPrintAndException_areEscapedOnBothStreams() throws Exception {
        Path doc = document("Hostile", """
                def handler(events, context):
                    print("%s")
                    raise ValueError("%s")
                """.formatted(HOSTILE, HOSTILE));
        CliRun r = CliRun.of("run", doc.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("[Hostile] " + HOSTILE_ESCAPED + "\n");
        assertTerminalSafe(r.stderr());
        assertTerminalSafe(r.stdout());
        // Escaped JSON, and the same text once parsed.
        assertThat(r.step(0).get("ScriptOutput").asText()).isEqualTo(HOSTILE_RAW + "\n");
        assertThat(r.step(0).get("FailureDetails").get("Details").get("ExceptionMessage").get(0).asText()).isEqualTo(HOSTILE_RAW);

        CliRun two = CliRun.of("run", doc.toString(), doc.toString());
        assertThat(two.stdout().lines()).hasSize(2);
        assertTerminalSafe(two.stdout());
        assertThat(JsonText.parseOrNull(two.stdout().lines().findFirst().orElseThrow()).at("/AutomationExecution/FailureMessage")
                .asText()).contains(HOSTILE_RAW);
    }

    @Test
    void run_controlCharactersInAStepName_errorMessageIsEscaped() throws Exception {
        Path doc = document("Bad\u001b]0;title\u0007\r[Forged]", "def handler(e, c):\n    return 1\n");
        CliRun r = CliRun.of("run", doc.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        // Quoted as an excerpt (Excerpt: one line, controls as \\uXXXX), so nothing raw reaches the terminal.
        assertThat(r.stderr()).contains("step name 'Bad\\u001B]0;title\\u0007\\r[Forged]' may only hold letters, digits and '_'");
        assertTerminalSafe(r.stderr());
    }

    @Test
    void run_controlCharactersInAParameterValue_errorMessageIsEscaped() throws Exception {
        Path doc = dir.resolve("param.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                parameters:
                  Name:
                    type: String
                    allowedPattern: '^[a-z]+$'
                mainSteps:
                  - name: Hello
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: handler
                      Script: "def handler(e, c):\\n    return 1\\n"
                """);
        CliRun r = CliRun.of("run", doc.toString(), "--param", "Name=\u001b[2J\u001b]52;c;aGVsbG8=\u0007\revil\u202e");

        assertThat(r.exitCode()).isEqualTo(2);
        // The value is quoted as an excerpt (Excerpt: controls and bidi characters as \\uXXXX).
        assertThat(r.stderr()).contains("\"\\u001B[2J\\u001B]52;c;aGVsbG8=\\u0007\\revil\\u202E\"");
        assertTerminalSafe(r.stderr());
    }

    @Test
    void run_aHugeParameterValueInAnError_isQuotedAsAShortExcerpt() throws Exception {
        Path doc = dir.resolve("param.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                parameters:
                  Name:
                    type: String
                    allowedValues: [a, b]
                mainSteps:
                  - name: Hello
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: handler
                      Script: "def handler(e, c):\\n    return 1\\n"
                """);
        CliRun r = CliRun.of("run", doc.toString(), "--param", "Name=" + "v".repeat(1_000_000));

        assertThat(r.exitCode()).isEqualTo(2);
        // Quoted as an excerpt of the value as JSON: 80 characters (the quote and 79 v) and the length.
        assertThat(r.stderr()).contains("\"" + "v".repeat(79) + "... (1000002 characters)");
        assertThat(bytes(r.stderr())).isLessThan(1_000);
    }
}

package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs each Python step a case executed again under the machine's CPython (harness/cpython_harness.py),
 * with the events, context, script and handler the engine reports it used, and compares: equal payloads
 * as parsed JSON, or the same exception type. GraalPy is meant to behave like CPython; this catches
 * where it does not.
 */
final class CpythonDifferential {

    enum Verdict { agree, differ, skipped }

    record StepComparison(String step, Verdict verdict, String detail) {
    }

    record Result(Verdict verdict, List<StepComparison> steps, String detail) {
        static Result skipped(String why) {
            return new Result(Verdict.skipped, List.of(), why);
        }
    }

    private static final long HARNESS_LIMIT_SECONDS = 60;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH.mm.ss");

    private final String python;
    private final Path harness;
    private final String unavailable;
    private final String version;

    CpythonDifferential(String python, Path harness) {
        this.python = python;
        this.harness = harness;
        String why = null;
        String v = null;
        if (python == null || python.isBlank()) {
            why = "no CPython configured (-Dconformance.python is empty)";
        } else if (!Files.isRegularFile(harness)) {
            why = "harness missing: " + harness;
        } else {
            try {
                Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.version.split()[0])").redirectErrorStream(true).start();
                v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0 || !v.startsWith("3.")) {
                    why = "'" + python + "' is not a working CPython 3: " + v;
                }
            } catch (IOException e) {
                why = "'" + python + "' not found on PATH: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why = "interrupted";
            }
        }
        this.unavailable = why;
        this.version = why == null ? v : null;
        if (why != null) {
            System.err.println("conformance: the CPython differential check is skipped: " + why);
        }
    }

    String unavailableReason() {
        return unavailable;
    }

    String version() {
        return version;
    }

    Result compare(ConformanceCase c, CliOutcome outcome) {
        if (unavailable != null) {
            return Result.skipped(unavailable);
        }
        if (c.differential() == ConformanceCase.DifferentialMode.skip) {
            return Result.skipped(c.differentialReason());
        }
        if (outcome.execution() == null) {
            return Result.skipped("no execution to compare (exit code " + outcome.exitCode() + ")");
        }
        List<StepComparison> steps = new ArrayList<>();
        for (JsonNode step : outcome.execution().path("StepExecutions")) {
            StepComparison s = compareStep(c, outcome, step);
            if (s != null) {
                steps.add(s);
            }
        }
        if (steps.isEmpty()) {
            return Result.skipped("no Python step ran its script");
        }
        if (steps.stream().anyMatch(s -> s.verdict() == Verdict.differ)) {
            return new Result(Verdict.differ, steps, "");
        }
        if (steps.stream().allMatch(s -> s.verdict() == Verdict.skipped)) {
            return new Result(Verdict.skipped, steps, steps.get(0).detail());
        }
        return new Result(Verdict.agree, steps, "");
    }

    /** Null when the step did not run a Python script (other action, input error, time-out). */
    private StepComparison compareStep(ConformanceCase c, CliOutcome outcome, JsonNode step) {
        String name = step.path("StepName").asText();
        JsonNode inputs = step.path("Inputs");
        JsonNode runtime = textInput(inputs, "Runtime");
        if (runtime == null || !runtime.asText().startsWith("python")) {
            return null;
        }
        String status = step.path("StepStatus").asText();
        boolean ran = "Success".equals(status)
                || ("Failed".equals(status) && "Invocation".equals(step.path("FailureDetails").path("FailureStage").asText()));
        if (!ran) {
            return null;
        }
        String handler = textInput(inputs, "Handler") == null ? "" : textInput(inputs, "Handler").asText();
        String script;
        String filename = name + ".py";
        JsonNode attachment = textInput(inputs, "Attachment");
        if (attachment != null && !attachment.asText().isEmpty()) {
            String file = attachment.asText();
            script = c.attachmentText(file);
            if (script == null || !file.endsWith(".py")) {
                return new StepComparison(name, Verdict.skipped, "attachment " + file + " is not an inline .py file of the case");
            }
            String module = file.substring(0, file.length() - 3);
            handler = handler.startsWith(module + ".") ? handler.substring(module.length() + 1) : handler;
            filename = file;
        } else {
            JsonNode s = textInput(inputs, "Script");
            if (s == null) {
                return null;
            }
            script = s.asText();
        }
        JsonNode events;
        try {
            events = events(inputs);
        } catch (IllegalArgumentException e) {
            // The engine reports inputs cut to a maximum length; a cut InputPayload cannot be given to CPython.
            return new StepComparison(name, Verdict.skipped, "the InputPayload the engine reports is not whole JSON (cut for length?)");
        }
        JsonNode cpython;
        try {
            cpython = runHarness(request(c, outcome, step, events, script, filename, handler, 102_400));
        } catch (IOException | RuntimeException e) {
            return new StepComparison(name, Verdict.differ, "the harness failed: " + e.getMessage());
        }
        return judge(name, step, cpython);
    }

    private static ObjectNode request(ConformanceCase c, CliOutcome outcome, JsonNode step, JsonNode events, String script,
            String filename, String handler, int maxBytes) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("script", script);
        request.put("filename", filename);
        request.put("handler", handler);
        request.set("events", events);
        request.set("context", context(c, outcome, step));
        request.put("maxItems", 100);
        request.put("maxBytes", maxBytes);
        return request;
    }

    /**
     * The payload CPython gives for one inline-script step of the run, with the same events and context; for
     * cases that compare the payload piece by piece (a module table) rather than as a whole.
     *
     * @throws IllegalStateException when the step is not in the run, has no inline script, or CPython fails
     */
    JsonNode payloadOf(ConformanceCase c, CliOutcome outcome, String stepName) {
        if (unavailable != null) {
            throw new IllegalStateException("CPython unavailable: " + unavailable);
        }
        JsonNode step = outcome.execution() == null ? null : outcome.step(stepName);
        JsonNode script = step == null ? null : textInput(step.path("Inputs"), "Script");
        if (script == null) {
            throw new IllegalStateException("step " + stepName + " did not run an inline script");
        }
        JsonNode handler = textInput(step.path("Inputs"), "Handler");
        JsonNode cpython;
        try {
            // No size cut: the table is compared module by module.
            cpython = runHarness(request(c, outcome, step, events(step.path("Inputs")), script.asText(), stepName + ".py",
                    handler == null ? "" : handler.asText(), Integer.MAX_VALUE));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the harness failed: " + e.getMessage(), e);
        }
        if (!"ok".equals(cpython.path("outcome").asText()) || !cpython.has("payload")) {
            throw new IllegalStateException("CPython did not return a payload: " + ParsedJson.abbreviate(ParsedJson.write(cpython), 500));
        }
        return cpython.get("payload");
    }

    private static StepComparison judge(String name, JsonNode step, JsonNode cpython) {
        String outcome = cpython.path("outcome").asText();
        if ("skipped".equals(outcome)) {
            return new StepComparison(name, Verdict.skipped, cpython.path("reason").asText());
        }
        boolean engineOk = "Success".equals(step.path("StepStatus").asText());
        if (engineOk && "ok".equals(outcome)) {
            // Only a cut for size counts here; both sides cut a long top-level list to 100 items the same way.
            boolean engineCut = step.path("PayloadTruncated").asBoolean(false)
                    && step.path("PayloadTruncation").asText().contains("maxPayloadBytes");
            boolean cpythonCut = cpython.path("truncated").asBoolean(false);
            if (engineCut != cpythonCut) {
                return new StepComparison(name, Verdict.differ, "over 100 KB: engine " + engineCut + ", CPython " + cpythonCut);
            }
            if (engineCut) {
                return new StepComparison(name, Verdict.agree, "both over the size limit");
            }
            JsonNode graal = CliOutcome.payload(step);
            JsonNode cp = cpython.get("payload");
            return ParsedJson.sameValue(graal, cp)
                    ? new StepComparison(name, Verdict.agree, "same payload")
                    : new StepComparison(name, Verdict.differ, "payloads differ: GraalPy " + ParsedJson.abbreviate(ParsedJson.write(graal), 800)
                            + " / CPython " + ParsedJson.abbreviate(ParsedJson.write(cp), 800));
        }
        if (!engineOk && "error".equals(outcome)) {
            String engineType = step.path("FailureDetails").path("Details").path("ExceptionType").path(0).asText();
            String cpType = cpython.path("type").asText();
            boolean engineEncode = engineType.startsWith("Payload") || step.path("FailureMessage").asText().contains("output payload");
            if (engineType.equals(cpType) || (engineEncode && "encode".equals(cpython.path("stage").asText()))) {
                return new StepComparison(name, Verdict.agree, "both fail with " + engineType);
            }
            return new StepComparison(name, Verdict.differ, "exception types differ: GraalPy " + engineType + " / CPython "
                    + cpType + " (" + cpython.path("message").asText() + ")");
        }
        return new StepComparison(name, Verdict.differ, engineOk
                ? "GraalPy succeeded, CPython failed: " + cpython
                : "GraalPy failed (" + ParsedJson.abbreviate(step.path("FailureMessage").asText(), 300) + "), CPython succeeded");
    }

    /** An input as the engine reports it: the JSON text of the resolved value. */
    private static JsonNode textInput(JsonNode inputs, String name) {
        if (!inputs.has(name)) {
            return null;
        }
        try {
            return ParsedJson.parse(inputs.get(name).asText());
        } catch (IllegalArgumentException e) {
            return inputs.get(name);
        }
    }

    private static JsonNode events(JsonNode inputs) {
        JsonNode payload = textInput(inputs, "InputPayload");
        if (payload == null || payload.isNull() || (payload.isTextual() && payload.asText().isBlank())) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (payload.isTextual()) {
            return ParsedJson.parse(payload.asText()); // a whole-payload reference resolves to JSON text
        }
        return payload;
    }

    /** The same-shaped context the engine passes; dates from the step's start, ids from the result. */
    private static ObjectNode context(ConformanceCase c, CliOutcome outcome, JsonNode step) {
        String account = option(c, "--account", "123456789012");
        String region = option(c, "--region", "us-east-1");
        String partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
        OffsetDateTime start = OffsetDateTime.parse(step.path("ExecutionStartTime").asText());
        ObjectNode ctx = JsonNodeFactory.instance.objectNode();
        ctx.put("automation:EXECUTION_ID", outcome.execution().path("AutomationExecutionId").asText());
        ctx.put("global:ACCOUNT_ID", account);
        ctx.put("global:REGION", region);
        ctx.put("global:AWS_PARTITION", partition);
        ctx.put("global:DATE", start.format(DATE));
        ctx.put("global:DATE_TIME", start.format(DATE_TIME));
        return ctx;
    }

    private static String option(ConformanceCase c, String name, String fallback) {
        int i = c.args().indexOf(name);
        return i >= 0 && i + 1 < c.args().size() ? c.args().get(i + 1) : fallback;
    }

    private JsonNode runHarness(JsonNode request) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(python, harness.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
        // Importing antigravity opens a web browser in CPython; "true" makes that a no-op on this machine.
        pb.environment().put("BROWSER", "true");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(ParsedJson.write(request).getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(HARNESS_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("CPython did not finish within " + HARNESS_LIMIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        String last = out.lines().reduce((a, b) -> b).orElse("");
        if (last.isBlank()) {
            throw new IllegalStateException("the harness printed nothing (exit code " + p.exitValue() + ")");
        }
        return ParsedJson.parse(last);
    }
}

package dev.execscript.automation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.answering.AwsSession;
import dev.execscript.attachment.ArchiveException;
import dev.execscript.attachment.ZipArchive;
import dev.execscript.document.DocumentException;
import dev.execscript.execution.StepExecution;
import dev.execscript.python.PythonInvocation;
import dev.execscript.python.PythonRunner;
import dev.execscript.python.PythonScript;
import dev.execscript.runtime.FailureType;
import dev.execscript.runtime.ScriptOutcome;
import dev.execscript.runtime.StepStatus;
import dev.execscript.spec.AttachmentSpec;
import dev.execscript.spec.AutomationDocument;
import dev.execscript.spec.DocumentParser;
import dev.execscript.spec.JsonText;
import dev.execscript.spec.OutputSpec;
import dev.execscript.spec.ScriptInputRules;
import dev.execscript.spec.StepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The aws:executeScript action: resolves a step's inputs, runs its script, and builds its outputs. */
final class ExecuteScriptAction {

    private final PythonRunner python;
    private final PowerShellAction powerShell = new PowerShellAction();

    ExecuteScriptAction(PythonRunner python) {
        this.python = python;
    }

    /**
     * Reads and checks every attachment the document's steps use, once each, so that a missing file, a
     * wrong checksum or a hostile archive stops the run before any step; returns their files by name.
     */
    Map<String, CheckedAttachment> prepare(AutomationDocument doc, RunOptions options) throws DocumentException {
        Map<String, CheckedAttachment> attachments = new HashMap<>();
        for (StepSpec step : doc.steps()) {
            if (options.policy().strictRuntimes()) {
                checkRuntime(doc, step);
            }
            String attachment = step.isExecuteScript() ? step.inputs().path("Attachment").asText("") : "";
            if (!attachment.isEmpty() && !attachments.containsKey(attachment)) {
                attachments.put(attachment, attachment(doc, options, attachment));
            }
        }
        return attachments;
    }

    /** Under strictRuntimes, a Runtime AWS no longer runs or does not list is an input error at its line. */
    private static void checkRuntime(AutomationDocument doc, StepSpec step) throws DocumentException {
        String problem = step.isExecuteScript() ? step.runtime().awsProblem() : null;
        if (problem != null) {
            throw new DocumentException(doc.path() == null ? doc.name() : doc.path().toString(), step.runtimeLine(),
                    step.runtimeField(), "Runtime " + problem + " (refused: strictRuntimes is on)");
        }
    }

    /**
     * An attachment read, checksum-verified and, for a zip, checked for hostile content, from those same
     * bytes: a .py file is one file, a .zip its checked archive.
     */
    static CheckedAttachment attachment(AutomationDocument doc, RunOptions options, String name) throws DocumentException {
        AttachmentSpec spec = doc.files().get(name);
        byte[] bytes = readAttachment(doc, options, spec);
        if (!name.endsWith(".zip")) {
            return CheckedAttachment.singleFile(name, bytes);
        }
        try {
            return CheckedAttachment.of(ZipArchive.read(name, bytes, options.archiveLimits()));
        } catch (ArchiveException e) {
            throw new DocumentException(doc.path() == null ? doc.name() : doc.path().toString(), spec.line(),
                    "files." + name, e.getMessage());
        }
    }

    /** The attachment's bytes, after checking it exists and matches its declared checksum. */
    static byte[] readAttachment(AutomationDocument doc, RunOptions options, AttachmentSpec spec) throws DocumentException {
        Path dir = options.attachmentsDirectory() != null ? options.attachmentsDirectory() : doc.directory();
        Path file = dir.resolve(spec.name()).normalize();
        String source = doc.path() == null ? doc.name() : doc.path().toString();
        if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
            throw new DocumentException(source, spec.line(), "files." + spec.name(),
                    "attachment not found at " + file + " (set the directory with --attachments DIR)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DocumentException(source, spec.line(), "files." + spec.name(), "attachment cannot be read: " + e.getMessage());
        }
        if (spec.sha256() != null) {
            String actual = sha256(bytes);
            if (!actual.equals(spec.sha256())) {
                throw new DocumentException(source, spec.line(), "files." + spec.name() + ".checksums.sha256",
                        "checksum mismatch for " + file + ": the document says " + spec.sha256() + ", the file has " + actual);
            }
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    StepExecution run(StepSpec step, StepContext context, int attempt) {
        Instant start = Instant.now();
        JsonNode inputs;
        try {
            inputs = context.resolve(step.inputs());
        } catch (DocumentException e) {
            return failed(step, step.inputs(), start, "Verification", FailureType.Verification, e.getMessage(), attempt);
        }
        JsonNode payload = inputs.get("InputPayload");
        if (payload == null || payload.isNull() || (payload.isTextual() && payload.asText().isBlank())) {
            payload = JsonNodeFactory.instance.objectNode();
        } else if (payload.isTextual()) {
            JsonNode parsed = JsonText.parseOrNull(payload.asText());
            if (parsed == null || !parsed.isObject()) {
                return failed(step, inputs, start, "Verification", FailureType.Verification,
                        "InputPayload is not a JSON object after substitution: " + payload.asText(), attempt);
            }
            payload = parsed;
        }
        if (!step.runtime().isPython()) {
            return toStepExecution(step, inputs, start, powerShell.run(step, inputs, payload, timeout(step, context), context), attempt);
        }
        PythonScript script;
        try {
            script = pythonScript(step, inputs, context);
        } catch (DocumentException e) {
            return failed(step, inputs, start, "Verification", FailureType.Verification, e.getMessage(), attempt);
        }
        Duration timeout = timeout(step, context);
        AwsSession aws = context.aws.session(call -> context.options.awsCallListener().accept(step.name(), call), timeout);
        ScriptOutcome outcome = python.run(new PythonInvocation(script, JsonText.write(payload),
                JsonText.write(context.options.variables().handlerContext()), timeout, context.options.policy(),
                line -> context.options.liveOutput().accept(step.name(), line), aws));
        return withAwsCalls(toStepExecution(step, inputs, start, outcome, attempt), aws);
    }

    /**
     * The step with its script's AWS calls; failed when one got no answer, whatever the script made of the
     * exception it got (a timed-out step stays timed out).
     */
    static StepExecution withAwsCalls(StepExecution step, AwsSession aws) {
        StepExecution result = step;
        String unanswered = aws.unanswered().orElse(null);
        if (unanswered != null && step.status() != StepStatus.TimedOut) {
            result = step.failedBy(unanswered);
        }
        if (aws.omittedCalls() > 0) {
            List<String> notes = new java.util.ArrayList<>(result.notes());
            notes.add(String.format(java.util.Locale.ROOT, "%,d more AWS calls were made and not recorded (at most %,d per step)",
                    aws.omittedCalls(), aws.calls().size()));
            result = result.withNotes(notes);
        }
        return result.withAwsCalls(aws.calls());
    }

    static Duration timeout(StepSpec step, StepContext context) {
        Duration max = context.options.policy().wallClockTimeout();
        Duration own = Duration.ofSeconds(step.timeoutSeconds() == null ? DocumentParser.MAX_TIMEOUT_SECONDS : step.timeoutSeconds());
        return own.compareTo(max) < 0 ? own : max;
    }

    /**
     * What runs for a Python step. An inline Script is the entry point (an attachment's modules are then
     * importable from it). Without a Script, a .py attachment is the script ({@code file.function}, or a
     * bare function name as one AWS example uses) and a .zip attachment needs {@code module.function}.
     */
    private static PythonScript pythonScript(StepSpec step, JsonNode inputs, StepContext context) throws DocumentException {
        String handler = inputs.path("Handler").asText();
        String attachment = inputs.path("Attachment").asText("");
        String script = inputs.hasNonNull("Script") ? inputs.get("Script").asText() : null;
        if (attachment.isEmpty()) {
            return new PythonScript(script, step.name() + ".py", handler);
        }
        ScriptInputRules.Problem problem = ScriptInputRules.attachmentProblem(true, attachment, handler, script != null);
        if (problem != null) {
            throw DocumentException.usage(problem.message());
        }
        Map<String, byte[]> files = context.attachment(attachment).files();
        if (script == null && attachment.endsWith(".py")) {
            String module = attachment.substring(0, attachment.length() - 3);
            String function = handler.startsWith(module + ".") ? handler.substring(module.length() + 1) : handler;
            return new PythonScript(new String(files.get(attachment), StandardCharsets.UTF_8), attachment, function, files);
        }
        if (script == null) {
            return PythonScript.fromAttachment(handler, files);
        }
        return new PythonScript(script, step.name() + ".py", handler, files);
    }

    private static StepExecution toStepExecution(StepSpec step, JsonNode inputs, Instant start, ScriptOutcome outcome, int attempt) {
        StepExecution.Attempt ran = new StepExecution.Attempt(step.name(), step.action(), start, Instant.now(), inputs, attempt);
        if (!outcome.succeeded()) {
            return StepExecution.ended(ran, outcome);
        }
        JsonNode payload;
        try {
            payload = JsonText.parse(outcome.payloadJson());
        } catch (JsonProcessingException e) {
            // Never a silent null: the encoder's text is valid JSON within JsonText's limits, so this is a bug.
            return StepExecution.failed(ran, "Invocation", FailureType.Action,
                    "the output payload could not be read back: " + e.getOriginalMessage(), Map.of(), outcome.output());
        }
        ObjectNode document = OutputSelector.document(payload);
        Map<String, List<String>> outputs = new LinkedHashMap<>();
        Map<String, JsonNode> typed = new LinkedHashMap<>();
        // The encoder's own text, not the tree written again: that would keep only the last of keys json.dumps
        // wrote twice ({1: 'a', '1': 'b'}) and print floats Java's way (1.0E16 for 1e+16).
        outputs.put("OutputPayload", List.of("{\"Payload\":" + outcome.payloadJson() + "}"));
        typed.put("OutputPayload", payload);
        for (OutputSpec spec : step.outputs()) {
            try {
                JsonNode value = OutputSelector.select(spec, document);
                typed.put(spec.name(), value);
                outputs.put(spec.name(), OutputSelector.asAwsList(spec.type(), value));
            } catch (OutputSelector.OutputException e) {
                return StepExecution.outputFailed(ran, outputs, e.getMessage(), outcome.output(), outcome.truncation());
            }
        }
        return StepExecution.succeeded(ran, outputs, typed, outcome.output(), outcome.truncation());
    }

    private static StepExecution failed(StepSpec step, JsonNode inputs, Instant start, String stage, FailureType type,
            String message, int attempt) {
        return StepExecution.failed(new StepExecution.Attempt(step.name(), step.action(), start, Instant.now(), inputs, attempt),
                stage, type, message, Map.of(), null);
    }
}

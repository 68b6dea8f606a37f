package dev.execscript.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.execscript.answering.AwsAnswering;
import dev.execscript.answering.AwsBridge;
import dev.execscript.answering.AwsSession;
import dev.execscript.botocore.Boto3Installation;
import dev.execscript.aws.AwsCall;
import dev.execscript.aws.AwsResponses;
import dev.execscript.document.DocumentException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs each Python step a case executed again under the machine's CPython (harness/cpython_harness.py),
 * with the events, context, script and handler the engine reports it used, and compares: equal payloads
 * as parsed JSON, or the same exception type. GraalPy is meant to behave like CPython; this catches
 * where it does not.
 *
 * <p>A case with declared AWS responses runs its steps under CPython with the machine's boto3 and the engine's own
 * answering hook ({@code _execscript_aws.py}, loaded into the harness), whose bridge calls come back here over the
 * harness's pipes and are answered by the engine's {@link AwsAnswering} from the same file, its {@code times}
 * counted across the case's steps as in the engine. A case run against a stand-in endpoint has the harness's
 * {@code send} bridge calls go through the engine's own endpoint client to that same stand-in, so both sides get the
 * same answers. Then the calls each side recorded must agree too.
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

    private static final long HARNESS_LIMIT_SECONDS = 120;
    private static final String AWS_MODULE = "dev/execscript/python/modules/_execscript_aws.py";
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

    /**
     * @param awsResponses the responses file the engine was given, or null; its calls are then answered from the same
     *     file here
     * @param endpoint the AWS endpoint the engine sent its calls to, or null; CPython's calls are then sent there by the
     *     engine's own endpoint client (the bridge's {@code send}, as in the engine)
     */
    Result compare(ConformanceCase c, CliOutcome outcome, Path awsResponses, java.net.URI endpoint) {
        if (unavailable != null) {
            return Result.skipped(unavailable);
        }
        if (c.differential() == ConformanceCase.DifferentialMode.skip) {
            return Result.skipped(c.differentialReason());
        }
        if (outcome.execution() == null) {
            return Result.skipped("no execution to compare (exit code " + outcome.exitCode() + ")");
        }
        AwsAnswering answering = null;
        if (endpoint != null) {
            answering = new AwsAnswering(AwsResponses.none(), Optional.of(endpoint));
        } else if (awsResponses != null) {
            try {
                answering = new AwsAnswering(AwsResponses.load(awsResponses, List.of()), Optional.empty());
            } catch (DocumentException e) {
                return new Result(Verdict.differ, List.of(), "the engine ran with " + awsResponses + " but it does not load here: "
                        + e.getMessage());
            }
        }
        List<StepComparison> steps = new ArrayList<>();
        for (JsonNode step : outcome.execution().path("StepExecutions")) {
            StepComparison s = compareStep(c, outcome, step, answering);
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
    private StepComparison compareStep(ConformanceCase c, CliOutcome outcome, JsonNode step, AwsAnswering answering) {
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
        ObjectNode request = request(c, outcome, step, events, script, filename, handler, 102_400);
        AwsSession session = null;
        try {
            if (answering != null) {
                session = answering.session(call -> { }, Duration.ofSeconds(HARNESS_LIMIT_SECONDS));
                ObjectNode aws = request.putObject("aws");
                aws.put("module", awsModuleSource());
                awsImportPath().forEach(dir -> aws.withArray("path").add(dir.toString()));
                cpython = runHarness(request, session, option(c, "--region", "us-east-1"));
            } else {
                cpython = runHarness(request, null, null);
            }
        } catch (IOException | RuntimeException e) {
            return new StepComparison(name, Verdict.differ, "the harness failed: " + e.getMessage());
        }
        if (session == null) {
            return judge(name, step, cpython);
        }
        return judgeAws(name, step, cpython, session);
    }

    /**
     * As {@link #judge}, for a step whose AWS calls were answered: a call without an answer fails the step in the
     * engine whatever the script catches, so CPython's run with such a call counts as failed with the same message;
     * and the calls recorded here (service, operation, parameters, answer) must be the ones the engine recorded.
     */
    private static StepComparison judgeAws(String name, JsonNode step, JsonNode cpython, AwsSession session) {
        if ("skipped".equals(cpython.path("outcome").asText())) {
            return judge(name, step, cpython); // the script did not run there: no calls to compare
        }
        List<String> callDifferences = callDifferences(step.path("AwsCalls"), session.calls());
        StepComparison verdict;
        Optional<String> unanswered = session.unanswered();
        String engineBotocore = Boto3Installation.of(List.of()).botocore().map(Path::toString).orElse("");
        String cpythonBotocore = cpython.path("botocore").asText();
        if (cpython.has("botocore") && !realPath(cpythonBotocore).equals(realPath(engineBotocore + "/__init__.py"))) {
            return new StepComparison(name, Verdict.differ, "CPython imported botocore from " + cpythonBotocore + ", the engine from "
                    + engineBotocore);
        }
        if (unanswered.isPresent()) {
            boolean same = "Failed".equals(step.path("StepStatus").asText()) && step.path("FailureMessage").asText().contains(unanswered.get());
            verdict = same ? new StepComparison(name, Verdict.agree, "both fail: a call has no answer")
                    : new StepComparison(name, Verdict.differ, "under CPython a call had no answer (" + ParsedJson.abbreviate(unanswered.get(), 300)
                            + "); the engine's step: " + step.path("StepStatus").asText() + " "
                            + ParsedJson.abbreviate(step.path("FailureMessage").asText(), 300));
        } else {
            verdict = judge(name, step, cpython);
        }
        if (!callDifferences.isEmpty()) {
            return new StepComparison(name, Verdict.differ, verdict.detail() + "; AWS calls differ: " + String.join("; ", callDifferences));
        }
        return verdict.verdict() == Verdict.agree
                ? new StepComparison(name, Verdict.agree, verdict.detail() + ", same " + session.calls().size() + " AWS calls")
                : verdict;
    }

    private static List<String> callDifferences(JsonNode engineCalls, List<AwsCall> cpythonCalls) {
        List<String> out = new ArrayList<>();
        if (engineCalls.size() != cpythonCalls.size()) {
            List<String> a = new ArrayList<>();
            engineCalls.forEach(call -> a.add(call.path("Service").asText() + ":" + call.path("Operation").asText()));
            out.add("GraalPy made " + a + ", CPython " + cpythonCalls.stream().map(AwsCall::key).toList());
            return out;
        }
        for (int i = 0; i < cpythonCalls.size(); i++) {
            JsonNode g = engineCalls.get(i);
            AwsCall p = cpythonCalls.get(i);
            String at = "call " + (i + 1) + " ";
            if (!p.key().equals(g.path("Service").asText() + ":" + g.path("Operation").asText())) {
                out.add(at + "GraalPy " + g.path("Service").asText() + ":" + g.path("Operation").asText() + ", CPython " + p.key());
            } else if (!ParsedJson.sameValue(g.path("Parameters"), p.parameters())) {
                out.add(at + p.key() + " parameters: GraalPy " + ParsedJson.abbreviate(ParsedJson.write(g.path("Parameters")), 400)
                        + ", CPython " + ParsedJson.abbreviate(ParsedJson.write(p.parameters()), 400));
            } else if (!p.answer().equals(g.path("Answer").asText())) {
                out.add(at + p.key() + " answered: GraalPy '" + g.path("Answer").asText() + "', CPython '" + p.answer() + "'");
            }
        }
        return out;
    }

    private static Path awsImportDir;

    /**
     * Where the harness imports boto3 from: the packages the engine exposes to scripts (the same files, linked
     * from a directory of their own, so that neither side's other packages get in the way), whichever CPython runs.
     */
    private static synchronized List<Path> awsImportPath() throws IOException {
        Boto3Installation installation = Boto3Installation.of(List.of());
        if (awsImportDir == null) {
            Path dir = Files.createTempDirectory("conformance-boto3");
            for (Map.Entry<Path, java.util.Set<String>> filtered : installation.filteredDirectories().entrySet()) {
                for (String entry : filtered.getValue()) {
                    Files.createSymbolicLink(dir.resolve(entry), filtered.getKey().resolve(entry));
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteLinks(dir)));
            awsImportDir = dir;
        }
        List<Path> path = new ArrayList<>();
        path.add(awsImportDir);
        installation.importPath().stream().filter(p -> !installation.filteredDirectories().containsKey(p)).forEach(path::add);
        return path;
    }

    /** Deletes the directory of links (not what they point to). */
    private static void deleteLinks(Path dir) {
        try (var links = Files.list(dir)) {
            for (Path link : links.toList()) {
                Files.deleteIfExists(link);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("conformance: could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static String realPath(String file) {
        try {
            return file.isEmpty() ? "" : Path.of(file).toRealPath().toString();
        } catch (IOException e) {
            return file;
        }
    }

    private static String awsModuleSource() {
        try (InputStream in = CpythonDifferential.class.getClassLoader().getResourceAsStream(AWS_MODULE)) {
            if (in == null) {
                throw new IllegalStateException("the engine's " + AWS_MODULE + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                    handler == null ? "" : handler.asText(), Integer.MAX_VALUE), null, null);
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

    /**
     * Runs the harness on one request. With a session, the harness's bridge lines are answered by an {@link AwsBridge}
     * using it, and CPython's boto3 sees what the engine gives a script: placeholder credentials, the region, an empty
     * home (no ~/.aws files) and no instance metadata lookups.
     */
    private JsonNode runHarness(JsonNode request, AwsSession session, String region) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(python, harness.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
        // Importing antigravity opens a web browser in CPython; "true" makes that a no-op on this machine.
        pb.environment().put("BROWSER", "true");
        Path home = null;
        if (session != null) {
            home = Files.createTempDirectory("conformance-home");
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_"));
            env.put("HOME", home.toString());
            env.put("AWS_ACCESS_KEY_ID", "AKIAEXECSCRIPTLOCAL0");
            env.put("AWS_SECRET_ACCESS_KEY", "execscript-placeholder-secret-key");
            env.put("AWS_REGION", region);
            env.put("AWS_DEFAULT_REGION", region);
            env.put("AWS_EC2_METADATA_DISABLED", "true");
        }
        Process p = pb.start();
        // A hung script or bridge must end in a reported failure, not a hung build.
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(HARNESS_LIMIT_SECONDS, TimeUnit.SECONDS)).thenRun(p::destroyForcibly);
        AwsBridge bridge = new AwsBridge();
        bridge.use(session);
        String last = "";
        try (OutputStream in = p.getOutputStream();
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write((ParsedJson.write(request) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            if (session == null) {
                in.close(); // a script reading stdin gets end of file, as before
            }
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                JsonNode bridgeCall = line.startsWith("{\"bridge\"") ? ParsedJson.parse(line) : null;
                if (bridgeCall == null || session == null) {
                    last = line.isBlank() ? last : line;
                    continue;
                }
                JsonNode a = bridgeCall.path("args");
                String answer = switch (bridgeCall.path("bridge").asText()) {
                    case "call" -> bridge.call(a.path(0).asText(), a.path(1).asText(), a.path(2).asText());
                    case "send" -> bridge.send(a.path(0).asText(), a.path(1).asText(), a.path(2).asText(), a.path(3).asText());
                    case "endpoint" -> bridge.endpoint();
                    default -> throw new IllegalStateException("unknown bridge call: " + line);
                };
                in.write((ParsedJson.write(TextNode.valueOf(answer)) + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
        } finally {
            bridge.use(null);
        }
        try {
            if (!p.waitFor(HARNESS_LIMIT_SECONDS, TimeUnit.SECONDS) || watchdog.isDone()) {
                p.destroyForcibly();
                throw new IllegalStateException("CPython did not finish within " + HARNESS_LIMIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            watchdog.cancel(false);
            if (home != null) {
                Files.deleteIfExists(home);
            }
        }
        if (last.isBlank()) {
            throw new IllegalStateException("the harness printed nothing (exit code " + p.exitValue() + ")");
        }
        return ParsedJson.parse(last);
    }
}

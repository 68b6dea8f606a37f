package dev.execscript.runbooktest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.aws.AwsResponses;
import dev.execscript.document.DocumentException;
import dev.execscript.embed.Runbook;
import dev.execscript.runbooktest.Expectations.CallExpectation;
import dev.execscript.runbooktest.Expectations.CallOrder;
import dev.execscript.runbooktest.Expectations.ExpectedCall;
import dev.execscript.runbooktest.Expectations.FailureExpectation;
import dev.execscript.runbooktest.Expectations.StepExpectation;
import dev.execscript.runtime.FailureType;
import dev.execscript.spec.LocatedTree;
import dev.execscript.text.Excerpt;
import dev.execscript.text.LocatedYaml;
import dev.execscript.text.YamlInputException;
import dev.execscript.text.YamlLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a runbook test file into a {@link RunbookTestFile}; every problem is an error naming the file, line and field. */
final class CaseFileReader {

    /** A test file holds many cases, each perhaps with its own answers: more room than a document. */
    static final YamlLimits LIMITS = new YamlLimits("runbook test file", 4L * 1024 * 1024, 100, 1_000_000, "");

    private static final List<String> FILE_KEYS = List.of("document", "aws", "cases");
    private static final List<String> CASE_KEYS = List.of("name", "parameters", "aws", "expect");
    private static final List<String> EXPECT_KEYS = List.of("status", "failureMessage", "steps", "outputs", "awsCalls", "notCalled");
    private static final List<String> STEP_KEYS = List.of("status", "failure", "payload", "payloadTruncated", "outputs", "scriptOutput",
            "attempts", "awsCalls", "notCalled");
    private static final List<String> FAILURE_KEYS = List.of("type", "stage", "exception", "message");
    private static final List<String> CALL_KEYS = List.of("call", "step", "parameters", "answer");
    /** The FailureStage values the engine gives (as AWS does). */
    private static final List<String> FAILURE_STAGES = List.of("PreVerification", "Inputs", "Invocation", "PostVerification");
    private static final List<String> EXECUTION_STATUSES = List.of("Success", "Failed", "TimedOut", "Cancelled");

    private final Path path;
    private final List<Path> pythonPath;
    private String text;
    private LocatedTree tree;
    private Runbook runbook;

    CaseFileReader(Path path, List<Path> pythonPath) {
        this.path = path;
        this.pythonPath = pythonPath;
    }

    RunbookTestFile read() throws DocumentException {
        try {
            text = LIMITS.readFile(path);
        } catch (YamlInputException e) {
            throw new DocumentException(path, e.line(), null, e.problem());
        } catch (NoSuchFileException e) {
            throw new DocumentException(path, 0, null, "no such file");
        } catch (IOException e) {
            throw new DocumentException(path, 0, null, "the runbook test file cannot be read: " + e.getMessage());
        }
        tree = LocatedTree.parse(text, path.toString(), LIMITS);
        JsonNode root = tree.root();
        if (!root.isObject()) {
            throw tree.error("", "a runbook test file is a map with document, cases and optionally aws, e.g.\n"
                    + "document: my-runbook.yaml\ncases:\n  - name: succeeds\n    expect: {status: Success}");
        }
        keys("", root, FILE_KEYS);
        runbook = document(required("", "document"));
        AwsResponses shared = root.has("aws") ? responses("/aws") : AwsResponses.none();
        JsonNode cases = required("", "cases");
        if (!cases.isArray() || cases.isEmpty()) {
            throw tree.error("/cases", "cases is a non-empty list of cases, each with a name and expect");
        }
        List<RunbookTestCase> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            RunbookTestCase c = testCase("/cases/" + i, cases.get(i), shared);
            Integer first = names.putIfAbsent(c.name(), c.line());
            if (first != null) {
                throw tree.error("/cases/" + i + "/name", "the name '" + Excerpt.of(c.name()) + "' is already the name of the case on line " + first);
            }
            out.add(c);
        }
        return new RunbookTestFile(path, runbook, out);
    }

    private Runbook document(JsonNode value) throws DocumentException {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw tree.error("/document", "document is the path of the runbook under test, relative to this file");
        }
        Path doc = sibling(value.asText());
        if (!Files.isRegularFile(doc)) {
            throw tree.error("/document", "no such file: " + doc + " (the path is relative to this file)");
        }
        return Runbook.load(doc);
    }

    private Path sibling(String relative) {
        Path dir = path.getParent();
        return dir == null ? Path.of(relative) : dir.resolve(relative);
    }

    private AwsResponses responses(String at) throws DocumentException {
        JsonNode value = tree.root().at(at);
        if (value.isTextual()) {
            Path file = sibling(value.asText());
            if (!Files.isRegularFile(file)) {
                throw tree.error(at, "no such AWS responses file: " + file + " (the path is relative to this file)");
            }
            return AwsResponses.load(file, pythonPath);
        }
        if (value.isObject()) {
            return AwsResponses.parse(text, tree.source(), at, pythonPath);
        }
        throw tree.error(at, "aws is the path of an AWS responses file or the answers themselves (service:Operation to a list of "
                + "answers, as in --aws-responses)");
    }

    private RunbookTestCase testCase(String at, JsonNode node, AwsResponses shared) throws DocumentException {
        if (!node.isObject()) {
            throw tree.error(at, "a case is a map with name, expect and optionally parameters, aws");
        }
        keys(at, node, CASE_KEYS);
        JsonNode name = required(at, "name");
        if (!name.isTextual() || name.asText().isBlank()) {
            throw tree.error(at + "/name", "name is the case's name (text)");
        }
        Map<String, JsonNode> parameters = parameters(at + "/parameters", node.get("parameters"));
        AwsResponses responses = node.has("aws") ? responses(at + "/aws") : shared;
        Expectations expect = expectations(at + "/expect", required(at, "expect"));
        return new RunbookTestCase(name.asText(), tree.lineOf(at), parameters, responses, expect);
    }

    private Map<String, JsonNode> parameters(String at, JsonNode node) throws DocumentException {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (node == null) {
            values = Map.of();
        } else if (!node.isObject()) {
            throw tree.error(at, "parameters is a map of parameter name to value");
        } else {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!runbook.parameterNames().contains(e.getKey())) {
                    throw tree.error(LocatedYaml.pointer(at, e.getKey()), "the runbook declares no parameter '" + Excerpt.of(e.getKey())
                            + "'" + declared(runbook.parameterNames()));
                }
                values.put(e.getKey(), e.getValue());
            }
        }
        try {
            runbook.bindParameters(values);
        } catch (DocumentException e) {
            throw tree.error(at, e.problem());
        }
        return values;
    }

    private Expectations expectations(String at, JsonNode node) throws DocumentException {
        if (!node.isObject()) {
            throw tree.error(at, "expect is a map: status (required), and optionally failureMessage, steps, outputs, awsCalls, notCalled");
        }
        keys(at, node, EXPECT_KEYS);
        JsonNode status = required(at, "status");
        if (!status.isTextual() || !EXECUTION_STATUSES.contains(status.asText())) {
            throw tree.error(at + "/status", "status is the execution's status, one of " + String.join(", ", EXECUTION_STATUSES));
        }
        Map<String, StepExpectation> steps = new LinkedHashMap<>();
        JsonNode stepsNode = node.get("steps");
        if (stepsNode != null) {
            if (!stepsNode.isObject()) {
                throw tree.error(at + "/steps", "steps is a map of step name to a status or a map of what must hold for the step");
            }
            for (Map.Entry<String, JsonNode> e : stepsNode.properties()) {
                String stepAt = LocatedYaml.pointer(at + "/steps", e.getKey());
                if (!runbook.stepNames().contains(e.getKey())) {
                    throw tree.error(stepAt, "the runbook has no step '" + Excerpt.of(e.getKey()) + "'" + declared(runbook.stepNames()));
                }
                steps.put(e.getKey(), step(stepAt, e.getKey(), e.getValue()));
            }
        }
        Map<String, JsonNode> outputs = values(at + "/outputs", node.get("outputs"), runbook.outputNames(), "document outputs");
        return new Expectations(status.asText(), fragments(at + "/failureMessage", node.get("failureMessage")), steps, outputs,
                calls(at + "/awsCalls", node.get("awsCalls")), operations(at + "/notCalled", node.get("notCalled")));
    }

    private StepExpectation step(String at, String name, JsonNode node) throws DocumentException {
        if (node.isTextual()) {
            return StepExpectation.ofStatus(stepStatus(at, node));
        }
        if (!node.isObject()) {
            throw tree.error(at, "a step's expectation is its status (Success, Failed, TimedOut, Cancelled, notReached) or a map of "
                    + String.join(", ", STEP_KEYS));
        }
        keys(at, node, STEP_KEYS);
        String status = node.has("status") ? stepStatus(at + "/status", node.get("status")) : null;
        FailureExpectation failure = failure(at + "/failure", node.get("failure"));
        boolean notReached = Expectations.NOT_REACHED.equals(status);
        if (notReached && node.size() > 1) {
            throw tree.error(at, "a step that is notReached has nothing else to check");
        }
        JsonNode payload = node.get("payload");
        if (payload != null) {
            patterns(at + "/payload", payload);
        }
        Boolean truncated = null;
        JsonNode truncatedNode = node.get("payloadTruncated");
        if (truncatedNode != null) {
            if (!truncatedNode.isBoolean()) {
                throw tree.error(at + "/payloadTruncated", "payloadTruncated is true (the payload was cut to the size limit) or false");
            }
            truncated = truncatedNode.asBoolean();
        }
        Integer attempts = null;
        JsonNode attemptsNode = node.get("attempts");
        if (attemptsNode != null) {
            if (!attemptsNode.isIntegralNumber() || attemptsNode.asInt() < 1) {
                throw tree.error(at + "/attempts", "attempts is how many times the step was tried: a whole number, at least 1");
            }
            attempts = attemptsNode.asInt();
        }
        Map<String, JsonNode> outputs = values(at + "/outputs", node.get("outputs"), runbook.stepOutputNames(name), "outputs of step " + name);
        return new StepExpectation(status, failure, payload, truncated, outputs, fragments(at + "/scriptOutput", node.get("scriptOutput")),
                attempts, calls(at + "/awsCalls", node.get("awsCalls")), operations(at + "/notCalled", node.get("notCalled")));
    }

    private FailureExpectation failure(String at, JsonNode failure) throws DocumentException {
        if (failure == null) {
            return null;
        }
        if (!failure.isObject()) {
            throw tree.error(at, "failure is a map: type (a FailureType), stage (a FailureStage), exception (the exception type the "
                    + "script raised) and message (fragments of the failure message)");
        }
        keys(at, failure, FAILURE_KEYS);
        JsonNode t = failure.get("type");
        List<String> types = Arrays.stream(FailureType.values()).map(Enum::name).toList();
        if (t != null && (!t.isTextual() || !types.contains(t.asText()))) {
            throw tree.error(at + "/type", "type is one of " + String.join(", ", types));
        }
        JsonNode stage = failure.get("stage");
        if (stage != null && (!stage.isTextual() || !FAILURE_STAGES.contains(stage.asText()))) {
            throw tree.error(at + "/stage", "stage is one of " + String.join(", ", FAILURE_STAGES));
        }
        return new FailureExpectation(t == null ? null : t.asText(), stage == null ? null : stage.asText(),
                text(at + "/exception", failure.get("exception")), fragments(at + "/message", failure.get("message")));
    }

    /** A fragment, or a list of fragments, the text must each contain. */
    private List<String> fragments(String at, JsonNode node) throws DocumentException {
        if (node == null) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray() || node.isEmpty()) {
            throw tree.error(at, "a fragment of the text, or a list of fragments it must each contain");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(text(at + "/" + i, node.get(i)));
        }
        return out;
    }

    private String stepStatus(String at, JsonNode node) throws DocumentException {
        List<String> allowed = new ArrayList<>(EXECUTION_STATUSES);
        allowed.add(Expectations.NOT_REACHED);
        if (!node.isTextual() || !allowed.contains(node.asText())) {
            throw tree.error(at, "a step's status is one of " + String.join(", ", allowed));
        }
        return node.asText();
    }

    /** Expected values by name, each name one of {@code names}, patterns checked. */
    private Map<String, JsonNode> values(String at, JsonNode node, List<String> names, String what) throws DocumentException {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw tree.error(at, "outputs is a map of output name to the expected value");
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String valueAt = LocatedYaml.pointer(at, e.getKey());
            if (!names.contains(e.getKey())) {
                throw tree.error(valueAt, "no such output: the runbook's " + what + " are " + (names.isEmpty() ? "none" : String.join(", ", names)));
            }
            patterns(valueAt, e.getValue());
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Every {matches: REGEX} in an expected value must be a valid Java regular expression. */
    private void patterns(String at, JsonNode value) throws DocumentException {
        String regex = ValueMatch.pattern(value);
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw tree.error(at + "/matches", "invalid pattern: " + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "")
                        + " in /" + Excerpt.of(regex) + "/");
            }
            return;
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                patterns(LocatedYaml.pointer(at, e.getKey()), e.getValue());
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                patterns(at + "/" + i, value.get(i));
            }
        }
    }

    private CallExpectation calls(String at, JsonNode node) throws DocumentException {
        if (node == null) {
            return null;
        }
        CallOrder order = CallOrder.EXACTLY;
        String listAt = at;
        JsonNode list = node;
        if (node.isObject()) {
            if (node.size() != 1) {
                throw tree.error(at, "awsCalls is a list (these calls, in this order) or a map with one of exactly, anyOrder, including");
            }
            String key = node.fieldNames().next();
            order = Arrays.stream(CallOrder.values()).filter(o -> o.key.equals(key)).findFirst().orElse(null);
            if (order == null) {
                throw tree.error(LocatedYaml.pointer(at, key), "unknown key '" + Excerpt.of(key) + "' (awsCalls takes exactly, anyOrder or including)");
            }
            listAt = LocatedYaml.pointer(at, key);
            list = node.get(key);
        }
        if (!list.isArray()) {
            throw tree.error(listAt, "a list of calls, each service:Operation or {call: service:Operation, step: Name, parameters: {...}}");
        }
        List<ExpectedCall> calls = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            calls.add(call(listAt + "/" + i, list.get(i)));
        }
        return new CallExpectation(order, calls);
    }

    private ExpectedCall call(String at, JsonNode node) throws DocumentException {
        if (node.isTextual()) {
            return new ExpectedCall(operation(at, node), null, null);
        }
        if (!node.isObject()) {
            throw tree.error(at, "a call is service:Operation or {call: service:Operation, step: Name, parameters: {...}, answer: text}");
        }
        keys(at, node, CALL_KEYS);
        String key = operation(at + "/call", required(at, "call"));
        String step = text(at + "/step", node.get("step"));
        if (step != null && !runbook.stepNames().contains(step)) {
            throw tree.error(at + "/step", "the runbook has no step '" + Excerpt.of(step) + "'" + declared(runbook.stepNames()));
        }
        JsonNode parameters = node.get("parameters");
        if (parameters != null) {
            if (!parameters.isObject()) {
                throw tree.error(at + "/parameters", "parameters is a map of the request parameters that matter");
            }
            patterns(at + "/parameters", parameters);
        }
        return new ExpectedCall(key, step, parameters, text(at + "/answer", node.get("answer")));
    }

    private List<String> operations(String at, JsonNode node) throws DocumentException {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw tree.error(at, "notCalled is a list of service:Operation, e.g. [ec2:TerminateInstances]");
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            keys.add(operation(at + "/" + i, node.get(i)));
        }
        return keys;
    }

    /** A service:Operation the installed botocore knows: a misspelt one would make its expectation hold vacuously. */
    private String operation(String at, JsonNode node) throws DocumentException {
        if (!node.isTextual()) {
            throw tree.error(at, "service:Operation, e.g. ec2:TerminateInstances");
        }
        String problem = AwsResponses.operationProblem(node.asText(), pythonPath).orElse(null);
        if (problem != null) {
            throw tree.error(at, problem);
        }
        return node.asText();
    }

    private String text(String at, JsonNode node) throws DocumentException {
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw tree.error(at, "text expected");
        }
        return node.asText();
    }

    private JsonNode required(String at, String key) throws DocumentException {
        JsonNode value = tree.root().at(at).get(key);
        if (value == null || value.isNull()) {
            throw tree.error(at, key + " is required");
        }
        return value;
    }

    private void keys(String at, JsonNode node, List<String> allowed) throws DocumentException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw tree.error(LocatedYaml.pointer(at, key), "unknown key '" + Excerpt.of(key) + "' (allowed here: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static String declared(java.util.Collection<String> names) {
        return names.isEmpty() ? " (it has none)" : " (it has " + String.join(", ", names) + ")";
    }

}

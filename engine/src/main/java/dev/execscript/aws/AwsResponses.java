package dev.execscript.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.botocore.Boto3Installation;
import dev.execscript.botocore.Names;
import dev.execscript.botocore.ServiceModel;
import dev.execscript.botocore.ServiceModels;
import dev.execscript.document.DocumentException;
import dev.execscript.spec.LocatedTree;
import dev.execscript.text.LocatedYaml;
import dev.execscript.text.YamlInputException;
import dev.execscript.text.YamlLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What AWS answers the scripts' calls, declared in a file (YAML or JSON):
 * <pre>{@code
 * ec2:DescribeInstances:
 *   - when: {InstanceIds: [i-0abc]}    # optional: matches when these request parameters are equal
 *     response: {Reservations: [...]}  # what boto3 returns
 *   - response: {Reservations: []}     # no when: any request
 * ssm:GetParameter:
 *   - error: {Code: ParameterNotFound, Message: no such parameter, HTTPStatusCode: 400}
 *     times: 1                         # answers at most this many calls
 * }</pre>
 * Checked when read, against botocore's model of each service: an unknown service, operation or key, or a
 * value of the wrong kind, is an error naming the file, line and key. Immutable; how many times each answer
 * was used is counted per execution, by the engine.
 */
public final class AwsResponses {

    static final YamlLimits LIMITS = new YamlLimits("AWS responses file", 16L * 1024 * 1024, 100, 1_000_000, "");
    private static final Pattern KEY = Pattern.compile("([a-z0-9][a-z0-9.-]*):([A-Za-z0-9]+)");
    private static final Set<String> ANSWER_KEYS = Set.of("when", "response", "error", "times");
    private static final Set<String> ERROR_KEYS = Set.of("Code", "Message", "HTTPStatusCode");
    private static final AwsResponses NONE = new AwsResponses("", Map.of());

    private final String source;
    private final Map<String, List<DeclaredAnswer>> answers;

    private AwsResponses(String source, Map<String, List<DeclaredAnswer>> answers) {
        this.source = source;
        this.answers = answers;
    }

    /** No declared answers (every call is unanswered unless an endpoint is set). */
    public static AwsResponses none() {
        return NONE;
    }

    /**
     * Reads and checks a responses file against the models of the botocore that scripts import under
     * {@code pythonPath}.
     *
     * @throws DocumentException naming the file, line and key of the first problem
     */
    public static AwsResponses load(Path file, List<Path> pythonPath) throws DocumentException {
        String text;
        try {
            text = LIMITS.readFile(file);
        } catch (YamlInputException e) {
            throw new DocumentException(file, e.line(), null, e.problem());
        } catch (IOException e) {
            throw new DocumentException(file, 0, null, "the AWS responses file cannot be read: " + e.getMessage());
        }
        return parse(text, file.toString(), pythonPath);
    }

    /** As {@link #load(Path, List)}, from text; {@code source} names it in errors. */
    public static AwsResponses parse(String text, String source, List<Path> pythonPath) throws DocumentException {
        return parse(text, source, "", pythonPath);
    }

    /**
     * As {@link #parse(String, String, List)}, for the answers at JSON Pointer {@code pointer} of a larger YAML or
     * JSON text (a runbook test file's inline {@code aws:} map): errors name {@code source} and lines of the whole text.
     */
    public static AwsResponses parse(String text, String source, String pointer, List<Path> pythonPath) throws DocumentException {
        LocatedTree tree = LocatedTree.parse(text, source, LIMITS);
        return new AwsResponses(source, read(tree, pointer, models(pythonPath, source, Math.max(1, tree.lineOf(pointer)))));
    }

    /**
     * Why {@code key} does not name an operation of the installed botocore ({@code ec2:TerminateInstance} is
     * unknown; did you mean ...), or empty when it does.
     */
    public static Optional<String> operationProblem(String key, List<Path> pythonPath) {
        ServiceModels models = ServiceModels.of(Boto3Installation.of(pythonPath)).orElse(null);
        if (models == null) {
            return Optional.of("checking AWS operations needs botocore's service models, and no botocore is installed: "
                    + Boto3Installation.INSTALL_HINT);
        }
        return Optional.ofNullable(keyProblem(key, models));
    }

    private static ServiceModels models(List<Path> pythonPath, String source, int line) throws DocumentException {
        return ServiceModels.of(Boto3Installation.of(pythonPath)).orElseThrow(() -> new DocumentException(source, line, null,
                "checking AWS responses needs botocore's service models, and no botocore is installed: " + Boto3Installation.INSTALL_HINT));
    }

    /** The problem with a service:Operation key, or null when the installed botocore has that operation. */
    private static String keyProblem(String key, ServiceModels models) {
        var matcher = KEY.matcher(key);
        if (!matcher.matches()) {
            return "'" + key + "' is not service:Operation, e.g. ec2:DescribeInstances "
                    + "(the service as boto3.client() names it, the operation as the API names it)";
        }
        String serviceName = matcher.group(1);
        String operation = matcher.group(2);
        ServiceModel service;
        try {
            service = models.service(serviceName).orElse(null);
        } catch (IOException e) {
            return "botocore's model of '" + serviceName + "' cannot be read: " + e.getMessage();
        }
        if (service == null) {
            List<String> similar = models.similarServices(serviceName);
            return "unknown service '" + serviceName + "' (not in the installed botocore"
                    + (similar.isEmpty() ? ")" : "; did you mean " + String.join(", ", similar) + ")");
        }
        if (!service.hasOperation(operation)) {
            return "unknown operation '" + operation + "' of " + serviceName + " ("
                    + Names.suggest(operation, service.operationNames(), 6) + ")";
        }
        return null;
    }

    /** Whether the file declares no answers at all. */
    public boolean isEmpty() {
        return answers.isEmpty();
    }

    /** Where the answers were read from (empty for {@link #none()}). */
    public String source() {
        return source;
    }

    public List<DeclaredAnswer> answersFor(String key) {
        return answers.getOrDefault(key, List.of());
    }

    private static Map<String, List<DeclaredAnswer>> read(LocatedTree tree, String base, ServiceModels models) throws DocumentException {
        JsonNode root = tree.root().at(base);
        if (!root.isObject()) {
            throw tree.error(base, "an AWS responses file is a map of service:Operation to a list of answers, e.g.\n"
                    + "ec2:DescribeInstances:\n  - response: {Reservations: []}");
        }
        Map<String, List<DeclaredAnswer>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String key = entry.getKey();
            String at = LocatedYaml.pointer(base, key);
            String problem = keyProblem(key, models);
            if (problem != null) {
                throw tree.error(at, problem);
            }
            var matcher = KEY.matcher(key);
            matcher.matches();
            String operation = matcher.group(2);
            ServiceModel service;
            try {
                service = models.service(matcher.group(1)).orElseThrow();
            } catch (IOException e) {
                throw tree.error(at, "botocore's model of '" + matcher.group(1) + "' cannot be read: " + e.getMessage());
            }
            JsonNode list = entry.getValue();
            if (!list.isArray() || list.isEmpty()) {
                throw tree.error(at, "the answers of " + key + " are a non-empty list, e.g.\n  - response: {...}");
            }
            List<DeclaredAnswer> answers = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                answers.add(answer(tree, service, key, operation, list.get(i), at + "/" + i, i + 1));
            }
            out.put(key, List.copyOf(answers));
        }
        return Map.copyOf(out);
    }

    private static DeclaredAnswer answer(LocatedTree tree, ServiceModel service, String key, String operation, JsonNode node,
            String at, int index) throws DocumentException {
        if (!node.isObject()) {
            throw tree.error(at, "an answer is a map with response or error (and optionally when, times)");
        }
        for (String field : iterable(node)) {
            if (!ANSWER_KEYS.contains(field)) {
                throw tree.error(LocatedYaml.pointer(at, field), "unknown key '" + field + "' (an answer has when, response, error, times)");
            }
        }
        boolean hasResponse = node.has("response");
        boolean hasError = node.has("error");
        if (hasResponse == hasError) {
            throw tree.error(at, hasResponse ? "an answer has response or error, not both" : "an answer needs response or error");
        }
        ObjectNode when = null;
        if (node.has("when")) {
            JsonNode w = node.get("when");
            String wAt = LocatedYaml.pointer(at, "when");
            if (!w.isObject()) {
                throw tree.error(wAt, "when is a map of request parameters, e.g. {InstanceIds: [i-0abc]}");
            }
            misfit(tree, wAt, service.check(w, service.inputShape(operation), true));
            when = (ObjectNode) w;
        }
        int times = 0;
        if (node.has("times")) {
            JsonNode t = node.get("times");
            if (!t.canConvertToInt() || !t.isIntegralNumber() || t.intValue() < 1) {
                throw tree.error(LocatedYaml.pointer(at, "times"), "times is a whole number of at least 1");
            }
            times = t.intValue();
        }
        int line = tree.lineOf(at);
        if (hasResponse) {
            JsonNode r = node.get("response");
            String rAt = LocatedYaml.pointer(at, "response");
            if (r.isNull()) {
                r = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            }
            if (!r.isObject()) {
                throw tree.error(rAt, "response is a map: what boto3 returns, e.g. {Reservations: []}");
            }
            misfit(tree, rAt, service.check(r, service.outputShape(operation), false));
            return new DeclaredAnswer(key, index, line, when, (ObjectNode) r, null, times);
        }
        JsonNode e = node.get("error");
        String eAt = LocatedYaml.pointer(at, "error");
        if (!e.isObject()) {
            throw tree.error(eAt, "error is a map: {Code: ..., Message: ..., HTTPStatusCode: 400}");
        }
        for (String field : iterable(e)) {
            if (!ERROR_KEYS.contains(field)) {
                throw tree.error(LocatedYaml.pointer(eAt, field), "unknown key '" + field + "' (an error has Code, Message, HTTPStatusCode)");
            }
        }
        JsonNode code = e.get("Code");
        if (code == null || !code.isTextual() || code.asText().isBlank()) {
            throw tree.error(eAt, "error needs a Code, e.g. ParameterNotFound");
        }
        JsonNode message = e.path("Message");
        if (!message.isMissingNode() && !message.isTextual()) {
            throw tree.error(LocatedYaml.pointer(eAt, "Message"), "Message is text");
        }
        int status = 400;
        if (e.has("HTTPStatusCode")) {
            JsonNode s = e.get("HTTPStatusCode");
            if (!s.isIntegralNumber() || s.intValue() < 300 || s.intValue() > 599) {
                throw tree.error(LocatedYaml.pointer(eAt, "HTTPStatusCode"), "HTTPStatusCode is an error status, 300 to 599");
            }
            status = s.intValue();
        }
        return new DeclaredAnswer(key, index, line, when, null,
                new DeclaredAnswer.DeclaredError(code.asText(), message.asText(""), status), times);
    }

    private static void misfit(LocatedTree tree, String base, ServiceModel.Misfit misfit) throws DocumentException {
        if (misfit != null) {
            throw tree.error(base + misfit.pointer(), misfit.problem());
        }
    }

    private static Iterable<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** For messages: the file the answers came from, if any. */
    public Optional<String> file() {
        return source.isEmpty() ? Optional.empty() : Optional.of(source);
    }
}

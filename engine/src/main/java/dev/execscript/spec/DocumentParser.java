package dev.execscript.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.execscript.document.DocumentException;
import dev.execscript.policy.ScriptPolicy;
import dev.execscript.text.Excerpt;
import dev.execscript.text.YamlInputException;
import dev.execscript.text.YamlLimits;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads an Automation document (schemaVersion 0.3, YAML or JSON) and checks everything that can be
 * checked before a step runs, so that a broken document fails with exit code 2 and a located message
 * instead of half-running. The file is read under {@link YamlLimits#DOCUMENT} (256 KB; YAML
 * aliases resolved and bounded, merge keys, nesting depth); see {@link LocatedTree}.
 */
public final class DocumentParser {

    private static final Pattern STEP_NAME = Pattern.compile("[a-zA-Z0-9_]+");
    private static final Set<String> TOP_LEVEL = Set.of(
            "schemaVersion", "description", "assumeRole", "parameters", "mainSteps", "outputs", "files",
            "templateVersion", "variables");
    private static final Set<String> STEP_FIELDS = Set.of(
            "name", "action", "inputs", "outputs", "timeoutSeconds", "maxAttempts", "onFailure", "onCancel",
            "isCritical", "isEnd", "nextStep", "description");
    private static final Set<String> SCRIPT_INPUTS = Set.of("Runtime", "Handler", "InputPayload", "Script", "Attachment");
    private static final Set<String> PARAMETER_FIELDS = Set.of(
            "type", "default", "description", "allowedValues", "allowedPattern", "minItems", "maxItems",
            "displayType", "minChars", "maxChars");
    public static final int MAX_TIMEOUT_SECONDS = (int) ScriptPolicy.MAX_STEP_TIME.toSeconds();

    public AutomationDocument parse(Path path) throws DocumentException {
        String text;
        try {
            text = YamlLimits.DOCUMENT.readFile(path);
        } catch (YamlInputException e) {
            throw LocatedTree.located(path.toString(), e);
        } catch (NoSuchFileException e) {
            throw new DocumentException(path, 0, null, "no such file");
        } catch (CharacterCodingException e) {
            throw new DocumentException(path, 0, null, "is not UTF-8 text");
        } catch (IOException e) {
            throw new DocumentException(path, 0, null, "cannot be read: " + e.getMessage());
        }
        String name = path.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return parse(text, path.toString(), path, name);
    }

    public AutomationDocument parse(String text, String source, Path path, String name) throws DocumentException {
        LocatedTree tree = LocatedTree.parse(text, source);
        JsonNode root = tree.root();
        if (!root.isObject()) {
            throw tree.error("", "an Automation document must be a map (found " + kind(root) + ")");
        }
        for (String key : iterable(root.fieldNames())) {
            if (!TOP_LEVEL.contains(key)) {
                throw tree.error("/" + key, "unknown top-level field; known: " + sorted(TOP_LEVEL));
            }
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null) {
            throw tree.error("", "schemaVersion is missing; it must be '0.3'");
        }
        if (!version.asText().equals("0.3")) {
            throw tree.error("/schemaVersion", "unsupported schemaVersion '" + Excerpt.of(version.asText())
                    + "'; only '0.3' (Automation runbooks) is supported");
        }
        String description = text(tree, "/description", false);
        Map<String, ParameterSpec> parameters = parameters(tree);
        Map<String, AttachmentSpec> files = files(tree);
        List<StepSpec> steps = steps(tree, files);
        List<String> outputs = documentOutputs(tree, steps);
        AutomationDocument doc = new AutomationDocument(path, name, description, parameters, steps, outputs, files, tree.isJson());
        new ReferenceChecker(tree, doc).check();
        return doc;
    }

    private Map<String, ParameterSpec> parameters(LocatedTree tree) throws DocumentException {
        Map<String, ParameterSpec> result = new LinkedHashMap<>();
        JsonNode params = tree.root().get("parameters");
        if (params == null || params.isNull()) {
            return result;
        }
        if (!params.isObject()) {
            throw tree.error("/parameters", "must be a map of parameter name to definition");
        }
        for (Map.Entry<String, JsonNode> e : iterable(params.fields())) {
            String at = "/parameters/" + e.getKey();
            JsonNode def = e.getValue();
            if (!def.isObject()) {
                throw tree.error(at, "a parameter definition must be a map with at least 'type'");
            }
            for (String key : iterable(def.fieldNames())) {
                if (!PARAMETER_FIELDS.contains(key)) {
                    throw tree.error(at + "/" + key, "unknown parameter field; known: " + sorted(PARAMETER_FIELDS));
                }
            }
            if (!def.has("type")) {
                throw tree.error(at, "parameter '" + Excerpt.of(e.getKey()) + "' has no type; one of " + ParameterType.accepted());
            }
            ParameterType type = ParameterType.parse(def.get("type").asText());
            if (type == null) {
                throw tree.error(at + "/type", "unknown type '" + Excerpt.of(def.get("type").asText()) + "'; one of " + ParameterType.accepted());
            }
            JsonNode defaultValue = null;
            if (def.has("default")) {
                defaultValue = type.coerce(def.get("default"));
                if (defaultValue == null) {
                    throw tree.error(at + "/default", "default " + Excerpt.of(def.get("default").toString()) + " is not a " + type);
                }
            }
            List<JsonNode> allowed = new ArrayList<>();
            if (def.has("allowedValues")) {
                if (!def.get("allowedValues").isArray()) {
                    throw tree.error(at + "/allowedValues", "must be a list");
                }
                def.get("allowedValues").forEach(allowed::add);
            }
            String pattern = def.has("allowedPattern") ? def.get("allowedPattern").asText() : null;
            if (pattern != null) {
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException ex) {
                    throw tree.error(at + "/allowedPattern", "not a valid regular expression: " + ex.getDescription());
                }
            }
            Integer minItems = optionalInt(tree, at + "/minItems", 0, Integer.MAX_VALUE);
            Integer maxItems = optionalInt(tree, at + "/maxItems", 0, Integer.MAX_VALUE);
            String desc = def.has("description") ? def.get("description").asText() : null;
            result.put(e.getKey(), new ParameterSpec(e.getKey(), type, defaultValue, desc, List.copyOf(allowed), pattern,
                    minItems, maxItems, tree.lineOf(at)));
        }
        return result;
    }

    private Map<String, AttachmentSpec> files(LocatedTree tree) throws DocumentException {
        Map<String, AttachmentSpec> result = new LinkedHashMap<>();
        JsonNode files = tree.root().get("files");
        if (files == null || files.isNull()) {
            return result;
        }
        if (!files.isObject()) {
            throw tree.error("/files", "must be a map of file name to {checksums: {sha256: ...}}");
        }
        for (Map.Entry<String, JsonNode> e : iterable(files.fields())) {
            String at = "/files/" + e.getKey();
            JsonNode def = e.getValue();
            String sha = null;
            JsonNode sums = def.path("checksums");
            for (String key : List.of("sha256", "SHA256", "sha-256", "SHA-256")) {
                if (sums.has(key)) {
                    sha = sums.get(key).asText().toLowerCase(java.util.Locale.ROOT);
                    if (!sha.matches("[0-9a-f]{64}")) {
                        throw tree.error(at + "/checksums/" + key, "a sha256 checksum is 64 hex digits");
                    }
                }
            }
            Long size = def.has("size") && def.get("size").canConvertToLong() ? def.get("size").longValue() : null;
            result.put(e.getKey(), new AttachmentSpec(e.getKey(), sha, size, tree.lineOf(at)));
        }
        return result;
    }

    private List<StepSpec> steps(LocatedTree tree, Map<String, AttachmentSpec> files) throws DocumentException {
        JsonNode main = tree.root().get("mainSteps");
        if (main == null || !main.isArray() || main.isEmpty()) {
            throw tree.error(main == null ? "" : "/mainSteps", "mainSteps must be a non-empty list of steps");
        }
        List<StepSpec> steps = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < main.size(); i++) {
            String at = "/mainSteps/" + i;
            JsonNode step = main.get(i);
            if (!step.isObject()) {
                throw tree.error(at, "a step must be a map with name, action and inputs");
            }
            for (String key : iterable(step.fieldNames())) {
                if (!STEP_FIELDS.contains(key)) {
                    throw tree.error(at + "/" + key, "unknown step field; known: " + sorted(STEP_FIELDS));
                }
            }
            String name = text(tree, at + "/name", true);
            if (!STEP_NAME.matcher(name).matches()) {
                throw tree.error(at + "/name", "step name '" + Excerpt.of(name) + "' may only hold letters, digits and '_'");
            }
            if (!names.add(name)) {
                throw tree.error(at + "/name", "step name '" + Excerpt.of(name) + "' is used twice");
            }
            String action = text(tree, at + "/action", true);
            JsonNode inputs = step.get("inputs");
            if (inputs == null || !inputs.isObject()) {
                throw tree.error(inputs == null ? at : at + "/inputs", "step '" + Excerpt.of(name) + "' needs an 'inputs' map");
            }
            ScriptRuntime runtime = null;
            if (StepSpec.EXECUTE_SCRIPT.equals(action)) {
                runtime = scriptInputs(tree, at + "/inputs", name, (ObjectNode) inputs, files);
            }
            Integer timeout = optionalInt(tree, at + "/timeoutSeconds", 1, Integer.MAX_VALUE);
            if (timeout != null && timeout > MAX_TIMEOUT_SECONDS && runtime != null) {
                throw tree.error(at + "/timeoutSeconds", "timeoutSeconds " + timeout
                        + " is more than aws:executeScript allows (at most " + MAX_TIMEOUT_SECONDS + ")");
            }
            Integer attempts = optionalInt(tree, at + "/maxAttempts", 1, 100);
            String onFailureText = text(tree, at + "/onFailure", false);
            OnFailure onFailure = OnFailure.parse(onFailureText);
            if (onFailure == null) {
                throw tree.error(at + "/onFailure", "onFailure '" + Excerpt.of(onFailureText) + "' must be Abort, Continue or step:NAME");
            }
            Boolean critical = optionalBoolean(tree, at + "/isCritical");
            Boolean isEnd = optionalBoolean(tree, at + "/isEnd");
            String next = text(tree, at + "/nextStep", false);
            List<OutputSpec> outputs = stepOutputs(tree, at + "/outputs", step.get("outputs"));
            steps.add(new StepSpec(name, action, (ObjectNode) inputs, runtime, outputs, timeout, onFailure, critical,
                    Boolean.TRUE.equals(isEnd), next, attempts == null ? 1 : attempts, tree.lineOf(at), i,
                    tree.lineOf(at + "/inputs/Runtime")));
        }
        for (int i = 0; i < steps.size(); i++) {
            StepSpec s = steps.get(i);
            if (s.nextStep() != null && !names.contains(s.nextStep())) {
                throw tree.error("/mainSteps/" + i + "/nextStep", "no step named '" + Excerpt.of(s.nextStep()) + "'");
            }
            if (s.onFailure() instanceof OnFailure.GoTo(String target) && !names.contains(target)) {
                throw tree.error("/mainSteps/" + i + "/onFailure", "no step named '" + Excerpt.of(target) + "'");
            }
        }
        return List.copyOf(steps);
    }

    private ScriptRuntime scriptInputs(LocatedTree tree, String at, String step, ObjectNode inputs,
            Map<String, AttachmentSpec> files) throws DocumentException {
        for (String key : iterable(inputs.fieldNames())) {
            if (!SCRIPT_INPUTS.contains(key)) {
                throw tree.error(at + "/" + key, "unknown aws:executeScript input; known: " + sorted(SCRIPT_INPUTS));
            }
        }
        String runtimeName = text(tree, at + "/Runtime", true);
        ScriptRuntime runtime = ScriptRuntime.parse(runtimeName);
        if (runtime == null) {
            throw tree.error(at + "/Runtime", "unsupported runtime '" + Excerpt.of(runtimeName) + "'; accepted: " + ScriptRuntime.accepted());
        }
        String handler = text(tree, at + "/Handler", false);
        String script = text(tree, at + "/Script", false);
        String attachment = text(tree, at + "/Attachment", false);
        if (attachment != null && attachment.isEmpty()) {
            attachment = null;
        }
        if (runtime.isPython()) {
            if (handler == null || handler.isBlank()) {
                throw tree.error(at, "step '" + Excerpt.of(step) + "': Handler is required for " + runtimeName
                        + " (the name of a function taking (events, context))");
            }
            if (script == null && attachment == null) {
                throw tree.error(at, "step '" + Excerpt.of(step) + "': give the code as Script or Attachment");
            }
        } else {
            if (handler != null) {
                throw tree.error(at + "/Handler", "Handler is not supported for " + runtimeName
                        + "; the Script itself runs (remove Handler)");
            }
            if (script == null) {
                throw tree.error(at, "step '" + Excerpt.of(step) + "': Script is required for " + runtimeName);
            }
        }
        if (attachment != null && !files.containsKey(attachment)) {
            throw tree.error(at + "/Attachment", "attachment '" + Excerpt.of(attachment) + "' is not declared in the document's files section"
                    + (files.isEmpty() ? "" : "; declared: " + Excerpt.of(String.join(", ", files.keySet()), 400)));
        }
        // Values with {{ references }} are checked when the step runs, once they are known.
        if (!isReference(attachment) && !isReference(handler)) {
            ScriptInputRules.Problem problem = ScriptInputRules.attachmentProblem(runtime.isPython(), attachment, handler, script != null);
            if (problem != null) {
                throw tree.error(at + "/" + problem.input(), problem.message());
            }
        }
        JsonNode payload = inputs.get("InputPayload");
        if (payload != null && !payload.isObject() && !payload.isNull()
                && !(payload.isTextual() && (payload.asText().isBlank() || payload.asText().trim().startsWith("{")))) {
            throw tree.error(at + "/InputPayload", "InputPayload must be a map (or a single {{ reference }} to one)");
        }
        return runtime;
    }

    private static boolean isReference(String text) {
        return text != null && text.contains("{{");
    }

    private List<OutputSpec> stepOutputs(LocatedTree tree, String at, JsonNode outputs) throws DocumentException {
        if (outputs == null || outputs.isNull()) {
            return List.of();
        }
        if (!outputs.isArray()) {
            throw tree.error(at, "outputs must be a list of {Name, Selector, Type}");
        }
        List<OutputSpec> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < outputs.size(); i++) {
            String o = at + "/" + i;
            String name = text(tree, o + "/Name", true);
            String selector = text(tree, o + "/Selector", true);
            String typeName = text(tree, o + "/Type", false);
            ParameterType type = typeName == null ? ParameterType.String : ParameterType.parse(typeName);
            if (type == null) {
                throw tree.error(o + "/Type", "unknown output type '" + Excerpt.of(typeName) + "'; one of " + ParameterType.accepted());
            }
            if (!seen.add(name)) {
                throw tree.error(o + "/Name", "output name '" + Excerpt.of(name) + "' is used twice");
            }
            if (!selector.startsWith("$")) {
                throw tree.error(o + "/Selector", "a selector is a JSONPath starting with '$' (e.g. $.Payload.id)");
            }
            result.add(new OutputSpec(name, selector, type, tree.lineOf(o)));
        }
        return List.copyOf(result);
    }

    private List<String> documentOutputs(LocatedTree tree, List<StepSpec> steps) throws DocumentException {
        JsonNode outputs = tree.root().get("outputs");
        if (outputs == null || outputs.isNull()) {
            return List.of();
        }
        if (!outputs.isArray()) {
            throw tree.error("/outputs", "outputs must be a list of 'StepName.OutputName'");
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            String ref = outputs.get(i).asText();
            int dot = ref.indexOf('.');
            StepSpec step = null;
            if (dot > 0) {
                for (StepSpec s : steps) {
                    if (s.name().equals(ref.substring(0, dot))) {
                        step = s;
                    }
                }
            }
            if (step == null || !ReferenceChecker.hasOutput(step, ref.substring(dot + 1))) {
                throw tree.error("/outputs/" + i, "'" + Excerpt.of(ref) + "' does not name an output of a step (StepName.OutputName)");
            }
            result.add(ref);
        }
        return List.copyOf(result);
    }

    private static String text(LocatedTree tree, String pointer, boolean required) throws DocumentException {
        JsonNode node = tree.root().at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            if (required) {
                throw tree.error(pointer, "is required");
            }
            return null;
        }
        if (!node.isValueNode()) {
            throw tree.error(pointer, "must be text (found " + kind(node) + ")");
        }
        return node.asText();
    }

    private static Integer optionalInt(LocatedTree tree, String pointer, int min, int max) throws DocumentException {
        JsonNode node = tree.root().at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        JsonNode n = ParameterType.Integer.coerce(node);
        if (n == null || n.longValue() < min || n.longValue() > max) {
            throw tree.error(pointer, "must be a whole number from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max)
                    + " (found " + Excerpt.of(node.toString()) + ")");
        }
        return n.intValue();
    }

    private static Boolean optionalBoolean(LocatedTree tree, String pointer) throws DocumentException {
        JsonNode node = tree.root().at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        JsonNode b = ParameterType.Boolean.coerce(node);
        if (b == null) {
            throw tree.error(pointer, "must be true or false (found " + Excerpt.of(node.toString()) + ")");
        }
        return b.booleanValue();
    }

    static String kind(JsonNode n) {
        return n.isObject() ? "a map" : n.isArray() ? "a list" : n.isTextual() ? "text" : n.isNumber() ? "a number"
                : n.isBoolean() ? "a boolean" : "null";
    }

    private static String sorted(Set<String> s) {
        return String.join(", ", new java.util.TreeSet<>(s));
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        return () -> it;
    }
}

package dev.execscript.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.document.DocumentException;
import dev.execscript.text.Excerpt;
import dev.execscript.text.YamlInputException;
import dev.execscript.text.YamlLimits;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Gives every declared parameter its value (given, else default), coerced to its type and checked
 * against allowedValues, allowedPattern, minItems and maxItems before any step runs.
 */
public final class ParameterBinder {

    private ParameterBinder() {
    }

    /** Reads a params file: a YAML or JSON map of parameter name to value. */
    public static Map<String, JsonNode> readParamsFile(Path file) throws DocumentException {
        String text;
        try {
            text = YamlLimits.PARAMS_FILE.readFile(file);
        } catch (YamlInputException e) {
            throw LocatedTree.located(file.toString(), e);
        } catch (CharacterCodingException e) {
            throw new DocumentException(file, 0, null, "params file is not UTF-8 text");
        } catch (IOException e) {
            throw new DocumentException(file, 0, null, "params file cannot be read: " + e.getMessage());
        }
        LocatedTree tree = LocatedTree.parse(text, file.toString(), YamlLimits.PARAMS_FILE);
        if (!tree.root().isObject()) {
            throw tree.error("", "a params file must be a map of parameter name to value");
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        tree.root().fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
        return values;
    }

    /** Splits {@code NAME=VALUE}; the value is kept as text and coerced to the parameter's type later. */
    public static Map.Entry<String, String> parseAssignment(String assignment) throws DocumentException {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw DocumentException.usage("--param '" + Excerpt.of(assignment) + "' must be NAME=VALUE");
        }
        return Map.entry(assignment.substring(0, eq).trim(), assignment.substring(eq + 1));
    }

    public static Map<String, JsonNode> bind(AutomationDocument doc, Map<String, JsonNode> given) throws DocumentException {
        String source = doc.path() == null ? doc.name() : doc.path().toString();
        for (String name : given.keySet()) {
            if (!doc.parameters().containsKey(name)) {
                throw new DocumentException(source, 0, "parameter " + name, "the document declares no such parameter"
                        + (doc.parameters().isEmpty() ? "" : "; declared: " + String.join(", ", doc.parameters().keySet())));
            }
        }
        Map<String, JsonNode> bound = new LinkedHashMap<>();
        for (ParameterSpec spec : doc.parameters().values()) {
            JsonNode raw = given.get(spec.name());
            JsonNode value;
            if (raw == null) {
                if (spec.required()) {
                    throw new DocumentException(source, spec.line(), "parameter " + spec.name(),
                            "is required and has no default; pass --param " + spec.name() + "=VALUE");
                }
                value = spec.defaultValue();
            } else {
                value = spec.type().coerce(raw);
                if (value == null) {
                    throw new DocumentException(source, spec.line(), "parameter " + spec.name(),
                            "value " + Excerpt.of(raw.toString()) + " is not a " + spec.type());
                }
            }
            check(source, spec, value);
            bound.put(spec.name(), value);
        }
        return bound;
    }

    private static void check(String source, ParameterSpec spec, JsonNode value) throws DocumentException {
        String field = "parameter " + spec.name();
        Iterable<JsonNode> items = value.isArray() ? value : java.util.List.of(value);
        if (!spec.allowedValues().isEmpty()) {
            for (JsonNode item : items) {
                boolean ok = spec.allowedValues().stream().anyMatch(a -> a.asText().equals(item.asText()));
                if (!ok) {
                    throw new DocumentException(source, spec.line(), field, "value " + Excerpt.of(item.toString())
                            + " is not one of the allowedValues " + Excerpt.of(spec.allowedValues().toString(), 400));
                }
            }
        }
        if (spec.allowedPattern() != null) {
            Pattern p = Pattern.compile(spec.allowedPattern());
            for (JsonNode item : items) {
                if (item.isValueNode() && !p.matcher(item.asText()).matches()) {
                    throw new DocumentException(source, spec.line(), field, "value " + Excerpt.of(item.toString())
                            + " does not match allowedPattern " + Excerpt.of(spec.allowedPattern(), 400));
                }
            }
        }
        if (value.isArray()) {
            if (spec.minItems() != null && value.size() < spec.minItems()) {
                throw new DocumentException(source, spec.line(), field, value.size() + " items; minItems is " + spec.minItems());
            }
            if (spec.maxItems() != null && value.size() > spec.maxItems()) {
                throw new DocumentException(source, spec.line(), field, value.size() + " items; maxItems is " + spec.maxItems());
            }
        }
    }
}

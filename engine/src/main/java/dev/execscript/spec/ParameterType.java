package dev.execscript.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/** The parameter and output types of Automation documents, and how a value is checked or coerced to each. */
public enum ParameterType {
    String, StringList, Integer, Boolean, StringMap, MapList;

    public static ParameterType parse(java.lang.String name) {
        for (ParameterType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    public static java.lang.String accepted() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /**
     * Turns a value given on the command line or in a params file into this type. Text is accepted
     * for every type (as AWS accepts strings in StartAutomationExecution): a StringList may be
     * comma-separated or a JSON array; maps and map lists are JSON. Returns null when it does not fit.
     */
    public JsonNode coerce(JsonNode v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (this) {
            case String -> {
                return v.isTextual() ? v : v.isValueNode() && !v.isNull() ? f.textNode(v.asText()) : null;
            }
            case Integer -> {
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    return f.numberNode(v.longValue());
                }
                if (v.isTextual() && v.asText().trim().matches("[-+]?\\d{1,18}")) {
                    return f.numberNode(Long.parseLong(v.asText().trim()));
                }
                return null;
            }
            case Boolean -> {
                if (v.isBoolean()) {
                    return v;
                }
                if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
                    return f.booleanNode(java.lang.Boolean.parseBoolean(v.asText()));
                }
                return null;
            }
            case StringList -> {
                if (v.isTextual()) {
                    java.lang.String t = v.asText().trim();
                    if (t.startsWith("[")) {
                        return coerce(JsonText.parseOrNull(t));
                    }
                    ArrayNode a = f.arrayNode();
                    if (!t.isEmpty()) {
                        Arrays.stream(t.split(",")).map(java.lang.String::trim).forEach(a::add);
                    }
                    return a;
                }
                if (v.isArray()) {
                    for (JsonNode item : v) {
                        if (!item.isTextual()) {
                            return null;
                        }
                    }
                    return v;
                }
                return null;
            }
            case StringMap -> {
                if (v.isTextual()) {
                    return coerce(JsonText.parseOrNull(v.asText()));
                }
                if (v.isObject()) {
                    return isStringMap(v) ? v : null;
                }
                return null;
            }
            case MapList -> {
                if (v.isTextual()) {
                    return coerce(JsonText.parseOrNull(v.asText()));
                }
                if (v.isArray()) {
                    for (JsonNode item : v) {
                        if (!item.isObject()) {
                            return null;
                        }
                    }
                    return v;
                }
                return null;
            }
            default -> throw new AssertionError(this);
        }
    }

    /** Whether a value already has this type (no coercion), as the outputs of a step are checked. */
    public boolean matches(JsonNode v) {
        return switch (this) {
            case String -> v.isTextual();
            case Integer -> v.isIntegralNumber();
            case Boolean -> v.isBoolean();
            case StringList -> v.isArray() && allMatch(v.elements(), JsonNode::isTextual);
            case StringMap -> v.isObject() && isStringMap(v);
            case MapList -> v.isArray() && allMatch(v.elements(), e -> e.isObject() && isStringMap(e));
        };
    }

    private static boolean isStringMap(JsonNode v) {
        // AWS StringMap values are strings; runbooks also pass numbers and booleans, which we keep.
        Iterator<Map.Entry<java.lang.String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            JsonNode value = it.next().getValue();
            if (value.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static boolean allMatch(Iterator<JsonNode> it, java.util.function.Predicate<JsonNode> p) {
        while (it.hasNext()) {
            if (!p.test(it.next())) {
                return false;
            }
        }
        return true;
    }
}

package dev.execscript.botocore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.text.LocatedYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One service's botocore model: its operations and the shapes of their requests and responses. */
public final class ServiceModel {

    /** A value that does not fit its shape: where (a JSON Pointer below the checked value) and why. */
    public record Misfit(String pointer, String problem) {
    }

    private final String name;
    private final JsonNode operations;
    private final JsonNode shapes;

    public ServiceModel(String name, JsonNode root) {
        this.name = name;
        this.operations = root.path("operations");
        this.shapes = root.path("shapes");
    }

    public String name() {
        return name;
    }

    public boolean hasOperation(String operation) {
        return operations.has(operation);
    }

    public List<String> operationNames() {
        List<String> out = new ArrayList<>();
        operations.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The name of the operation's response shape, or null when it returns nothing. */
    public String outputShape(String operation) {
        return operations.path(operation).path("output").path("shape").asText(null);
    }

    public String inputShape(String operation) {
        return operations.path(operation).path("input").path("shape").asText(null);
    }

    /**
     * The first place where {@code value} does not fit shape {@code shapeName} (null shape: only an empty map
     * fits), or null when it fits. Only the keys a map holds are checked: AWS leaves most members out.
     */
    public Misfit check(JsonNode value, String shapeName, boolean request) {
        if (shapeName == null) {
            if (value.isObject() && !value.isEmpty()) {
                String first = value.fieldNames().next();
                return new Misfit(LocatedYaml.pointer("", first), "unknown key '" + first + "': the operation "
                        + (request ? "takes no parameters" : "returns no members"));
            }
            return null;
        }
        return check(value, shapeName, "");
    }

    private Misfit check(JsonNode value, String shapeName, String pointer) {
        JsonNode shape = shapes.path(shapeName);
        String type = shape.path("type").asText("structure");
        switch (type) {
            case "structure" -> {
                if (!value.isObject()) {
                    return new Misfit(pointer, "must be a map (" + shapeName + "), not " + kind(value));
                }
                JsonNode members = shape.path("members");
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    JsonNode member = members.get(field.getKey());
                    String at = LocatedYaml.pointer(pointer, field.getKey());
                    if (member == null) {
                        if (field.getKey().equals("ResponseMetadata")) {
                            continue;
                        }
                        List<String> known = new ArrayList<>();
                        members.fieldNames().forEachRemaining(known::add);
                        return new Misfit(at, "unknown key '" + field.getKey() + "' in " + shapeName
                                + (known.isEmpty() ? " (it has no members)" : " (" + Names.suggest(field.getKey(), known, 8) + ")"));
                    }
                    Misfit inner = check(field.getValue(), member.path("shape").asText(), at);
                    if (inner != null) {
                        return inner;
                    }
                }
                return null;
            }
            case "list" -> {
                if (!value.isArray()) {
                    return new Misfit(pointer, "must be a list (" + shapeName + "), not " + kind(value));
                }
                String item = shape.path("member").path("shape").asText();
                for (int i = 0; i < value.size(); i++) {
                    Misfit inner = check(value.get(i), item, pointer + "/" + i);
                    if (inner != null) {
                        return inner;
                    }
                }
                return null;
            }
            case "map" -> {
                if (!value.isObject()) {
                    return new Misfit(pointer, "must be a map (" + shapeName + "), not " + kind(value));
                }
                String item = shape.path("value").path("shape").asText();
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    Misfit inner = check(field.getValue(), item, LocatedYaml.pointer(pointer, field.getKey()));
                    if (inner != null) {
                        return inner;
                    }
                }
                return null;
            }
            case "string", "blob" -> {
                return value.isTextual() ? null : new Misfit(pointer, "must be a string (" + shapeName + "), not " + kind(value)
                        + (value.isValueNode() ? "; quote it" : ""));
            }
            case "integer", "long" -> {
                return value.isIntegralNumber() ? null : new Misfit(pointer, "must be a whole number (" + shapeName + "), not " + kind(value));
            }
            case "float", "double" -> {
                return value.isNumber() ? null : new Misfit(pointer, "must be a number (" + shapeName + "), not " + kind(value));
            }
            case "boolean" -> {
                return value.isBoolean() ? null : new Misfit(pointer, "must be true or false (" + shapeName + "), not " + kind(value));
            }
            case "timestamp" -> {
                return value.isTextual() || value.isNumber() ? null
                        : new Misfit(pointer, "must be a timestamp (ISO 8601 text or epoch seconds), not " + kind(value));
            }
            default -> {
                return null;
            }
        }
    }

    private static String kind(JsonNode value) {
        if (value.isObject()) {
            return "a map";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isTextual()) {
            return "text";
        }
        if (value.isBoolean()) {
            return "true/false";
        }
        if (value.isNull()) {
            return "null";
        }
        return "a number";
    }
}

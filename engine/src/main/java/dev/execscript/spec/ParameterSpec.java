package dev.execscript.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A declared document parameter. {@code defaultValue} is null when the parameter has no default. */
public record ParameterSpec(
        String name,
        ParameterType type,
        JsonNode defaultValue,
        String description,
        List<JsonNode> allowedValues,
        String allowedPattern,
        Integer minItems,
        Integer maxItems,
        int line) {

    public boolean required() {
        return defaultValue == null;
    }
}

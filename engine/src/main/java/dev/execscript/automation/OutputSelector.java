package dev.execscript.automation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.execscript.spec.JsonText;
import dev.execscript.spec.OutputSpec;
import dev.execscript.spec.ParameterType;
import java.util.ArrayList;
import java.util.List;

/** Picks a step's named outputs out of {@code {"Payload": ...}} with JSONPath and checks their types. */
final class OutputSelector {

    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(JsonText.MAPPER))
            .mappingProvider(new JacksonMappingProvider(JsonText.MAPPER))
            .build();

    /** A named output that could not be produced; the message names output, selector, value and type. */
    static final class OutputException extends Exception {
        OutputException(String message) {
            super(message);
        }
    }

    private OutputSelector() {
    }

    static ObjectNode document(JsonNode payload) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.set("Payload", payload);
        return doc;
    }

    static JsonNode select(OutputSpec spec, ObjectNode document) throws OutputException {
        JsonNode found;
        try {
            found = JsonPath.using(JSON_PATH).parse(document).read(spec.selector(), JsonNode.class);
        } catch (PathNotFoundException e) {
            throw new OutputException("output '" + spec.name() + "': selector " + spec.selector()
                    + " found nothing in the payload (expected a " + spec.type() + ")");
        } catch (InvalidPathException e) {
            throw new OutputException("output '" + spec.name() + "': selector " + spec.selector()
                    + " is not a valid JSONPath: " + e.getMessage());
        }
        if (found == null || found.isNull() || found.isMissingNode()) {
            throw new OutputException("output '" + spec.name() + "': selector " + spec.selector()
                    + " found null (expected a " + spec.type() + ")");
        }
        if (!spec.type().matches(found)) {
            String shown = JsonText.write(found);
            if (shown.length() > 200) {
                shown = shown.substring(0, 200) + "...";
            }
            throw new OutputException("output '" + spec.name() + "': selector " + spec.selector() + " found " + shown
                    + ", which is not a " + spec.type());
        }
        return found;
    }

    /** How AWS lists an output value: a list of text. */
    static List<String> asAwsList(ParameterType type, JsonNode value) {
        List<String> out = new ArrayList<>();
        switch (type) {
            case String, Integer, Boolean -> out.add(value.asText());
            case StringList -> value.forEach(v -> out.add(v.asText()));
            case StringMap, MapList -> out.add(JsonText.write(value));
        }
        return out;
    }
}

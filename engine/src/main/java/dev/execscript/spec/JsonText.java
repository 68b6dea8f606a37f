package dev.execscript.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/** JSON text in and out for small values (parameters, payloads); one configured mapper for the engine. */
public final class JsonText {

    /** Python's {@code sys.get_int_max_str_digits()} default: the longest int a payload or json.loads can hold. */
    static final int MAX_NUMBER_DIGITS = 4300;

    /** A payload may nest 1000 containers (Python's recursion limit); execution JSON wraps it in a few more. */
    static final int MAX_NESTING_DEPTH = 1100;

    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // Jackson's defaults (1000 digits, depth 1000) are below what a payload may hold: a payload
                    // read back with them failed to parse, which lost it silently.
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNumberLength(MAX_NUMBER_DIGITS)
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    .streamWriteConstraints(StreamWriteConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    // Written as UTF-8 (see write): astral characters raw, as json.dumps writes them.
                    .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                    .build())
            .build();

    private JsonText() {
    }

    public static JsonNode parseOrNull(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /**
     * Compact JSON text. Written through Jackson's UTF-8 generator, which escapes a lone surrogate as
     * a backslash-u escape (as json.dumps does); the char-based one would leave it raw, and it would turn into
     * {@code ?} wherever the text is encoded (printing it, or two distinct keys becoming one).
     */
    public static String write(JsonNode node) {
        try {
            return new String(MAPPER.writeValueAsBytes(node), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}

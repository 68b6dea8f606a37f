package dev.execscript.payload;

import dev.execscript.policy.PayloadLimits;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** Checks on encoder output shared by the tests: validity, size, and prefix-consistency of cuts. */
final class JsonCuts {

    /**
     * Reads ints of up to Python's 4,300 digits (Jackson's default stops at 1,000); writes UTF-8 with astral
     * characters raw and lone surrogates escaped (see {@link #text}).
     */
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(GuestValueModel.INT_MAX_STR_DIGITS)
                    .maxNestingDepth(PayloadWalk.MAX_DEPTH + 1)
                    .build())
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build())
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private JsonCuts() {
    }

    /**
     * A tree as JSON text, written by Jackson (independent of the encoder under test). Through bytes: Jackson's
     * char-based writer would leave a lone surrogate raw, its UTF-8 writer escapes it.
     */
    static String text(JsonNode tree) {
        try {
            return new String(MAPPER.writeValueAsBytes(tree), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static int bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not valid JSON: " + json, e);
        }
    }

    /** Valid JSON, within the limit, and a prefix-consistent cut of {@code full}. */
    static void assertValidCut(EncodedPayload payload, PayloadLimits limits, JsonNode full) {
        assertThat(bytes(payload.json())).isLessThanOrEqualTo(limits.maxBytes());
        JsonNode cut = parse(payload.json());
        assertThat(isPrefixCut(cut, full)).as("%s is a prefix-consistent cut of %s", payload.json(), full).isTrue();
    }

    /**
     * Whether {@code cut} is {@code full} with its last member (recursively) cut: all items but the last
     * equal, the last a cut; a cut string is a prefix. A top-level number too long to fit becomes null.
     */
    static boolean isPrefixCut(JsonNode cut, JsonNode full) {
        if (cut.isTextual()) {
            return full.isTextual() && full.textValue().startsWith(cut.textValue());
        }
        if (cut.isArray()) {
            if (!full.isArray() || cut.size() > full.size()) {
                return false;
            }
            for (int i = 0; i < cut.size(); i++) {
                boolean last = i == cut.size() - 1;
                if (last ? !isPrefixCut(cut.get(i), full.get(i)) : !cut.get(i).equals(full.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (cut.isObject()) {
            if (!full.isObject() || cut.size() > full.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fullFields = full.properties().iterator();
            int i = 0;
            for (Map.Entry<String, JsonNode> field : cut.properties()) {
                Map.Entry<String, JsonNode> expected = fullFields.next();
                boolean last = ++i == cut.size();
                if (!field.getKey().equals(expected.getKey())
                        || (last ? !isPrefixCut(field.getValue(), expected.getValue())
                        : !field.getValue().equals(expected.getValue()))) {
                    return false;
                }
            }
            return true;
        }
        return cut.equals(full) || (cut.isNull() && full.isNumber());
    }
}

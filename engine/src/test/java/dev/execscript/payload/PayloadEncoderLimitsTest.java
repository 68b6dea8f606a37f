package dev.execscript.payload;

import dev.execscript.policy.PayloadLimits;
import static dev.execscript.payload.JsonCuts.assertValidCut;
import static dev.execscript.payload.JsonCuts.bytes;
import static dev.execscript.payload.JsonCuts.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AWS limits: top-level list items, payload bytes, and bounded work on huge values. */
class PayloadEncoderLimitsTest {

    private static final PayloadLimits AWS = PayloadLimits.AWS;
    private static final PayloadEncoder ENCODER = new PayloadEncoder(AWS);
    private static final String BYTES_CUT = "payload cut at 102,400 bytes (limit maxPayloadBytes)";
    private static GuestPython py;

    @BeforeAll
    static void start() {
        py = new GuestPython();
    }

    @AfterAll
    static void stop() {
        py.close();
    }

    /** Encodes and checks the cut against Python's own full encoding. */
    private static EncodedPayload encodeCut(PayloadLimits limits, Value value) {
        EncodedPayload payload = new PayloadEncoder(limits).encode(value);
        assertThat(payload.truncated()).isTrue();
        assertValidCut(payload, limits, parse(py.dumps(value)));
        return payload;
    }

    @Test
    void limits_aws() {
        assertThat(AWS).isEqualTo(new PayloadLimits(102_400, 100));
    }

    @Test
    void encode_topLevelListCutTo100() {
        EncodedPayload payload = ENCODER.encode(py.value("list(range(250))"));
        assertThat(payload.truncated()).isTrue();
        assertThat(payload.truncation()).isEqualTo("list cut to its first 100 of 250 items");
        assertThat(parse(payload.json())).hasSize(100);
        assertThat(parse(payload.json()).get(99).intValue()).isEqualTo(99);
    }

    @Test
    void encode_topLevelTupleCutTo100() {
        assertThat(ENCODER.encode(py.value("tuple(range(101))")).truncation())
                .isEqualTo("list cut to its first 100 of 101 items");
    }

    @Test
    void encode_topLevelListOf100_notCut() {
        assertThat(ENCODER.encode(py.value("list(range(100))")).truncated()).isFalse();
    }

    @Test
    void encode_nestedListNotCut() {
        EncodedPayload payload = ENCODER.encode(py.value("{'a': list(range(250)), 'b': [list(range(150))]}"));
        assertThat(payload.truncated()).isFalse();
        assertThat(parse(payload.json()).get("a")).hasSize(250);
        assertThat(parse(payload.json()).get("b").get(0)).hasSize(150);
    }

    @Test
    void encode_listCutAndBytesCut_bothReported() {
        EncodedPayload payload = ENCODER.encode(py.value("['x' * 2000] * 250"));
        assertThat(payload.truncation()).isEqualTo("list cut to its first 100 of 250 items; " + BYTES_CUT);
        assertThat(bytes(payload.json())).isLessThanOrEqualTo(102_400);
    }

    @Test
    void encode_exactlyMaxBytes_notTruncated() {
        EncodedPayload exact = ENCODER.encode(py.value("'x' * 102398"));
        assertThat(exact.truncated()).isFalse();
        assertThat(bytes(exact.json())).isEqualTo(102_400);

        EncodedPayload over = ENCODER.encode(py.value("'x' * 102399"));
        assertThat(over.truncated()).isTrue();
        assertThat(over.truncation()).isEqualTo(BYTES_CUT);
        assertThat(over.json().equals("\"" + "x".repeat(102_398) + "\"")).isTrue();
    }

    @Test
    void encode_exactlyMaxBytesInContainers_notTruncated() {
        // {"k":[1,"…"]} is 12 bytes of structure
        EncodedPayload exact = ENCODER.encode(py.value("{'k': [1, 'y' * (102400 - 12)]}"));
        assertThat(exact.truncated()).isFalse();
        assertThat(bytes(exact.json())).isEqualTo(102_400);
        assertThat(ENCODER.encode(py.value("{'k': [1, 'y' * (102400 - 11)]}")).truncated()).isTrue();
        // a number that is one byte too many is dropped whole
        assertThat(ENCODER.encode(py.value("['y' * (102400 - 7), 10]")).truncated()).isFalse();
        EncodedPayload number = ENCODER.encode(py.value("['y' * (102400 - 6), 10]"));
        assertThat(number.json().equals("[\"" + "y".repeat(102_400 - 6) + "\"]")).isTrue();
    }

    @Test
    void encode_longTopLevelString_cutToValidString() {
        EncodedPayload payload = encodeCut(AWS, py.value("'é' * 10_000_000"));
        assertThat(payload.json().equals("\"" + "é".repeat(51_199) + "\"")).isTrue();
    }

    @Test
    void encode_astralCharsInCut_neverSplit() {
        for (int max = 20; max < 28; max++) {
            PayloadLimits limits = new PayloadLimits(max, 100);
            EncodedPayload payload = encodeCut(limits, py.value("'a' + '😀' * 50"));
            int pairs = (max - 3) / 4;
            assertThat(payload.json()).isEqualTo("\"a" + "😀".repeat(pairs) + "\"");
        }
    }

    @Test
    void encode_loneSurrogatesInCut_countedAsSixBytesAndNeverSplit() {
        for (int max = 20; max < 34; max++) {
            PayloadLimits limits = new PayloadLimits(max, 100);
            EncodedPayload payload = encodeCut(limits, py.value("'a' + '\\ud800' * 50"));
            int escapes = (max - 3) / 6;
            assertThat(payload.json()).isEqualTo("\"a" + "\\ud800".repeat(escapes) + "\"");
        }
    }

    @Test
    void encode_loneSurrogateBesideAstral_cutBetweenThem() {
        // "a" + 😀 (4 bytes) + a lone low surrogate (6 bytes as an escape): 13 bytes in all with the quotes
        PayloadLimits limits = new PayloadLimits(12, 100);
        assertThat(encodeCut(limits, py.value("'a\\U0001F600\\udc00'")).json()).isEqualTo("\"a😀\"");
        assertThat(new PayloadEncoder(new PayloadLimits(13, 100)).encode(py.value("'a\\U0001F600\\udc00'")).json())
                .isEqualTo("\"a😀\\udc00\"");
    }

    @Test
    void encode_loneSurrogateKeyThatDoesNotFit_isDroppedWithItsValue() {
        // {"a":1,"(6-byte escape)":2} is 18 bytes
        PayloadLimits limits = new PayloadLimits(17, 100);
        assertThat(encodeCut(limits, py.value("{'a': 1, '\\ud800': 2}")).json()).isEqualTo("{\"a\":1}");
        assertThat(new PayloadEncoder(new PayloadLimits(18, 100)).encode(py.value("{'a': 1, '\\ud800': 2}")).json())
                .isEqualTo("{\"a\":1,\"\\ud800\":2}");
    }

    @Test
    void encode_intOfMaxDigitsThatDoesNotFit_isDroppedWholeNotFailed() {
        EncodedPayload payload = encodeCut(new PayloadLimits(4000, 100), py.value("[1, 10**4300 - 1]"));
        assertThat(payload.json()).isEqualTo("[1]");
    }

    @Test
    void encode_escapesInCut_neverSplit() {
        for (int max = 20; max < 28; max++) {
            PayloadLimits limits = new PayloadLimits(max, 100);
            EncodedPayload payload = encodeCut(limits, py.value("['ab', '\\x01\\n' * 50]"));
            assertThat(bytes(payload.json())).isGreaterThan(max - 6);
        }
    }

    @Test
    void encode_longDict_cutClosesObject() {
        EncodedPayload payload = encodeCut(AWS, py.value("{f'key{i}': i for i in range(100_000)}"));
        assertThat(bytes(payload.json())).isGreaterThan(102_400 - 20);
        assertThat(payload.json()).endsWith("}");
    }

    @Test
    void encode_longNestedList_cutClosesEverything() {
        EncodedPayload payload = encodeCut(AWS, py.value("{'a': {'b': [[i, str(i)] for i in range(100_000)]}, 'z': 1}"));
        assertThat(payload.json()).endsWith("]]}}");
    }

    @Test
    void encode_keyThatDoesNotFit_isDroppedWithItsValue() {
        EncodedPayload payload = encodeCut(new PayloadLimits(20, 100), py.value("{'a': 1, 'k' * 30: 2}"));
        assertThat(payload.json()).isEqualTo("{\"a\":1}");
    }

    @Test
    void encode_topLevelNumberLongerThanLimit_becomesNull() {
        EncodedPayload payload = new PayloadEncoder(new PayloadLimits(10, 100)).encode(py.value("10**20"));
        assertThat(payload.json()).isEqualTo("null");
        assertThat(payload.truncation()).isEqualTo("payload cut at 10 bytes (limit maxPayloadBytes)");
    }

    @Test
    void encode_hugeString_finishesWithinLimit() {
        assertHugeValueCut(py.value("'x' * 100_000_000"));
        assertHugeValueCut(py.value("'😀' * 25_000_000"));
    }

    @Test
    void encode_hugeListInDict_finishesWithinLimit() {
        assertHugeValueCut(py.run("s = 'v' * 100\nresult = {'items': [s + str(i) for i in range(1_000_000)]}"));
    }

    @Test
    void encode_hugeDict_finishesWithinLimit() {
        assertHugeValueCut(py.value("dict.fromkeys((f'{i:0100d}' for i in range(1_000_000)), 0)"));
    }

    private static void assertHugeValueCut(Value value) {
        EncodedPayload payload = ENCODER.encode(value);
        assertThat(payload.truncation()).isEqualTo(BYTES_CUT);
        assertThat(bytes(payload.json())).isBetween(102_400 - 200, 102_400);
        parse(payload.json());
    }

    // --- the JsonNode overload ---

    @Test
    void encodeJson_topLevelArrayCutTo100_nestedNot() {
        ArrayNode root = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 150; i++) {
            root.addArray().add(i);
        }
        ArrayNode nested = (ArrayNode) root.get(0);
        for (int i = 0; i < 150; i++) {
            nested.add(i);
        }
        EncodedPayload payload = ENCODER.encode(root);
        assertThat(payload.truncation()).isEqualTo("list cut to its first 100 of 150 items");
        assertThat(parse(payload.json())).hasSize(100);
        assertThat(parse(payload.json()).get(0)).hasSize(nested.size());
    }

    @Test
    void encodeJson_longValues_cut() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("s", "é".repeat(1_000_000));
        EncodedPayload payload = ENCODER.encode(root);
        assertThat(payload.json().equals("{\"s\":\"" + "é".repeat((102_400 - 8) / 2) + "\"}")).isTrue();
        assertValidCut(payload, AWS, root);
    }

    @Test
    void encodeJson_exactlyMaxBytes_notTruncated() {
        JsonNode exact = JsonNodeFactory.instance.textNode("x".repeat(102_398));
        assertThat(ENCODER.encode(exact).truncated()).isFalse();
        assertThat(ENCODER.encode(JsonNodeFactory.instance.textNode("x".repeat(102_399))).truncated()).isTrue();
    }
}

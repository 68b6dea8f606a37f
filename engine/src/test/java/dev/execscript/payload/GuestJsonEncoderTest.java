package dev.execscript.payload;

import dev.execscript.policy.PayloadLimits;
import static org.assertj.core.api.Assertions.assertThat;

import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guest's encoder is a fast path only: where it applies it writes what the Java walker writes, and
 * everything it must not decide (subclasses, NaN, cycles, NUL in strings, depth) is left to the walker.
 */
class GuestJsonEncoderTest {

    private static final PayloadLimits AWS = PayloadLimits.AWS;
    private static GuestPython py;
    private static GuestJsonEncoder guest;

    @BeforeAll
    static void start() {
        py = new GuestPython();
        guest = py.newGuestEncoder();
    }

    @AfterAll
    static void stop() {
        py.close();
    }

    /** What the engine returns for the value with the guest path, or the walker's error message. */
    private static String engine(Value value, PayloadLimits limits) {
        try {
            return new PayloadEncoder(limits).encode(value, guest).toString();
        } catch (PayloadTypeException e) {
            return "error: " + e.getMessage() + " @ " + e.path();
        }
    }

    private static String walker(Value value, PayloadLimits limits) {
        try {
            return new PayloadEncoder(limits).encode(value).toString();
        } catch (PayloadTypeException e) {
            return "error: " + e.getMessage() + " @ " + e.path();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'b': 1, 'a': [1, 2.5, -0.0, 1e16, 1e-5], 'c': {}, 'd': (), 'e': None, 'f': True, 'g': False}",
        "'\\x01\\x1f\\x7f\"\\\\/\\b\\f\\n\\r\\t'",
        "{1: 'a', '1': 'b', 1.5: 'c', True: 'd', None: 'e', False: 'g', -7: 'h'}",
        "[[[[[]]]], {'x': {'y': {'z': []}}}]",
        "[12345678901234567890123456789, -10 ** 299]",
        "[3.141592653589793, 1.7976931348623157e308, 1e-300, 0.1, 100.0]",
        "{10 ** 20: 'big key', -1.5: 'float key'}",
        "'a\\ud800b'",
        "'\\udfff\\ud800'",
        "'é€😀\\u2028\\U0010ffff'",
        "{'ключ': 'x', '\\udc00': 1, '😀': ['€']}",
        "list(range(150))",
        "tuple(range(101))",
        "list(range(150)) + [{1}]",
        "'💩' * 25000",
        "''",
        "{}",
        "[]",
        "-0.0",
        "None",
        "[True, False, None, [], {}, '', ()]",
        "'x' * 200000",
    })
    void encode_plainBuiltinValues_writtenByTheGuestAsTheWalker(String expression) {
        Value value = py.value(expression);
        assertThat(guest.encode(value, AWS)).isNotNull();
        assertThat(engine(value, AWS)).isEqualTo(walker(value, AWS));
        PayloadLimits fewItems = new PayloadLimits(AWS.maxBytes(), 3);
        assertThat(engine(value, fewItems)).isEqualTo(walker(value, fewItems));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "__import__('collections').OrderedDict([('z', 1), ('a', 2)])",
        "type('D', (dict,), {'items': lambda self: [('fake', 1)]})(x=1)",
        "type('L', (list,), {'__iter__': lambda self: iter([9])})([1, 2])",
        "type('S', (str,), {})('sub')",
        "__import__('enum').IntEnum('E', 'A B').B",
        "{'a': float('nan')}",
        "[float('inf')]",
        "{'a': {1, 2}}",
        "{'k': b'bytes'}",
        "(lambda d: (d.__setitem__('self', d), d)[1])({})",
        "[5e-324, 1e-310]",
        "{5e-324: 1}",
        "10 ** 4300",
        "[10 ** 300]",
        "'\\x00\\x01\\x1f\\x7f\"\\\\/\\b\\f\\n\\r\\t'", // a NUL in a string: the guest's delimiter
        "{'a\\x00b': 1}",
        "['\\x00\\x00', '']",
        "{'\\x00': '\\x00\\x00\\x00'}",
        "{10 ** 301: 'big key'}",
        "(lambda n: [n := [n] for _ in range(600)][-1])([])",
        // over the limit in bytes, not by the guest's count of characters, which reaches the set the walker never reads
        "{'a': 'é' * 60000, 'b': {1, 2}}",
    })
    void encode_valuesTheGuestMustNotDecide_leftToTheWalker(String expression) {
        Value value = py.value(expression);
        assertThat(guest.encode(value, AWS)).isNull();
        assertThat(engine(value, AWS)).isEqualTo(walker(value, AWS));
    }

    @Test
    void encode_overTheByteLimitAfterEscaping_cutAsTheWalkerCuts() {
        // 40 characters estimate under 64 bytes, but each control character is a 6-byte escape
        PayloadLimits small = new PayloadLimits(64, 100);
        Value value = py.value("['\\x01' * 40]");
        assertThat(guest.encode(value, small)).isEqualTo(new PayloadEncoder(small).encode(value));
        assertThat(engine(value, small)).isEqualTo(walker(value, small)).contains("truncated=true");
    }

    @Test
    void encode_exactlyAtTheByteLimit_notCut() {
        PayloadLimits limits = new PayloadLimits(10, 100);
        Value value = py.value("['abcdef']"); // ["abcdef"] is 10 bytes
        assertThat(guest.encode(value, limits)).isEqualTo(new EncodedPayload("[\"abcdef\"]", false, null));
        assertThat(guest.encode(py.value("['abcdefg']"), limits))
                .isEqualTo(new EncodedPayload("[\"abcdef\"]", true, "payload cut at 10 bytes (limit maxPayloadBytes)"));
    }

    /** Non-ASCII counts as its UTF-8 bytes: 2 for é, 3 for €, 4 for an astral character, 6 for a lone surrogate's escape. */
    @ParameterizedTest
    @ValueSource(strings = {"'é' * 4", "'€' * 3", "'😀' * 2", "'é€😀'", "'\\ud800'", "'a\\ud800\\ud800'", "{'é': '😀'}",
        "['😀', {'€€': ['é', '\\udfff']}, '\\n\\x1f']"})
    void encode_nonAsciiAroundTheByteLimit_cutAsTheWalkerCuts(String expression) {
        Value value = py.value(expression);
        long bytes = JsonCuts.bytes(new PayloadEncoder(AWS).encode(value).json());
        for (long limit = Math.max(PayloadLimits.MIN_BYTES, bytes - 12); limit <= bytes + 1; limit++) {
            PayloadLimits limits = new PayloadLimits((int) limit, 100);
            EncodedPayload walked = new PayloadEncoder(limits).encode(value);
            assertThat(walked.truncated()).isEqualTo(limit < bytes);
            assertThat(guest.encode(value, limits)).as("limit %d of %d bytes", limit, bytes).isEqualTo(walked);
        }
    }

    @Test
    void encode_afterAScriptPatchesJsonAndBuiltins_stillWritesValidJson() {
        try (GuestPython own = new GuestPython()) {
            GuestJsonEncoder encoder = own.newGuestEncoder();
            own.run("""
                    import _json, builtins, json
                    _json.make_encoder = lambda *a: (lambda o, i: ('not json',))
                    _json.encode_basestring = lambda s: 'oops'
                    builtins.len = lambda o: 0
                    builtins.type = lambda o: dict
                    json.dumps = lambda *a, **k: 'not json'
                    result = None
                    """);
            Value value = own.value("{'a': ['b', 1]}");
            assertThat(encoder.encode(value, AWS).json()).isEqualTo("{\"a\":[\"b\",1]}");
        }
    }

    @Test
    void finish_escapesCountsAndChecksTheDelimiters() {
        PayloadLimits limits = new PayloadLimits(100, 100);
        assertThat(GuestJsonEncoder.finish("2:-1:0:{\0k\0:\0a\"\\\n\u0001\ud800é😀\0}", limits))
                .isEqualTo(new EncodedPayload("{\"k\":\"a\\\"\\\\\\n\\u0001\\ud800é😀\"}", false, null));
        assertThat(GuestJsonEncoder.finish("1:-1:0:\0é😀€\0", new PayloadLimits(11, 100)).json()).isEqualTo("\"é😀€\"");
        assertThat(GuestJsonEncoder.finish("1:-1:0:\0é😀€\0", new PayloadLimits(10, 100)))
                .isEqualTo(new EncodedPayload("\"é😀\"", true, "payload cut at 10 bytes (limit maxPayloadBytes)"));
        assertThat(GuestJsonEncoder.finish("1:-1:0:\0\udc00\0", new PayloadLimits(8, 100)).json()).isEqualTo("\"\\udc00\"");
        assertThat(GuestJsonEncoder.finish("1:-1:0:\0\udc00\0", new PayloadLimits(7, 100)).json()).isEqualTo("\"\"");
        // a NUL inside a string shows as one delimiter too many
        assertThat(GuestJsonEncoder.finish("1:-1:0:\0a\0b\0", limits)).isNull();
        assertThat(GuestJsonEncoder.finish("1:-1:1:\0a\0b\0", limits)).isNull();
        assertThat(GuestJsonEncoder.finish("0:7:0:[1,2]", new PayloadLimits(100, 2)))
                .isEqualTo(new EncodedPayload("[1,2]", true, "list cut to its first 2 of 7 items"));
    }
}

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
 * everything it must not decide (subclasses, NaN, cycles, lone surrogates, cuts, depth) is left to the walker.
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
        "'\\x00\\x01\\x1f\\x7f\"\\\\/\\b\\f\\n\\r\\t'",
        "{1: 'a', '1': 'b', 1.5: 'c', True: 'd', None: 'e', False: 'g', -7: 'h'}",
        "[[[[[]]]], {'x': {'y': {'z': []}}}]",
        "[12345678901234567890123456789, -10 ** 299]",
        "[3.141592653589793, 1.7976931348623157e308, 1e-300, 0.1, 100.0]",
    })
    void encode_plainBuiltinValues_writtenByTheGuestAsTheWalker(String expression) {
        Value value = py.value(expression);
        assertThat(guest.encode(value, AWS)).isNotNull();
        assertThat(engine(value, AWS)).isEqualTo(walker(value, AWS));
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
        "'a\\ud800b'",
        "'é€😀\\u2028'",
        "{'ключ': 'x'}",
        "{'\\udc00': 1}",
        "[5e-324, 1e-310]",
        "{5e-324: 1}",
        "10 ** 4300",
        "[10 ** 300]",
        "{10 ** 20: 'big key'}",
        "list(range(150))",
        "'x' * 200000",
        "(lambda n: [n := [n] for _ in range(600)][-1])([])",
    })
    void encode_valuesTheGuestMustNotDecide_leftToTheWalker(String expression) {
        Value value = py.value(expression);
        assertThat(guest.encode(value, AWS)).isNull();
        assertThat(engine(value, AWS)).isEqualTo(walker(value, AWS));
    }

    @Test
    void encode_overTheByteLimitAfterEscaping_cutByTheWalker() {
        // 40 characters estimate under 64 bytes, but each control character is a 6-byte escape
        PayloadLimits small = new PayloadLimits(64, 100);
        Value value = py.value("['\\x01' * 40]");
        assertThat(guest.encode(value, small)).isNull();
        assertThat(engine(value, small)).isEqualTo(walker(value, small)).contains("truncated=true");
    }

    @Test
    void encode_exactlyAtTheByteLimit_writtenByTheGuest() {
        PayloadLimits limits = new PayloadLimits(10, 100);
        Value value = py.value("['abcdef']"); // ["abcdef"] is 10 bytes
        assertThat(guest.encode(value, limits)).isEqualTo("[\"abcdef\"]");
        assertThat(guest.encode(py.value("['abcdefg']"), limits)).isNull();
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
            assertThat(encoder.encode(value, AWS)).isEqualTo("{\"a\":[\"b\",1]}");
        }
    }

    @Test
    void fitsAsUtf8_countsBytesAndRefusesLoneSurrogates() {
        assertThat(GuestJsonEncoder.fitsAsUtf8("é😀€", 9)).isTrue(); // 2 + 4 + 3
        assertThat(GuestJsonEncoder.fitsAsUtf8("é😀€", 8)).isFalse();
        assertThat(GuestJsonEncoder.fitsAsUtf8("a\ud800", 100)).isFalse();
        assertThat(GuestJsonEncoder.fitsAsUtf8("\udc00a", 100)).isFalse();
        assertThat(GuestJsonEncoder.fitsAsUtf8("", 0)).isTrue();
    }
}

package dev.execscript.payload;

import dev.execscript.policy.PayloadLimits;
import static dev.execscript.payload.JsonCuts.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The json.dumps type rules, key conversion, and every error with its path. */
class PayloadEncoderTypesTest {

    private static GuestPython py;
    private static final PayloadEncoder ENCODER = new PayloadEncoder(PayloadLimits.AWS);

    @BeforeAll
    static void start() {
        py = new GuestPython();
    }

    @AfterAll
    static void stop() {
        py.close();
    }

    private static String json(String expression) {
        EncodedPayload payload = ENCODER.encode(py.value(expression));
        assertThat(payload.truncated()).isFalse();
        assertThat(payload.truncation()).isNull();
        return payload.json();
    }

    /** Our output is byte for byte Python's compact, non-ASCII json.dumps. */
    private static void assertSameAsPython(String expression) {
        Value value = py.value(expression);
        assertThat(ENCODER.encode(value).json()).isEqualTo(py.dumps(value));
    }

    private static PayloadTypeException failure(String expression) {
        return failure(py.value(expression));
    }

    private static PayloadTypeException failure(Value value) {
        try {
            EncodedPayload payload = ENCODER.encode(value);
            throw new AssertionError("expected a PayloadTypeException, got " + payload);
        } catch (PayloadTypeException e) {
            return e;
        }
    }

    @Test
    void encode_dictBecomesObjectInOrder() {
        assertThat(json("{'b': 1, 'a': [1, 2], 'c': {}}")).isEqualTo("{\"b\":1,\"a\":[1,2],\"c\":{}}");
    }

    @Test
    void encode_dictSubclassesBecomeObjects() {
        assertThat(json("__import__('collections').OrderedDict([('z', 1), ('a', 2)])")).isEqualTo("{\"z\":1,\"a\":2}");
        assertThat(json("__import__('collections').Counter('aab')")).isEqualTo("{\"a\":2,\"b\":1}");
        assertThat(json("__import__('collections').defaultdict(list, {'k': [1]})")).isEqualTo("{\"k\":[1]}");
        assertThat(json("type('D', (dict,), {})(x=1)")).isEqualTo("{\"x\":1}");
    }

    @Test
    void encode_tupleBecomesArray() {
        assertThat(json("(1, 'a', (2,), ())")).isEqualTo("[1,\"a\",[2],[]]");
    }

    @Test
    void encode_listSubclassAndNamedtupleBecomeArrays() {
        assertThat(json("__import__('collections').namedtuple('P', 'x y')(1, 2)")).isEqualTo("[1,2]");
        assertThat(json("type('L', (list,), {})([1, 2])")).isEqualTo("[1,2]");
    }

    @Test
    void encode_strAndSubclassBecomeStrings() {
        assertThat(json("'plain'")).isEqualTo("\"plain\"");
        assertThat(json("type('S', (str,), {})('sub')")).isEqualTo("\"sub\"");
    }

    @Test
    void encode_unicodeWrittenAsUtf8AndControlsEscaped() {
        assertThat(json("'é€😀\\x00\\x01\\x1f\\x7f\"\\\\/\\b\\f\\n\\r\\t\\u2028'"))
                .isEqualTo("\"é€😀\\u0000\\u0001\\u001f\u007f\\\"\\\\/\\b\\f\\n\\r\\t\u2028\"");
        assertSameAsPython("'é€😀\\x00\\x01\\x1f\\x7f\"\\\\/\\b\\f\\n\\r\\t\\u2028'");
    }

    @Test
    void encode_loneSurrogateEscaped() {
        assertThat(json("'a\\ud800b'")).isEqualTo("\"a\\ud800b\"");
    }

    @Test
    void encode_loneSurrogatesInKeysAndValues_escapedAsJsonDumpsAndKeptDistinct() {
        String expression = "{'\\ud800': 1, '\\udc00': 2, 'a\\udfffb': '\\ud800x', 'end': 'x\\udbff', 'rev': '\\udc00\\ud800'}";
        // json.dumps (ensure_ascii=True) writes each lone surrogate as this escape; non-ASCII otherwise stays UTF-8
        assertThat(json(expression)).isEqualTo("{\"\\ud800\":1,\"\\udc00\":2,\"a\\udfffb\":\"\\ud800x\",\"end\":\"x\\udbff\","
                + "\"rev\":\"\\udc00\\ud800\"}");
        assertSameAsPython(expression);
        assertThat(parse(json(expression)).properties()).hasSize(5);
    }

    @Test
    void encode_surrogatePairMadeOfTwoLoneSurrogates_isTheAstralCharacter() {
        // In Python a high surrogate then a low one are two code points; json.dumps escapes both, and every
        // JSON reader (json.loads included) joins the two escapes into the one character we write.
        assertThat(json("'\\ud83d\\ude00'")).isEqualTo("\"😀\"");
        assertThat(json("'\\ud83d\\ud83d\\ude00'")).isEqualTo("\"\\ud83d😀\"");
        assertThat(py.fromJson("\"\\ud83d\\ude00\"").asString()).isEqualTo("😀");
    }

    @Test
    void encode_loneSurrogateKey_pathEscapesIt() {
        PayloadTypeException e = failure("{'\\ud800': {1}}");
        assertThat(e.path()).isEqualTo("$[\"\\ud800\"]");
        assertThat(e.getMessage()).isEqualTo("Object of type set at $[\"\\ud800\"] is not JSON serializable");
    }

    @Test
    void encode_nulInStringsAndKeys_escaped() {
        assertThat(json("{'a\\x00b': 'c\\x00', '\\x00': ''}")).isEqualTo("{\"a\\u0000b\":\"c\\u0000\",\"\\u0000\":\"\"}");
        assertSameAsPython("{'a\\x00b': 'c\\x00', '\\x00': ''}");
    }

    @Test
    void encode_keysCollidingAfterConversion_allKeptAsJsonDumps() {
        // 1, 1.0 and True are one dict key (the first key object, the last value); json.dumps writes each member
        assertThat(json("{1: 'a', '1': 'b', 1.0: 'c', True: 'd', None: 'e', 'null': 'f', False: 'g', 'false': 'h'}"))
                .isEqualTo("{\"1\":\"d\",\"1\":\"b\",\"null\":\"e\",\"null\":\"f\",\"false\":\"g\",\"false\":\"h\"}");
        assertSameAsPython("{1: 'a', '1': 'b', None: 'e', 'null': 'f', 2.5: 1, '2.5': 2}");
    }

    @Test
    void encode_floatEdgeValuesAsCPython() {
        // CPython 3.11's json.dumps of the same list (with compact separators)
        assertThat(json("[5e-324, 1e-323, 2e-323, -0.0, 1e308, 1.7976931348623157e308, 1e16, -1e-7, 1e22, 123456789012345680.0]"))
                .isEqualTo("[5e-324,1e-323,2e-323,-0.0,1e+308,1.7976931348623157e+308,1e+16,-1e-07,1e+22,1.2345678901234568e+17]");
        assertThat(json("{-0.0: 1, 1e308: 2, 5e-324: 3}")).isEqualTo("{\"-0.0\":1,\"1e+308\":2,\"5e-324\":3}");
    }

    @Test
    void encode_intsJustUnderDigitLimit_exactEverywhere() {
        String max = "9".repeat(4300);
        assertThat(json("[10**4300 - 1, -(10**4300 - 1), {'k': [10**4299]}, {10**4300 - 1: 1}]"))
                .isEqualTo("[" + max + ",-" + max + ",{\"k\":[1" + "0".repeat(4299) + "]},{\"" + max + "\":1}]");
        assertSameAsPython("[10**4300 - 1, -(10**4300 - 1), {'k': [10**4299]}, {10**4300 - 1: 1}]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "10**4300                                  | $         | int",
            "-10**4300                                 | $         | int",
            "[1, [2, 10**4300]]                        | $[1][1]   | int",
            "{'a': {'b': (0, -10**5000)}}              | $.a.b[1]  | int",
            "{'a': {10**4300: 1}}                      | $.a       | int key",
            "{'a': [type('I', (int,), {})(10**4300)]}  | $.a[0]    | int",
            "[{'x': 1, 'y': 10**100000}]               | $[0].y    | int",
    })
    void encode_intBeyondDigitLimitAnywhere_failsNamingPathAndReason(String expression, String path, String what) {
        // CPython's json.dumps raises ValueError here; GraalPy's does not apply the limit (its str() does)
        PayloadTypeException e = failure(expression);
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.typeName()).isEqualTo("int");
        assertThat(e.getMessage()).isEqualTo(what + " at " + path + " has more than 4300 digits: json.dumps raises ValueError"
                + " (Exceeds the limit (4300 digits) for integer string conversion)");
    }

    @Test
    void encode_subclassesWithOverriddenReprAndStr_encodedByValueAsJsonDumps() {
        // json.dumps uses int.__repr__ and float.__repr__ and the str's own characters, never the overrides
        String expression = "[type('I', (int,), {'__repr__': lambda s: 'x', '__str__': lambda s: 'y'})(5),"
                + " type('F', (float,), {'__repr__': lambda s: 'x'})(2.5),"
                + " type('S', (str,), {'__str__': lambda s: 'y', '__repr__': lambda s: 'z'})('a'),"
                + " {type('I', (int,), {'__repr__': lambda s: 'x'})(6): type('F', (float,), {'__repr__': lambda s: 'x'})(1.5)}]";
        assertThat(json(expression)).isEqualTo("[5,2.5,\"a\",{\"6\":1.5}]");
        assertSameAsPython(expression);
    }

    @Test
    void encode_enumsMixedWithJsonTypes_encodedByValue() {
        String expression = "(lambda e: [e.Enum('S', {'A': 'a'}, type=str).A, e.IntEnum('I', {'B': 2}).B,"
                + " {e.Enum('F', {'C': 1.5}, type=float).C: e.Enum('F', {'C': 1.5}, type=float).C}])(__import__('enum'))";
        assertThat(json(expression)).isEqualTo("[\"a\",2,{\"1.5\":1.5}]");
    }

    @Test
    void encode_containerSubclassesOverridingIteration_readAsJsonDumpsReadsThem() {
        // CPython 3.11: a dict subclass through its items(), a list or tuple subclass through its __iter__
        assertThat(json("type('D', (dict,), {'items': lambda s: [('x', 1)]})(a=2)")).isEqualTo("{\"x\":1}");
        assertThat(json("type('L', (list,), {'__iter__': lambda s: iter([9]), '__len__': lambda s: 1})([1, 2])"))
                .isEqualTo("[9]");
        assertThat(json("type('T', (tuple,), {'__iter__': lambda s: iter([8, 7])})((1, 2, 3))")).isEqualTo("[8,7]");
        assertThat(json("{'l': type('L', (list,), {})([1, [2]]), 't': __import__('collections').namedtuple('P', 'x')(3)}"))
                .isEqualTo("{\"l\":[1,[2]],\"t\":[3]}");
    }

    @Test
    void encode_listSubclassInCycle_fails() {
        PayloadTypeException e = failure(py.run("L = type('L', (list,), {})\na = L([1])\na.append([a])\nresult = a"));
        assertThat(e.getMessage()).isEqualTo("Circular reference detected at $[1][0]");
    }

    @Test
    void encode_topLevelListSubclassIteratingMore_cutToItsFirstItems() {
        EncodedPayload payload = ENCODER.encode(py.value("type('L', (list,), {'__iter__': lambda s: iter(range(150))})([])"));
        assertThat(payload.truncation()).isEqualTo("list cut to its first 100 of 150 items");
    }

    @Test
    void encode_orderedDictReordered_writtenInItsOwnOrder() {
        // CPython's json.dumps reads an OrderedDict through items(): {"b": 2, "a": 1}
        assertThat(json("(lambda d: (d.move_to_end('a'), d)[1])(__import__('collections').OrderedDict(a=1, b=2))"))
                .isEqualTo("{\"b\":2,\"a\":1}");
    }

    @Test
    void encode_intsExactIncludingBig() {
        assertThat(json("[0, -1, 2**63 - 1, 2**63, -2**70, 10**4299]"))
                .isEqualTo("[0,-1,9223372036854775807,9223372036854775808,-1180591620717411303424,1"
                        + "0".repeat(4299) + "]");
    }

    @Test
    void encode_intEnumAndBoolSubclassesAreNumbers() {
        assertThat(json("__import__('enum').IntEnum('E', 'A B').B")).isEqualTo("2");
        assertThat(json("type('I', (int,), {})(7)")).isEqualTo("7");
    }

    @Test
    void encode_floatsAsPythonRepr() {
        assertSameAsPython("[1.0, -0.0, 0.0, 1e16, 1e15, 1e-5, 0.0001, 123.456, 1e22, 2e-323, 1.7976931348623157e308,"
                + " 0.1, 2.5e-7, -1.5e300, 100.0, 1234567890123456.7, type('F', (float,), {})(2.5)]");
        assertThat(json("[1e16, 1e-05, 1.0]")).isEqualTo("[1e+16,1e-05,1.0]");
    }

    @Test
    void encode_boolsAndNone() {
        assertThat(json("[True, False, None]")).isEqualTo("[true,false,null]");
        assertThat(json("None")).isEqualTo("null");
        assertThat(json("True")).isEqualTo("true");
    }

    @Test
    void encode_keysConvertedAsJsonDumps() {
        assertThat(json("{'s': 0, 2: 1, 1.5: 2, True: 3, False: 4, None: 5, -10**30: 6, 1e16: 7,"
                + " __import__('enum').IntEnum('E', [('A', 9)]).A: 8}"))
                .isEqualTo("{\"s\":0,\"2\":1,\"1.5\":2,\"true\":3,\"false\":4,\"null\":5,"
                        + "\"-1000000000000000000000000000000\":6,\"1e+16\":7,\"9\":8}");
        assertSameAsPython("{'s': 0, 2: 1, 1.5: 2, True: 3, None: 5, -10**30: 6, 1e16: 7}");
    }

    @Test
    void encode_sameObjectTwiceIsNoCycle() {
        assertThat(py.run("x = [1]\nresult = {'a': x, 'b': [x, x]}")).satisfies(v ->
                assertThat(ENCODER.encode(v).json()).isEqualTo("{\"a\":[1],\"b\":[[1],[1]]}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'result': [1, 2, {3}]}               | set       | $.result[2]",
            "[frozenset()]                         | frozenset | $[0]",
            "{'b': b'x'}                           | bytes     | $.b",
            "{'b': bytearray(b'x')}                | bytearray | $.b",
            "{'r': range(3)}                       | range     | $.r",
            "{'g': (x for x in [])}                | generator | $.g",
            "{'o': object()}                       | object    | $.o",
            "{'d': __import__('decimal').Decimal(1)} | Decimal | $.d",
            "{'c': 1 + 2j}                         | complex   | $.c",
            "{'a b': [0, type('Foo', (), {})()]}   | Foo       | $[\"a b\"][1]",
            "{'m': __import__('types').MappingProxyType({})} | mappingproxy | $.m",
            "{1}                                   | set       | $",
    })
    void encode_unserializableType_failsWithPath(String expression, String type, String path) {
        PayloadTypeException e = failure(expression);
        assertThat(e.typeName()).isEqualTo(type);
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.getMessage()).isEqualTo("Object of type " + type + " at " + path + " is not JSON serializable");
    }

    @Test
    void encode_unserializableKey_failsWithPathOfDict() {
        PayloadTypeException e = failure("{'a': {(1, 2): 'x'}}");
        assertThat(e.typeName()).isEqualTo("tuple");
        assertThat(e.path()).isEqualTo("$.a");
        assertThat(e.getMessage()).startsWith("Key of type tuple at $.a is not JSON serializable");
    }

    @Test
    void encode_nonFiniteFloat_fails() {
        PayloadTypeException nan = failure("{'x': float('nan')}");
        assertThat(nan.getMessage()).isEqualTo("float nan at $.x is not valid JSON");
        assertThat(nan.typeName()).isEqualTo("float");
        assertThat(nan.path()).isEqualTo("$.x");
        assertThat(failure("[1, float('inf')]").getMessage()).isEqualTo("float inf at $[1] is not valid JSON");
        assertThat(failure("float('-inf')").getMessage()).isEqualTo("float -inf at $ is not valid JSON");
        assertThat(failure("{'a': {float('nan'): 1}}").getMessage()).isEqualTo("float nan key at $.a is not valid JSON");
    }

    @Test
    void encode_intBeyondPythonsDigitLimit_fails() {
        PayloadTypeException e = failure("{'n': 10**4300}");
        assertThat(e.typeName()).isEqualTo("int");
        assertThat(e.getMessage()).startsWith("int at $.n has more than 4300 digits");
        assertThat(e.path()).isEqualTo("$.n");
        assertThat(failure("[-(10**100000)]").path()).isEqualTo("$[0]");
    }

    @Test
    void encode_cyclicList_fails() {
        PayloadTypeException e = failure(py.run("a = [1]\na.append(a)\nresult = a"));
        assertThat(e.getMessage()).isEqualTo("Circular reference detected at $[1]");
        assertThat(e.path()).isEqualTo("$[1]");
    }

    @Test
    void encode_cyclicDict_fails() {
        PayloadTypeException e = failure(py.run("d = {}\nd['a'] = {'b': d}\nresult = d"));
        assertThat(e.getMessage()).isEqualTo("Circular reference detected at $.a.b");
    }

    @Test
    void encode_deepNesting_failsCleanly() {
        PayloadTypeException e = failure(py.run("result = []\nfor _ in range(9999): result = [result]"));
        assertThat(e.getMessage()).isEqualTo("nesting deeper than 1000 at $" + "[0]".repeat(1000)
                + " (json.dumps raises RecursionError)");
        assertThat(e.path()).isEqualTo("$" + "[0]".repeat(1000));
    }

    @Test
    void encode_thousandLevels_isFine() {
        String json = ENCODER.encode(py.run("result = []\nfor _ in range(999): result = {'k': result}")).json();
        assertThat(json).isEqualTo("{\"k\":".repeat(999) + "[]" + "}".repeat(999));
    }

    @Test
    void encode_errorsPastTheCut_areNotSeen() {
        EncodedPayload payload = ENCODER.encode(py.value("['x' * 200000, {1}]"));
        assertThat(payload.truncated()).isTrue();
    }

    // --- the JsonNode overload ---

    @Test
    void encodeJson_writesTreeCompactly() throws Exception {
        JsonNode tree = new ObjectMapper().readTree(
                "{\"a\": [1, 2.5, 1e16, true, null, \"é😀\\u0001\"], \"big\": 123456789012345678901234567890}");
        assertThat(ENCODER.encode(tree).json())
                .isEqualTo("{\"a\":[1,2.5,1e+16,true,null,\"é😀\\u0001\"],\"big\":123456789012345678901234567890}");
    }

    @Test
    void encodeJson_nonFiniteDouble_fails() {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.putArray("xs").add(1).add(DoubleNode.valueOf(Double.NaN));
        assertThatThrownBy(() -> ENCODER.encode(tree))
                .isInstanceOf(PayloadTypeException.class)
                .hasMessage("float nan at $.xs[1] is not valid JSON");
    }

    @Test
    void encodeJson_binary_fails() {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.put("b", new byte[] {1});
        assertThatThrownBy(() -> ENCODER.encode(tree))
                .isInstanceOf(PayloadTypeException.class)
                .hasMessage("Object of type binary at $.b is not JSON serializable");
    }

    @Test
    void encodeJson_deepNesting_failsCleanly() {
        ArrayNode root = JsonNodeFactory.instance.arrayNode();
        ArrayNode node = root;
        for (int i = 0; i < 10_000; i++) {
            node = node.addArray();
        }
        assertThatThrownBy(() -> ENCODER.encode(root))
                .isInstanceOf(PayloadTypeException.class)
                .hasMessageStartingWith("nesting deeper than 1000 at $[0]");
    }

    @Test
    void encodeJson_cycle_fails() {
        ArrayNode root = JsonNodeFactory.instance.arrayNode();
        root.addObject().set("self", root);
        assertThatThrownBy(() -> ENCODER.encode(root))
                .isInstanceOf(PayloadTypeException.class)
                .hasMessage("Circular reference detected at $[0].self");
    }
}

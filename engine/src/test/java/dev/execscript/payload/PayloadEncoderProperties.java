package dev.execscript.payload;

import dev.execscript.policy.PayloadLimits;
import static dev.execscript.payload.JsonCuts.assertValidCut;
import static dev.execscript.payload.JsonCuts.bytes;
import static dev.execscript.payload.JsonCuts.parse;
import static dev.execscript.payload.JsonCuts.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.graalvm.polyglot.Value;

/**
 * Random JSON values, built on the Java side and turned into Python values with the guest's json.loads; our
 * encoding is compared with the guest's own json.dumps. Small byte limits make cuts frequent.
 */
class PayloadEncoderProperties {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern LONE_SURROGATE = Pattern.compile("\\\\ud[89a-f]");
    private static final Pattern LONG_INT = Pattern.compile("\\d{1001}");
    private static GuestPython py;
    private static GuestJsonEncoder guest;

    @BeforeContainer
    static void start() {
        py = new GuestPython();
        guest = py.newGuestEncoder();
    }

    @AfterContainer
    static void stop() {
        py.close();
    }

    @Property(tries = 400)
    void encode_matchesJsonDumpsOrIsAPrefixCut(@ForAll("values") JsonNode tree, @ForAll("limits") PayloadLimits limits) {
        Value value = py.fromJson(text(tree));
        checkAgainstPython(new PayloadEncoder(limits).encode(value), limits, value);
    }

    @Property(tries = 400)
    void encodeJson_matchesJsonDumpsOrIsAPrefixCut(@ForAll("values") JsonNode tree, @ForAll("limits") PayloadLimits limits) {
        checkAgainstPython(new PayloadEncoder(limits).encode(tree), limits, py.fromJson(text(tree)));
    }

    /** The engine's path (the guest's encoder where it applies) writes byte for byte what the Java walker writes. */
    @Property(tries = 400)
    void encodeWithGuest_equalsJavaWalker(@ForAll("values") JsonNode tree, @ForAll("limits") PayloadLimits limits) {
        PayloadEncoder encoder = new PayloadEncoder(limits);
        Value value = py.fromJson(text(tree));
        EncodedPayload walked = encoder.encode(value);
        Statistics.label("guest").collect(guest.encode(value, limits) != null ? "guest" : "walker");
        assertThat(encoder.encode(value, guest)).isEqualTo(walked);
    }

    /**
     * Around the byte limit (where the guest's size estimate, its exact count of non-ASCII, escapes and lone
     * surrogates, and its cut of a text over the limit all matter): the guest's path writes what the walker writes.
     */
    @Property(tries = 300)
    void encodeWithGuest_nearTheByteLimit_equalsJavaWalker(@ForAll("values") JsonNode tree,
            @ForAll @net.jqwik.api.constraints.IntRange(min = -8, max = 8) int offset) {
        Value value = py.fromJson(text(tree));
        int full = bytes(new PayloadEncoder(new PayloadLimits(1 << 24, 100)).encode(value).json());
        PayloadLimits limits = new PayloadLimits(Math.max(PayloadLimits.MIN_BYTES, full + offset), 100);
        PayloadEncoder encoder = new PayloadEncoder(limits);
        EncodedPayload walked = encoder.encode(value);
        EncodedPayload fast = guest.encode(value, limits);
        Statistics.label("guest").collect(fast != null ? "guest" : "walker");
        Statistics.label("cut").collect(walked.truncated() ? "cut" : "-");
        if (fast != null) {
            assertThat(fast).isEqualTo(walked);
        }
        assertThat(encoder.encode(value, guest)).isEqualTo(walked);
    }

    @Property(tries = 100)
    void encode_valueAndJsonOverloadsAgree(@ForAll("values") JsonNode tree, @ForAll("limits") PayloadLimits limits) {
        PayloadEncoder encoder = new PayloadEncoder(limits);
        assertThat(encoder.encode(py.fromJson(text(tree)))).isEqualTo(encoder.encode(tree));
    }

    /**
     * Without a byte cut the output is exactly Python's (of the list cut to its first items, if any); with one
     * it is valid, within the limit, a prefix-consistent cut, and only made when the full text is too long.
     */
    private static void checkAgainstPython(EncodedPayload payload, PayloadLimits limits, Value value) {
        boolean listCut = value.hasArrayElements() && value.getArraySize() > limits.maxListItems();
        String python = py.dumps(listCut ? py.head(value, limits.maxListItems()) : value);
        JsonNode full = parse(python);
        Statistics.label("cut").collect(listCut ? "list" : "-", bytes(python) > limits.maxBytes() ? "bytes" : "-");
        Statistics.label("content").collect(LONE_SURROGATE.matcher(python).find() ? "lone surrogate" : "-",
                LONG_INT.matcher(python).find() ? "int over 1,000 digits" : "-");
        assertThat(bytes(payload.json())).isLessThanOrEqualTo(limits.maxBytes());
        boolean bytesCut = bytes(python) > limits.maxBytes();
        assertThat(payload.truncated()).isEqualTo(listCut || bytesCut);
        if (!bytesCut) {
            assertThat(payload.json()).isEqualTo(python);
            return;
        }
        assertThat(payload.truncation()).endsWith("(limit maxPayloadBytes)");
        assertValidCut(payload, limits, full);
        if (full.isTextual()) { // a cut string fills the limit but for one character (at most a 6-byte escape)
            assertThat(bytes(payload.json())).isGreaterThan(limits.maxBytes() - 6);
        }
    }

    @Provide
    Arbitrary<PayloadLimits> limits() {
        return Combinators.combine(
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(PayloadLimits.MIN_BYTES, 63)),
                        net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(64, 512)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(512, 4096))),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(100)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 8))))
                .as(PayloadLimits::new);
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, tree(4)),
                net.jqwik.api.Tuple.of(1, deepChain()),
                net.jqwik.api.Tuple.of(1, longString().map(NODES::textNode)));
    }

    private Arbitrary<JsonNode> tree(int depth) {
        if (depth == 0) {
            return scalar();
        }
        Arbitrary<JsonNode> child = Arbitraries.lazy(() -> tree(depth - 1));
        Arbitrary<JsonNode> array = child.list().ofMaxSize(20).map(items -> {
            ArrayNode node = NODES.arrayNode();
            items.forEach(node::add);
            return node;
        });
        Arbitrary<JsonNode> object = Combinators.combine(shortString(), child).as(List::of).list().ofMaxSize(10)
                .map(members -> {
                    ObjectNode node = NODES.objectNode();
                    members.forEach(m -> node.set((String) m.get(0), (JsonNode) m.get(1)));
                    return node;
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, scalar()),
                net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(2, object));
    }

    /** Nesting a few hundred levels deep (within Python's recursion limit for the reference json.dumps). */
    private Arbitrary<JsonNode> deepChain() {
        return Combinators.combine(Arbitraries.integers().between(1, 300), Arbitraries.of(true, false), scalar())
                .as((depth, objects, leaf) -> {
                    JsonNode node = leaf;
                    for (int i = 0; i < depth; i++) {
                        if (objects) {
                            ObjectNode wrapper = NODES.objectNode();
                            wrapper.set("k" + i, node);
                            node = wrapper;
                        } else {
                            node = NODES.arrayNode().add(node);
                        }
                    }
                    return node;
                });
    }

    private Arbitrary<JsonNode> scalar() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(NODES.nullNode())),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(NODES::booleanNode)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(NODES::numberNode)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bigIntegers()
                        .between(BigInteger.TEN.pow(60).negate(), BigInteger.TEN.pow(60)).map(NODES::numberNode)),
                net.jqwik.api.Tuple.of(1, bigInts().map(NODES::numberNode)),
                net.jqwik.api.Tuple.of(2, doubles().map(NODES::numberNode)),
                net.jqwik.api.Tuple.of(4, shortString().map(NODES::textNode)));
    }

    /**
     * Not below 1e-322 (the 20 smallest subnormals): there GraalPy's float repr, the reference here, writes
     * Java's two digits (4.9e-324) where CPython writes the shortest (5e-324), as we do; PythonFloatFormatTest
     * checks those against CPython's own output.
     */
    private Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(6),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)
                        .filter(d -> d == 0 || Math.abs(d) >= 1e-322),
                Arbitraries.of(0.0, -0.0, 1e16, 1e15, 1e-5, 1e-4, 2e-323, Double.MAX_VALUE, 0.1, 100.0));
    }

    private Arbitrary<String> shortString() {
        return codePoints().list().ofMaxSize(12).map(PayloadEncoderProperties::string);
    }

    private Arbitrary<String> longString() {
        return codePoints().list().ofMinSize(50).ofMaxSize(3000).map(PayloadEncoderProperties::string);
    }

    /** Ints of any length up to Python's 4,300 digits, the longest json.dumps prints, that length included. */
    private static Arbitrary<BigInteger> bigInts() {
        BigInteger longest = BigInteger.TEN.pow(GuestValueModel.INT_MAX_STR_DIGITS).subtract(BigInteger.ONE);
        Arbitrary<BigInteger> anyLength = Combinators.combine(
                        Arbitraries.integers().between(1, GuestValueModel.INT_MAX_STR_DIGITS)
                                .flatMap(n -> Arbitraries.strings().withCharRange('0', '9').ofLength(n)),
                        Arbitraries.of(false, true))
                .as((digits, negative) -> negative ? new BigInteger(digits).negate() : new BigInteger(digits));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, anyLength),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(longest, longest.negate(), BigInteger.TEN.pow(4299))));
    }

    /** ASCII, controls and JSON's escaped characters, other BMP, astral, lone surrogates. */
    private static Arbitrary<Integer> codePoints() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xd800, 0xdfff)),
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0x00, 0x01, 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x1f, 0x22, 0x5c, 0x7f)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, 0xd7ff)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)));
    }

    private static String string(List<Integer> codePoints) {
        StringBuilder s = new StringBuilder();
        codePoints.forEach(s::appendCodePoint);
        return s.toString();
    }
}

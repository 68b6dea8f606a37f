package dev.execscript.payload;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * Reads GraalPy values with {@code json.dumps}' type rules. Interop traits pick the candidate shape cheaply;
 * where traits are ambiguous (bytes and range have array elements, 1.0 fits in a long, a Mapping has hash
 * entries) the builtin types decide with {@code isMetaInstance}, which is exact isinstance (subclasses
 * included). The builtins are fetched once per encoding, lazily: a context-keyed cache would keep contexts
 * alive (cached values reference their context), and the fetch costs ~15-80 us.
 *
 * <p>None is {@code isNull}, bool is {@code isBoolean}, str (and subclasses) is {@code isString}: GraalPy maps
 * exactly those types to those traits, so they need no isinstance check.
 */
final class GuestValueModel implements NodeModel<Value> {

    /**
     * The builtins, read from the builtins module so that a handler shadowing {@code list} or {@code len} in
     * its module does not change them; an expression, so nothing is bound in the handler's namespace. The
     * sixth item returns a str, or a prefix of at least n code points when longer, sliced guest-side:
     * {@code asString} is free for most GraalPy strings but transcodes (copies) strings with astral characters.
     * The last lists a list or tuple subclass's items as its iteration gives them (as json.dumps reads them).
     */
    private static final Source BUILTINS = Source.create("python", """
            (lambda b: (b.dict, b.list, b.tuple, b.int, b.float,
                        lambda s, n, ln=b.str.__len__, gi=b.str.__getitem__, sl=b.slice: s if ln(s) <= n else gi(s, sl(n)),
                        b.list
                       ))(__import__('builtins'))""");

    private static final String BUILTINS_BINDING = "_execscript_payload_builtins";

    /** Python's default {@code sys.get_int_max_str_digits()}: json.dumps cannot print a longer int. */
    static final int INT_MAX_STR_DIGITS = 4300;

    private Value dict;
    private Value list;
    private Value tuple;
    private Value integer;
    private Value floating;
    private Value prefix;
    private Value listOf;

    @Override
    public NodeKind kind(Value v) {
        if (v.isNull()) {
            return NodeKind.NULL;
        }
        if (v.isBoolean()) {
            return NodeKind.BOOLEAN;
        }
        if (v.isString()) {
            return NodeKind.STRING;
        }
        builtins(v);
        if (v.isNumber()) {
            if (integer.isMetaInstance(v)) {
                return NodeKind.INTEGER;
            }
            if (floating.isMetaInstance(v)) {
                return NodeKind.FLOAT;
            }
        } else if (v.hasHashEntries()) {
            if (dict.isMetaInstance(v)) {
                return NodeKind.OBJECT;
            }
        } else if (v.hasArrayElements()) {
            if (list.isMetaInstance(v) || tuple.isMetaInstance(v)) {
                return NodeKind.ARRAY;
            }
        }
        throw Unencodable.type(typeName(v));
    }

    @Override
    public boolean booleanValue(Value v) {
        return v.asBoolean();
    }

    @Override
    public String numberText(Value v, NodeKind kind) {
        if (kind == NodeKind.INTEGER) {
            return intText(v);
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            throw Unencodable.nonFinite(d);
        }
        return PythonFloatFormat.repr(d);
    }

    @Override
    public String string(Value v, int maxCodePoints) {
        return prefix(v).execute(v, maxCodePoints).asString();
    }

    /**
     * Interop reads a list's storage, which a subclass overriding {@code __iter__} does not show; json.dumps
     * iterates any list or tuple that is not exactly one. Only subclasses pay for the copy.
     */
    @Override
    public Value elements(Value v) {
        Value type = v.getMetaObject();
        if (type.equals(list) || type.equals(tuple)) {
            return v;
        }
        return listOf.execute(v);
    }

    @Override
    public long arraySize(Value v) {
        return v.getArraySize();
    }

    @Override
    public Value element(Value v, long index) {
        return v.getArrayElement(index);
    }

    @Override
    public Entries<Value> entries(Value v) {
        Value iterator = v.getHashEntriesIterator();
        return new Entries<>() {
            private Value entry;

            @Override
            public boolean next() {
                if (!iterator.hasIteratorNextElement()) {
                    return false;
                }
                entry = iterator.getIteratorNextElement();
                return true;
            }

            @Override
            public String key(int maxCodePoints) {
                return keyText(entry.getArrayElement(0), maxCodePoints);
            }

            @Override
            public Value value() {
                return entry.getArrayElement(1);
            }
        };
    }

    /** Value's equals and hashCode are the guest object's identity, like json.dumps' id()-based markers. */
    @Override
    public Set<Value> newIdentitySet() {
        return new HashSet<>();
    }

    /** Key conversion as json.dumps does it: str as is; float, bool, None, int printed. */
    private String keyText(Value key, int maxCodePoints) {
        if (key.isString()) {
            return string(key, maxCodePoints);
        }
        if (key.isBoolean()) {
            return key.asBoolean() ? "true" : "false";
        }
        if (key.isNull()) {
            return "null";
        }
        builtins(key);
        NodeKind number = !key.isNumber() ? null
                : integer.isMetaInstance(key) ? NodeKind.INTEGER
                : floating.isMetaInstance(key) ? NodeKind.FLOAT
                : null;
        if (number != null) {
            try {
                return numberText(key, number);
            } catch (Unencodable e) {
                throw new Unencodable(e.typeName, e.getMessage().replace(" at %s", " key at %s"));
            }
        }
        throw Unencodable.key(typeName(key));
    }

    private static String intText(Value v) {
        if (v.fitsInLong()) {
            return Long.toString(v.asLong());
        }
        BigInteger big = v.asBigInteger();
        // bitLength first: printing a huge int is superlinear, and 10^4300 has 14,285 bits
        String text = big.bitLength() > 14_300 ? null : big.toString();
        if (text == null || text.length() - (big.signum() < 0 ? 1 : 0) > INT_MAX_STR_DIGITS) {
            throw new Unencodable("int", "int at %s has more than " + INT_MAX_STR_DIGITS + " digits: json.dumps raises"
                    + " ValueError (Exceeds the limit (" + INT_MAX_STR_DIGITS + " digits) for integer string conversion)");
        }
        return text;
    }

    private Value prefix(Value v) {
        builtins(v);
        return prefix;
    }

    private void builtins(Value v) {
        if (dict == null) {
            // Kept in the context's own top-level bindings, so each context evaluates it once and the
            // cache dies with the context (a Java-side cache keyed by context would keep contexts alive).
            Value bindings = v.getContext().getBindings("python");
            Value types = bindings.getMember(BUILTINS_BINDING);
            if (types == null || !types.hasArrayElements()) {
                types = v.getContext().eval(BUILTINS);
                bindings.putMember(BUILTINS_BINDING, types);
            }
            dict = types.getArrayElement(0);
            list = types.getArrayElement(1);
            tuple = types.getArrayElement(2);
            integer = types.getArrayElement(3);
            floating = types.getArrayElement(4);
            prefix = types.getArrayElement(5);
            listOf = types.getArrayElement(6);
        }
    }

    private static String typeName(Value v) {
        Value meta = v.getMetaObject();
        return meta == null ? "unknown" : meta.getMetaSimpleName();
    }
}

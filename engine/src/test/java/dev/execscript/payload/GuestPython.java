package dev.execscript.payload;

import org.graalvm.polyglot.Context;
import dev.execscript.python.GuestEngines;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Value;

/** A GraalPy context for tests; one Engine is shared, since the first costs seconds and later ones ~100 ms. */
final class GuestPython implements AutoCloseable {

    /** Unsandboxed: the reference json.dumps (and re) of plain GraalPy. */
    private static final Engine ENGINE = GuestEngines.newEngine(SandboxPolicy.TRUSTED);

    private final Context context = Context.newBuilder("python").engine(ENGINE).build();
    /**
     * Compact json.dumps with non-ASCII raw, except lone surrogates: UTF-8 cannot carry them, so they are
     * written as {@code ensure_ascii=True} writes them (a surrogate in ensure_ascii=False output can only be a
     * lone one inside a string, since a pair is one astral code point in a Python str).
     */
    private final Value dumps = context.eval("python", """
            lambda v, json=__import__('json'), re=__import__('re'): re.sub(
                '[\\ud800-\\udfff]', lambda m: '\\\\u%04x' % ord(m.group()),
                json.dumps(v, separators=(',', ':'), ensure_ascii=False, allow_nan=False))""");
    private final Value head = context.eval("python", "lambda v, n: v[:n]");
    private final Value loads = context.eval("python", "__import__('json').loads");

    /** The payload encoder's guest half for this context (made before the test's scripts change anything). */
    GuestJsonEncoder newGuestEncoder() {
        return new GuestJsonEncoder(context);
    }

    /** The value of a Python expression (through a lambda: evaluating a bare {@code None} yields the module). */
    Value value(String expression) {
        return context.eval("python", "lambda: (" + expression + ")").execute();
    }

    /** Runs statements that leave their result in {@code result}. */
    Value run(String statements) {
        context.eval("python", statements);
        return context.getBindings("python").getMember("result");
    }

    Value fromJson(String json) {
        return loads.execute(json);
    }

    /** The first n items of a list. */
    Value head(Value list, int n) {
        return head.execute(list, n);
    }

    /** Python's own compact encoding, the reference for ours. */
    String dumps(Value value) {
        return dumps.execute(value).asString();
    }

    @Override
    public void close() {
        context.close();
    }
}

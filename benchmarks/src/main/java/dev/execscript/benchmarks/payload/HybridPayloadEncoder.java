package dev.execscript.benchmarks.payload;

import dev.execscript.payload.EncodedPayload;
import dev.execscript.payload.PayloadEncoder;
import dev.execscript.policy.PayloadLimits;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * A candidate strategy: guest {@code json.dumps} (one host-guest crossing) when a guest-side, budget-bounded
 * estimate says the value is surely under the limits, else the Java-side {@link PayloadEncoder}, which
 * enforces the limits. Bound to one context, because its estimate function lives there.
 */
public final class HybridPayloadEncoder {

    private final PayloadLimits limits;
    private final PayloadEncoder encoder;
    private final Value surelySmall;
    private final Value dumps;

    public HybridPayloadEncoder(Context context, PayloadLimits limits) {
        this.limits = limits;
        this.encoder = new PayloadEncoder(limits);
        context.eval(Source.create("python", GuestSources.read("hybrid_estimate.py")));
        Value bindings = context.getBindings("python");
        this.surelySmall = bindings.getMember("surely_small");
        this.dumps = bindings.getMember("compact_dumps");
    }

    public EncodedPayload encode(Value value) {
        if (surelySmall.execute(value, limits.maxBytes(), limits.maxListItems()).asBoolean()) {
            String json;
            try {
                json = dumps.execute(value).asString();
            } catch (PolyglotException e) {
                // Not JSON-serializable: the encoder reports it with the path, as the engine does.
                return encoder.encode(value);
            }
            if (utf8Length(json) <= limits.maxBytes()) {
                return new EncodedPayload(json, false, null);
            }
        }
        return encoder.encode(value);
    }

    /** UTF-8 length without allocating the bytes; stops counting once past the limit. */
    private int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length() && bytes <= limits.maxBytes(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}

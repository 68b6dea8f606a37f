package dev.execscript.payload;

import dev.execscript.policy.PayloadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * The fast path of {@link PayloadEncoder}: a value of exact builtin types (guest_json.py says which) is
 * written in one host-guest crossing, where the walker pays several per node. The guest writes the structure
 * and the strings raw, up to a little past the byte limit; {@link GuestTextWriter} escapes, counts and cuts
 * that text in one pass by the walker's rules. Where the guest declines (subclasses, other types, NaN, a NUL
 * in a string, deep nesting) {@link PayloadEncoder} walks the value from Java, so the output is the walker's
 * either way.
 *
 * <p>One per context, made before any script runs and held in Java only: the guest function it calls is bound
 * nowhere a script can reach, and captured the real builtins.
 */
public final class GuestJsonEncoder {

    /**
     * guest_json.py as one Source: the engine parses it once for all its contexts. The name starts with '<' so
     * that the statement limit does not count the encoder's steps as the script's.
     */
    private static final Source SOURCE = Source.newBuilder("python", read(), "<execscript-payload>").buildLiteral();

    private static final String MAKE = "_execscript_payload_make";

    private final Value encode;

    /** For a context no script has run in yet (the builtins it captures are the real ones). */
    public GuestJsonEncoder(Context context) {
        context.eval(SOURCE);
        Value bindings = context.getBindings("python");
        Value make = bindings.getMember(MAKE);
        bindings.removeMember(MAKE);
        this.encode = make.execute();
    }

    /** The value's payload if the guest may write it and it fits the limits, else null (the walker decides). */
    EncodedPayload encode(Value value, PayloadLimits limits) {
        Value text = encode.execute(value, limits.maxBytes(), limits.maxListItems());
        if (text.isNull()) {
            return null;
        }
        return finish(text.asString(), limits);
    }

    /**
     * The payload from the guest's text ("strings:items:full:" then the JSON with each string's quotes written as
     * NUL and nothing escaped), or null if a string held a NUL; {@link GuestTextWriter} escapes and cuts it.
     */
    static EncodedPayload finish(String text, PayloadLimits limits) {
        int colon = text.indexOf(':');
        int second = text.indexOf(':', colon + 1);
        int third = text.indexOf(':', second + 1);
        long strings = Long.parseLong(text, 0, colon, 10);
        long items = Long.parseLong(text, colon + 1, second, 10);
        String listCut = items < 0 ? null : PayloadWalk.listCutReason(limits.maxListItems(), items);
        return GuestTextWriter.write(text, third + 1, strings, limits, listCut);
    }

    private static String read() {
        try (InputStream in = GuestJsonEncoder.class.getResourceAsStream("guest_json.py")) {
            if (in == null) {
                throw new IOException("not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("guest_json.py is missing from the engine jar", e);
        }
    }
}

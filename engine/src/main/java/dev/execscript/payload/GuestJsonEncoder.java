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
 * The fast path of {@link PayloadEncoder}: GraalPy's built-in JSON encoder writes a small value of plain
 * builtin types in one host-guest crossing (guest_json.py says when it applies). Its output is used only if
 * it fits the byte limit and holds no lone surrogate (which the walker escapes and UTF-8 cannot carry);
 * otherwise {@link PayloadEncoder} walks the value from Java as before, so the output is the walker's either way.
 *
 * <p>One per context, made before any script runs and held in Java only: the guest function it calls is bound
 * nowhere a script can reach, and captured the real {@code _json} and builtins.
 */
public final class GuestJsonEncoder {

    /**
     * guest_json.py as one Source: the engine parses it once for all its contexts. The name starts with '<' so
     * that the statement limit does not count the encoder's steps as the script's.
     */
    private static final Source SOURCE = Source.newBuilder("python", read(), "<execscript-payload>").buildLiteral();

    private static final String MAKE = "_execscript_payload_make";

    private final Value encode;

    /** For a context no script has run in yet (the builtins and {@code _json} it captures are the real ones). */
    public GuestJsonEncoder(Context context) {
        context.eval(SOURCE);
        Value bindings = context.getBindings("python");
        Value make = bindings.getMember(MAKE);
        bindings.removeMember(MAKE);
        this.encode = make.execute();
    }

    /** The value's compact JSON if the guest may write it and it fits the limits, else null. */
    String encode(Value value, PayloadLimits limits) {
        Value json = encode.execute(value, limits.maxBytes(), limits.maxListItems());
        if (json.isNull()) {
            return null;
        }
        String text = json.asString();
        return fitsAsUtf8(text, limits.maxBytes()) ? text : null;
    }

    /** Whether the UTF-8 encoding of text has at most maxBytes and no lone surrogate. */
    static boolean fitsAsUtf8(String text, long maxBytes) {
        long bytes = text.length();
        if (bytes > maxBytes) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2; // four bytes for the two chars
                i++;
            } else {
                return false;
            }
            if (bytes > maxBytes) {
                return false;
            }
        }
        return true;
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

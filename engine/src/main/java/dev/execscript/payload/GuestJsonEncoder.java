package dev.execscript.payload;

import dev.execscript.policy.PayloadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * The fast path of {@link PayloadEncoder}: a value of exact builtin types (guest_json.py says which) is
 * written in one host-guest crossing, where the walker pays several per node. The guest writes the structure
 * and the strings raw; {@link #finish} escapes the whole text in one pass and counts its UTF-8 bytes. The
 * result is used only if it fits the byte limit; otherwise {@link PayloadEncoder} walks the value from Java as
 * before (and cuts it), so the output is the walker's either way.
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

    private static final char[] HEX = "0123456789abcdef".toCharArray();

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
     * NUL and nothing escaped), or null if a string held a NUL. A text within the limit is escaped here in one
     * pass (as {@link BoundedJsonWriter} escapes: {@code " \\ \b \f \n \r \t} as two-character escapes, other
     * controls and lone surrogates as lower-case backslash-u escapes), counting its UTF-8 bytes as it goes; one
     * over the limit is cut by {@link GuestTextWalk}, as the walker would cut the value.
     */
    static EncodedPayload finish(String text, PayloadLimits limits) {
        int colon = text.indexOf(':');
        int second = text.indexOf(':', colon + 1);
        int third = text.indexOf(':', second + 1);
        long strings = Long.parseLong(text, 0, colon, 10);
        long items = Long.parseLong(text, colon + 1, second, 10);
        boolean full = text.charAt(second + 1) == '1';
        String listCut = items < 0 ? null : PayloadWalk.listCutReason(limits.maxListItems(), items);
        if (!full) {
            String json = unescaped(text, third + 1, strings, limits.maxBytes());
            if (json != null) {
                return new EncodedPayload(json, listCut != null, listCut);
            }
        }
        if (delimiters(text, third + 1) != 2 * strings) {
            return null;
        }
        return GuestTextWalk.cut(text, third + 1, limits, listCut);
    }

    private static long delimiters(String text, int from) {
        long count = 0;
        for (int i = text.indexOf(0, from); i >= 0; i = text.indexOf(0, i + 1)) {
            count++;
        }
        return count;
    }

    /** The JSON from text's chars from {@code start} on, or null if it is over the limit or a string held a NUL. */
    private static String unescaped(String text, int start, long strings, long maxBytes) {
        int n = text.length();
        long bytes = n - start; // one per char, plus what escapes and multi-byte characters add
        if (bytes > maxBytes) {
            return null;
        }
        char[] out = new char[n - start + 16];
        int used = 0;
        long delimiters = 0;
        int run = start; // chars from run to i are copied as they are
        for (int i = start; i < n; i++) {
            char c = text.charAt(i);
            String escape;
            if (c >= 0x20 && c < 0x80) {
                if (c != '"' && c != '\\') {
                    continue;
                }
                escape = c == '"' ? "\\\"" : "\\\\";
            } else if (c == 0) {
                delimiters++;
                escape = "\"";
            } else if (c < 0x20) {
                escape = switch (c) {
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> "\\u00" + HEX[c >> 4] + HEX[c & 0xf];
                };
            } else if (c < 0x800) {
                bytes += 1;
                continue;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
                continue;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2; // four bytes for the two chars
                i++;
                continue;
            } else {
                escape = "\\u" + Integer.toHexString(c); // lone: UTF-8 has no encoding for it
            }
            bytes += escape.length() - 1;
            if (bytes > maxBytes) {
                return null;
            }
            int length = i - run;
            if (out.length < used + length + escape.length()) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, used + length + escape.length()));
            }
            text.getChars(run, i, out, used);
            used += length;
            escape.getChars(0, escape.length(), out, used);
            used += escape.length();
            run = i + 1;
        }
        if (bytes > maxBytes || delimiters != 2 * strings) {
            return null;
        }
        if (out.length < used + n - run) {
            out = Arrays.copyOf(out, used + n - run);
        }
        text.getChars(run, n, out, used);
        used += n - run;
        return new String(out, 0, used);
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

package dev.execscript.payload;

import dev.execscript.policy.PayloadLimits;
import java.util.Arrays;

/**
 * Writes the guest's text of a value (see guest_json.py: structure as JSON, strings raw between NULs, a count
 * of them in front) as the payload, in one pass over its chars: escaped as {@link BoundedJsonWriter} escapes
 * ({@code " \\ \b \f \n \r \t} as two-character escapes, other controls and lone surrogates as lower-case
 * backslash-u escapes, everything else as itself), its UTF-8 bytes counted as {@link JsonStringCost} counts
 * them, and cut by the writer's rules where it passes the byte limit: a token is written only if it fits with
 * the closing brackets still owed, a key only with room for the smallest value after it, a string as its
 * longest fitting prefix, then what is open is closed. Property tests hold it to the Java walker's output.
 *
 * <p>One instance per text; not thread-safe.
 */
final class GuestTextWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The guest's text as chars: indexing an array is cheaper than String.charAt on a UTF-16 string. */
    private final char[] text;
    private final long maxBytes;
    private char[] out;
    private int length;
    private long used;
    private int open;
    private final boolean[] objects = new boolean[PayloadWalk.MAX_DEPTH + 1];
    private final boolean[] hasItems = new boolean[PayloadWalk.MAX_DEPTH + 1];
    private boolean afterKey;
    private boolean cut;
    /** Bytes of what the last {@link #writeString} wrote. */
    private long prefixBytes;

    private GuestTextWriter(String text, long maxBytes) {
        this.text = text.toCharArray();
        this.maxBytes = maxBytes;
        this.out = new char[(int) Math.min(text.length() + 16L, maxBytes + 16)];
    }

    /**
     * The payload of the guest's text from {@code start} on, or null if its NULs are not exactly the
     * {@code strings} strings' delimiters (a string held a NUL) or it nests deeper than the walker allows.
     */
    static EncodedPayload write(String text, int start, long strings, PayloadLimits limits, String listCut) {
        GuestTextWriter writer = new GuestTextWriter(text, limits.maxBytes());
        if (writer.delimiters(start) != 2 * strings) {
            return null; // a string held a NUL, which the pass would take for a delimiter
        }
        int stop = writer.write(start);
        if (stop < 0) {
            return null; // nested deeper than the walker allows
        }
        boolean cut = stop < text.length() || writer.cut;
        return PayloadWalk.payload(new String(writer.out, 0, writer.length), cut, limits, listCut);
    }

    private long delimiters(int from) {
        char[] text = this.text;
        long count = 0;
        for (int i = from; i < text.length; i++) {
            if (text[i] == 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * Writes the payload; returns where in the text it stopped (the start of the token that did not fit, or the
     * text's end), or -1 if nested too deep.
     */
    private int write(int start) {
        boolean keyNext = false;
        boolean cut = false;
        char[] text = this.text;
        int n = text.length;
        int i = start;
        while (i < n) {
            char c = text[i];
            if (c == ',') {
                keyNext = objects[open - 1];
                i++;
            } else if (c == '}' || c == ']') {
                append(c);
                open--;
                used++;
                i++;
            } else if (keyNext) { // NUL, key, NUL, ':'
                int separator = separator();
                long budget = remaining() - separator - 3;
                if (budget < 0) {
                    cut = true;
                    break;
                }
                int before = length;
                separator(separator);
                append('"');
                int end = writeString(i + 1, budget);
                boolean whole = end >= n || text[end] == 0;
                int valueAt = end + 2;
                if (!whole || prefixBytes > budget - (valueAt < n ? minValueBytes(valueAt) : 2)) {
                    length = before; // a key is written whole or not at all
                    cut = true;
                    break;
                }
                append('"');
                append(':');
                itemWritten(separator + prefixBytes + 3);
                afterKey = true;
                keyNext = false;
                i = valueAt;
            } else if (c == '{' || c == '[') {
                int separator = separator();
                if (separator + 2 > remaining()) {
                    cut = true;
                    break;
                }
                if (open == objects.length) {
                    return -1;
                }
                separator(separator);
                append(c);
                itemWritten(separator + 1);
                objects[open] = c == '{';
                hasItems[open++] = false;
                keyNext = c == '{';
                i++;
            } else if (c == 0) {
                int separator = separator();
                long budget = remaining() - separator - 2;
                if (budget < 0) {
                    cut = true;
                    break;
                }
                separator(separator);
                append('"');
                int end = writeString(i + 1, budget);
                append('"');
                itemWritten(separator + prefixBytes + 2);
                if (end < n && text[end] != 0) {
                    this.cut = true; // its prefix is written: the pass stops inside it
                    i = end;
                    break;
                }
                i = end + 1;
            } else {
                int end = endOfLiteral(i);
                int separator = separator();
                if (separator + end - i > remaining()) {
                    cut = true;
                    break;
                }
                separator(separator);
                ensure(end - i);
                System.arraycopy(text, i, out, length, end - i);
                length += end - i;
                itemWritten(separator + end - i);
                i = end;
            }
        }
        while (open > 0) {
            append(objects[--open] ? '}' : ']');
            used++;
        }
        if (used == 0) { // not even the top-level value fit: null, as the walker writes then
            ensure(4);
            "null".getChars(0, 4, out, length);
            length += 4;
            used = 4;
            this.cut = true;
        }
        this.cut |= cut;
        return i;
    }

    private long remaining() {
        return maxBytes - used - open;
    }

    private int separator() {
        return open > 0 && !afterKey && hasItems[open - 1] ? 1 : 0;
    }

    private void separator(int separator) {
        if (separator != 0) {
            append(',');
        }
    }

    private void itemWritten(long bytes) {
        used += bytes;
        if (open > 0) {
            hasItems[open - 1] = true;
        }
        afterKey = false;
    }

    private int endOfLiteral(int from) {
        int i = from;
        while (i < text.length) {
            char c = text[i];
            if (c == ',' || c == '}' || c == ']') {
                break;
            }
            i++;
        }
        return i;
    }

    /** As {@link PayloadWalk}: a literal's own length, else 2 (the smallest string or container). */
    private long minValueBytes(int at) {
        char c = text[at];
        return c == 0 || c == '{' || c == '[' ? 2 : endOfLiteral(at) - at;
    }

    /**
     * Appends the string's chars from {@code from} on, escaped, up to its closing NUL (or the text's end) or
     * to the longest prefix whose escaped UTF-8 takes at most {@code budget} bytes, never splitting a surrogate
     * pair; returns where it stopped (the NUL if the whole string fit), its bytes in {@link #prefixBytes}.
     * Costs as {@link JsonStringCost}.
     */
    private int writeString(int from, long budget) {
        char[] text = this.text;
        int n = text.length;
        ensure((int) Math.min(budget, 6L * (n - from)) + 1);
        char[] out = this.out;
        int length = this.length;
        long bytes = 0;
        int i = from;
        while (i < n) {
            char c = text[i];
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                if (bytes + 1 > budget) {
                    break;
                }
                bytes++;
                out[length++] = c;
                i++;
                continue;
            }
            if (c == 0) {
                break;
            }
            int cost;
            int width = 1;
            char escape = 0;
            if (c < 0x20) {
                escape = switch (c) {
                    case '\b' -> 'b';
                    case '\f' -> 'f';
                    case '\n' -> 'n';
                    case '\r' -> 'r';
                    case '\t' -> 't';
                    default -> 'u';
                };
                cost = escape == 'u' ? 6 : 2;
            } else if (c == '"' || c == '\\') {
                escape = c;
                cost = 2;
            } else if (c < 0x800) {
                cost = 2;
            } else if (!Character.isSurrogate(c)) {
                cost = 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text[i + 1])) {
                cost = 4;
                width = 2;
            } else {
                escape = 'u'; // a lone surrogate: UTF-8 has no encoding for it
                cost = 6;
            }
            if (bytes + cost > budget) {
                break;
            }
            bytes += cost;
            if (escape == 0) {
                out[length++] = c;
                if (width == 2) {
                    out[length++] = text[i + 1];
                }
            } else if (escape == 'u') {
                out[length++] = '\\';
                out[length++] = 'u';
                out[length++] = HEX[c >> 12];
                out[length++] = HEX[(c >> 8) & 0xf];
                out[length++] = HEX[(c >> 4) & 0xf];
                out[length++] = HEX[c & 0xf];
            } else {
                out[length++] = '\\';
                out[length++] = escape;
            }
            i += width;
        }
        this.length = length;
        prefixBytes = bytes;
        return i;
    }

    private void append(char c) {
        ensure(1);
        out[length++] = c;
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }
}

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

    private final String text;
    private final long maxBytes;
    private char[] out;
    private int length;
    private long used;
    private int open;
    private final boolean[] objects = new boolean[PayloadWalk.MAX_DEPTH + 1];
    private final boolean[] hasItems = new boolean[PayloadWalk.MAX_DEPTH + 1];
    private boolean afterKey;
    /** Bytes of the escaped prefix {@link #fittingPrefix} found. */
    private long prefixBytes;

    private GuestTextWriter(String text, long maxBytes) {
        this.text = text;
        this.maxBytes = maxBytes;
        this.out = new char[(int) Math.min(text.length() + 16L, maxBytes + 16)];
    }

    /**
     * The payload of the guest's text from {@code start} on, or null if its NULs are not exactly the
     * {@code strings} strings' delimiters (a string held a NUL) or it nests deeper than the walker allows.
     */
    static EncodedPayload write(String text, int start, long strings, PayloadLimits limits, String listCut) {
        if (delimiters(text, start) != 2 * strings) {
            return null;
        }
        GuestTextWriter writer = new GuestTextWriter(text, limits.maxBytes());
        Boolean cut = writer.write(start);
        if (cut == null) {
            return null;
        }
        return PayloadWalk.payload(new String(writer.out, 0, writer.length), cut, limits, listCut);
    }

    private static long delimiters(String text, int from) {
        long count = 0;
        for (int i = text.indexOf(0, from); i >= 0; i = text.indexOf(0, i + 1)) {
            count++;
        }
        return count;
    }

    /** Whether it cut; null if nested too deep. */
    private Boolean write(int start) {
        boolean keyNext = false;
        boolean cut = false;
        int n = text.length();
        int i = start;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ',') {
                keyNext = objects[open - 1];
                i++;
            } else if (c == '}' || c == ']') {
                append(c);
                open--;
                used++;
                i++;
            } else if (keyNext) { // NUL, key, NUL, ':'
                int end = endOfString(i);
                int valueAt = end + 2;
                long minValue = valueAt < n ? minValueBytes(valueAt) : 2;
                int separator = separator();
                long budget = remaining() - separator - 3 - minValue;
                if (budget < 0 || fittingPrefix(i + 1, end, budget) < end) {
                    cut = true;
                    break;
                }
                separator(separator);
                append('"');
                appendEscaped(i + 1, end);
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
                    return null;
                }
                separator(separator);
                append(c);
                itemWritten(separator + 1);
                objects[open] = c == '{';
                hasItems[open++] = false;
                keyNext = c == '{';
                i++;
            } else if (c == 0) {
                int end = endOfString(i);
                int separator = separator();
                long budget = remaining() - separator - 2;
                if (budget < 0) {
                    cut = true;
                    break;
                }
                int fitting = fittingPrefix(i + 1, end, budget);
                separator(separator);
                append('"');
                appendEscaped(i + 1, fitting);
                append('"');
                itemWritten(separator + prefixBytes + 2);
                if (fitting < end) {
                    cut = true;
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
                text.getChars(i, end, out, length);
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
            cut = true;
        }
        return cut;
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

    /** The NUL closing the string opened at {@code open}, or the text's end (where the guest cut it). */
    private int endOfString(int open) {
        int end = text.indexOf(0, open + 1);
        return end < 0 ? text.length() : end;
    }

    private int endOfLiteral(int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ',' || c == '}' || c == ']') {
                break;
            }
            i++;
        }
        return i;
    }

    /** As {@link PayloadWalk}: a literal's own length, else 2 (the smallest string or container). */
    private long minValueBytes(int at) {
        char c = text.charAt(at);
        return c == 0 || c == '{' || c == '[' ? 2 : endOfLiteral(at) - at;
    }

    /**
     * Where the longest prefix of text[from, to) whose escaped UTF-8 takes at most {@code budget} bytes ends
     * (never inside a surrogate pair); its bytes in {@link #prefixBytes}. Costs as {@link JsonStringCost}.
     */
    private int fittingPrefix(int from, int to, long budget) {
        long bytes = 0;
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            int width = 1;
            int cost;
            if (c >= 0x20 && c < 0x80) {
                cost = c == '"' || c == '\\' ? 2 : 1;
            } else if (c < 0x20) {
                cost = c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t' ? 2 : 6;
            } else if (c < 0x800) {
                cost = 2;
            } else if (!Character.isSurrogate(c)) {
                cost = 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                cost = 4;
                width = 2;
            } else {
                cost = 6;
            }
            if (bytes + cost > budget) {
                break;
            }
            bytes += cost;
            i += width;
        }
        prefixBytes = bytes;
        return i;
    }

    /** Appends text[from, to) escaped; runs that need no escape are copied whole. */
    private void appendEscaped(int from, int to) {
        int run = from;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && (c < 0xd800 || c > 0xdfff)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            copy(run, i);
            run = i + 1;
            switch (c) {
                case '"' -> escape('"');
                case '\\' -> escape('\\');
                case '\b' -> escape('b');
                case '\f' -> escape('f');
                case '\n' -> escape('n');
                case '\r' -> escape('r');
                case '\t' -> escape('t');
                default -> {
                    ensure(6);
                    out[length++] = '\\';
                    out[length++] = 'u';
                    out[length++] = HEX[c >> 12];
                    out[length++] = HEX[(c >> 8) & 0xf];
                    out[length++] = HEX[(c >> 4) & 0xf];
                    out[length++] = HEX[c & 0xf];
                }
            }
        }
        copy(run, to);
    }

    private void copy(int from, int to) {
        if (from < to) {
            ensure(to - from);
            text.getChars(from, to, out, length);
            length += to - from;
        }
    }

    private void escape(char c) {
        ensure(2);
        out[length++] = '\\';
        out[length++] = c;
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

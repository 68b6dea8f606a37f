package dev.execscript.payload;

import dev.execscript.policy.PayloadLimits;

/**
 * Cuts the guest's text of a value over the byte limit (see guest_json.py: strings raw between NULs, no NUL
 * inside one) by replaying its tokens into a {@link BoundedJsonWriter} as {@link PayloadWalk} replays a tree:
 * the same calls in the same order, so the same cut. The text stops, containers open, somewhere past the point
 * where the writer stops, and its last string holds at least one character more than can fit.
 */
final class GuestTextWalk {

    private GuestTextWalk() {
    }

    static EncodedPayload cut(String text, int start, PayloadLimits limits, String listCut) {
        BoundedJsonWriter writer = new BoundedJsonWriter(limits.maxBytes());
        boolean[] objects = new boolean[PayloadWalk.MAX_DEPTH + 1];
        int depth = 0;
        boolean keyNext = false;
        int n = text.length();
        int i = start;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ',') {
                keyNext = objects[depth - 1];
                i++;
            } else if (c == '}' || c == ']') {
                writer.endContainer(c == '}');
                depth--;
                i++;
            } else if (keyNext) { // NUL, key, NUL, ':'
                int end = endOfString(text, i);
                String key = text.substring(i + 1, end);
                i = end + 2;
                keyNext = false;
                if (!writer.fieldName(key, i < n ? minValueBytes(text, i) : 2)) {
                    break;
                }
            } else if (c == '{' || c == '[') {
                if (!writer.startContainer(c == '{')) {
                    break;
                }
                objects[depth++] = c == '{';
                keyNext = c == '{';
                i++;
            } else if (c == 0) {
                int end = endOfString(text, i);
                String s = text.substring(i + 1, end);
                i = end + 1;
                if (!writer.string(s)) {
                    break;
                }
            } else {
                int end = endOfLiteral(text, i);
                String literal = text.substring(i, end);
                i = end;
                if (!writer.literal(kind(literal), literal)) {
                    break;
                }
            }
        }
        for (int d = depth - 1; d >= 0; d--) {
            writer.endContainer(objects[d]);
        }
        String json = writer.finish();
        return PayloadWalk.payload(json, writer.isCut(), limits, listCut);
    }

    /** The NUL closing the string opened at {@code open}, or the text's end. */
    private static int endOfString(String text, int open) {
        int end = text.indexOf(0, open + 1);
        return end < 0 ? text.length() : end;
    }

    private static int endOfLiteral(String text, int from) {
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
    private static long minValueBytes(String text, int at) {
        char c = text.charAt(at);
        return c == 0 || c == '{' || c == '[' ? 2 : endOfLiteral(text, at) - at;
    }

    private static NodeKind kind(String literal) {
        return switch (literal.charAt(0)) {
            case 'n' -> NodeKind.NULL;
            case 't', 'f' -> NodeKind.BOOLEAN;
            default -> NodeKind.INTEGER; // integers and floats are written alike
        };
    }
}

package dev.execscript.payload;

/**
 * Bytes a string costs as a quoted JSON string in UTF-8, escaped the way our generator escapes it (and as
 * Python's {@code json.dumps(ensure_ascii=False)} does): {@code " \ \b \f \n \r \t} as two-byte escapes,
 * other controls and lone surrogates as six-byte backslash-u escapes, a surrogate pair as one 4-byte
 * character, everything else as plain UTF-8.
 */
final class JsonStringCost {

    private JsonStringCost() {
    }

    /**
     * The length (in chars) of the longest prefix of {@code s} whose escaped content (without the quotes)
     * takes at most {@code budget} bytes. Never splits a surrogate pair or an escape; reads at most about
     * {@code budget} chars.
     */
    static int fittingPrefix(String s, long budget) {
        long used = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int width = 1;
            long cost;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                cost = 4;
                width = 2;
            } else {
                cost = charCost(c);
            }
            if (used + cost > budget) {
                return i;
            }
            used += cost;
            i += width;
        }
        return n;
    }

    /** Bytes of {@code s} as a quoted JSON string, quotes included. */
    static long quoted(String s) {
        long used = 2;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                used += 4;
                i++;
            } else {
                used += charCost(c);
            }
        }
        return used;
    }

    private static int charCost(char c) {
        if (c < 0x20) {
            return switch (c) {
                case '\b', '\f', '\n', '\r', '\t' -> 2;
                default -> 6;
            };
        }
        if (c == '"' || c == '\\') {
            return 2;
        }
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800) {
            return 2;
        }
        if (Character.isSurrogate(c)) {
            return 6; // unpaired: escaped, as UTF-8 has no encoding for it
        }
        return 3;
    }
}

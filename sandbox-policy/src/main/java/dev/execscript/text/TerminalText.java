package dev.execscript.text;

/**
 * Text made safe to write to a terminal: characters a terminal would act on instead of showing are shown
 * as escapes, so that what a script prints, or text from a document echoed in a message, cannot move the
 * cursor, rewrite a line ({@code \r}), forge a line of ours, set the window title or the clipboard (OSC),
 * or reorder what is shown (bidi overrides).
 */
public final class TerminalText {

    private TerminalText() {
    }

    /**
     * Whether a terminal must not get this character raw: C0 controls except tab and newline, DEL, C1
     * controls, the bidi embedding, override, isolate and mark characters, the zero-width space and
     * no-break space (invisible), and the line and paragraph separators. One rule for every place that
     * shows text from scripts or documents: the CLI's stderr, its JSON, and error messages ({@link Excerpt}).
     */
    public static boolean unsafe(int c) {
        return (c < 0x20 && c != '\t' && c != '\n')
                || (c >= 0x7F && c <= 0x9F)
                || c == 0x061C || c == 0x200B || c == 0x200E || c == 0x200F || c == 0xFEFF
                || (c >= 0x2028 && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /** The text with every {@link #unsafe} character written as {@code \xNN} (up to 0xFF) or {@code \\uNNNN}. */
    public static String escape(String text) {
        int i = 0;
        while (i < text.length() && !unsafe(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                sb.append(c);
            } else if (c <= 0xFF) {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }
}

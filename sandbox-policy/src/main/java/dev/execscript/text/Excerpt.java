package dev.execscript.text;

/**
 * Text from a file or the command line as an error message may show it, on one line: newlines, tabs and
 * what a terminal must not get raw ({@link TerminalText}) written as escapes, and long text cut, so that a 20 MB value or a terminal
 * escape sequence in a document never reaches an error message as is.
 */
public final class Excerpt {

    /** Characters of the original kept before the cut. */
    public static final int MAX_CHARS = 80;

    private Excerpt() {
    }

    /** At most {@link #MAX_CHARS} characters of {@code text}, escaped. */
    public static String of(String text) {
        return of(text, MAX_CHARS);
    }

    /** At most {@code maxChars} characters of {@code text}, escaped; for lists of names and whole messages. */
    public static String of(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        int keep = Math.min(text.length(), maxChars);
        if (keep < text.length() && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        StringBuilder sb = new StringBuilder(keep + 32);
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (visible(c)) {
                        sb.append(c);
                    } else {
                        sb.append(String.format("\\u%04X", (int) c));
                    }
                }
            }
        }
        if (keep < text.length()) {
            sb.append("... (").append(text.length()).append(" characters)");
        }
        return sb.toString();
    }

    /** Safe on a terminal by the one rule for that ({@link TerminalText#unsafe}). */
    private static boolean visible(char c) {
        return !TerminalText.unsafe(c);
    }
}

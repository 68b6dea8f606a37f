package dev.execscript.output;

import java.util.Locale;

/**
 * Text a script or a document controls (failure messages, tracebacks, echoed inputs), cut to a fixed size
 * with a visible marker naming the limit, so that no result field grows with what a script does.
 */
public final class TextCut {

    /**
     * The most characters kept of one failure message, one exception detail (message, stack trace), one
     * echoed step input, or one error message the command line prints.
     */
    public static final int MAX_TEXT_CHARS = 64 * 1024;

    private TextCut() {
    }

    /** {@code text} when it has at most {@link #MAX_TEXT_CHARS} characters, else its head and a marker. */
    public static String bounded(String text) {
        return text == null ? null : head(text, MAX_TEXT_CHARS, text.length());
    }

    /**
     * {@code text} when it has at most {@code maxChars} characters, else its head (never splitting a surrogate
     * pair) and a marker line saying how long the whole was, together {@code maxChars} characters at most, so
     * that cutting again changes nothing. {@code fullLength} may exceed the text's length when the caller read
     * only a head of a longer text (negative: not known, but longer than {@code maxChars}).
     */
    public static String head(String text, int maxChars, long fullLength) {
        if (text.length() <= maxChars && fullLength >= 0 && fullLength <= maxChars) {
            return text;
        }
        // A head read from a guest counts code points; an astral character is two chars here.
        long length = fullLength < 0 ? -1 : Math.max(fullLength, text.length());
        String marker = "\n" + marker(maxChars, length);
        int end = Math.max(0, Math.min(maxChars - marker.length(), text.length()));
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + marker;
    }

    /** The line that ends a cut text. */
    public static String marker(int maxChars, long fullLength) {
        return fullLength < 0
                ? String.format(Locale.ROOT, "[execscript: cut at %,d characters (text limit)]", maxChars)
                : String.format(Locale.ROOT, "[execscript: cut at %,d characters of %,d (text limit)]", maxChars, fullLength);
    }
}

package dev.execscript.powershell;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * stdout and stderr lines of one run, in arrival order, kept up to a byte cap. Past the cap one marker line is
 * recorded and every further line is dropped, but the streams are still read to the end, so a flooding
 * script is never blocked on a full pipe and never fails because of its output. Thread-safe: both pipe
 * readers append here, and the live consumer is called under the same lock, so it sees one line at a time.
 */
final class OutputCapture {

    /** Longest piece handed on as one line; longer lines (or none at all) are split so memory stays bounded. */
    static final int MAX_LINE_CHARS = 16 * 1024;

    private final int maxBytes;
    private final StringBuilder text = new StringBuilder();
    private Consumer<String> live;
    private long bytes;
    private volatile boolean cut;
    private boolean closed;

    OutputCapture(int maxBytes, Consumer<String> live) {
        this.maxBytes = maxBytes;
        this.live = live;
    }

    static String marker(int maxBytes) {
        return "[execscript: output cut at " + maxBytes + " bytes]";
    }

    /** Records one line (without its line terminator). */
    synchronized void line(String line) {
        if (cut || closed) {
            return;
        }
        long size = utf8Length(line) + 1L;
        if (bytes + size <= maxBytes) {
            text.append(line).append('\n');
            bytes += size;
            tell(line);
            return;
        }
        // Keep what fits of this line, then the marker; the kept text never exceeds maxBytes.
        String head = prefixWithin(line, maxBytes - bytes);
        if (!head.isEmpty()) {
            text.append(head).append('\n');
            bytes += utf8Length(head);
            tell(head);
        }
        String marker = marker(maxBytes);
        text.append(marker).append('\n');
        tell(marker);
        cut = true;
    }

    /** A line from the runner itself (kill, cleanup); kept even past the cap, because it explains the result. */
    synchronized void note(String message) {
        String line = "[execscript: " + message + "]";
        text.append(line).append('\n');
        tell(line);
    }

    /** Ignores pipe lines from now on; notes are still recorded. */
    synchronized void close() {
        closed = true;
    }

    boolean isCut() {
        return cut;
    }

    synchronized String text() {
        return text.toString();
    }

    private void tell(String line) {
        if (live == null) {
            return;
        }
        try {
            live.accept(line);
        } catch (RuntimeException e) {
            // A broken consumer must not stop the draining of the pipes; it just stops getting lines.
            live = null;
        }
    }

    /**
     * Reads a pipe to its end, splitting it into lines (LF or CRLF) of at most {@link #MAX_LINE_CHARS}.
     * Once the capture is cut the rest is read and thrown away without building lines.
     */
    void pump(InputStream in) throws IOException {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            StringBuilder current = new StringBuilder();
            int n;
            while ((n = reader.read(buffer)) >= 0) {
                if (cut) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    if (c == '\n') {
                        int end = current.length();
                        if (end > 0 && current.charAt(end - 1) == '\r') {
                            current.setLength(end - 1);
                        }
                        line(current.toString());
                        current.setLength(0);
                    } else {
                        current.append(c);
                        if (current.length() >= MAX_LINE_CHARS) {
                            // Never split a surrogate pair: a trailing high surrogate starts the next piece.
                            boolean keepLast = Character.isHighSurrogate(c);
                            line(current.substring(0, current.length() - (keepLast ? 1 : 0)));
                            current.setLength(0);
                            if (keepLast) {
                                current.append(c);
                            }
                        }
                    }
                }
            }
            if (!current.isEmpty() && !cut) {
                line(current.toString());
            }
        }
    }

    static long utf8Length(CharSequence s) {
        long length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** The longest prefix of {@code s}, not splitting a surrogate pair, whose UTF-8 form has at most {@code budget} bytes. */
    static String prefixWithin(String s, long budget) {
        long used = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + size > budget) {
                break;
            }
            used += size;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }
}

package dev.execscript.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What a script prints (Python's stdout and stderr, file descriptor 2 included; pwsh's pipes), whatever
 * the runtime, under one set of rules:
 * <ul>
 * <li>Bytes are split into lines at LF (a CR just before it is dropped); a line longer than
 * {@link #MAX_LINE_BYTES} bytes of UTF-8, or text without any newline, is cut into pieces of at most that
 * size, never inside a multi-byte character. Invalid UTF-8 becomes U+FFFD.
 * <li>Lines are kept, and handed to the live consumer as they complete, up to {@code maxBytes} bytes of
 * UTF-8 (each line counting its newline). The line that does not fit keeps the head that does; then one
 * marker line, {@link #marker}, is kept and handed on, and everything after it is counted and dropped: the
 * live consumer sees exactly the kept lines, so what reaches a terminal is bounded like the result.
 * <li>The streams are read to the end even after the cut, so a flooding script is never blocked on a full
 * pipe and never fails because of its output.
 * </ul>
 * Lines are text as printed: control characters are the consumer's to escape (see the CLI's terminal writer).
 * Thread-safe: several sources may write at once (each keeps its own partial line), and the live consumer
 * is called under the capture's lock, so it sees one line at a time.
 */
public final class OutputCapture {

    /** Longest piece handed on as one line, in bytes of UTF-8; longer lines (or none at all) are split. */
    public static final int MAX_LINE_BYTES = 16 * 1024;

    private final int maxBytes;
    private final StringBuilder kept = new StringBuilder();
    private final StringBuilder notesAfterCut = new StringBuilder();
    private final List<LineBuffer> sources = new ArrayList<>();
    private Consumer<String> live;
    private long keptBytes;
    private long printed;
    private volatile boolean cut;
    private boolean closed;

    /**
     * @param maxBytes bytes of text kept (policy {@code maxOutputBytes})
     * @param live     gets each kept line (without its newline) as it completes, and the marker; may be null
     */
    public OutputCapture(int maxBytes, Consumer<String> live) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.live = live;
    }

    /** The line handed on (and kept) where output is cut. */
    public static String marker(int maxBytes) {
        return String.format(Locale.ROOT, "[execscript: output cut at %d bytes (policy maxOutputBytes)]", maxBytes);
    }

    /** A new source, e.g. the stream a script's stdout and stderr both write to; its partial line is its own. */
    public OutputStream stream() {
        LineBuffer buffer = newSource();
        return new OutputStream() {
            @Override
            public void write(int b) {
                OutputCapture.this.write(buffer, new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                OutputCapture.this.write(buffer, b, off, len);
            }
        };
    }

    /** Reads a pipe to its end as one source; its last line is handed on at the end even without a newline. */
    public void pump(InputStream in) throws IOException {
        LineBuffer buffer = newSource();
        try (in) {
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                write(buffer, chunk, 0, n);
            }
        } finally {
            synchronized (this) {
                flush(buffer);
            }
        }
    }

    /** A line from the runner itself (kill, clean-up); kept even past the cap, because it explains the result. */
    public synchronized void note(String message) {
        String line = "[execscript: " + message + "]";
        (cut ? notesAfterCut : kept).append(line).append('\n');
        tell(line);
    }

    /** Hands on every partial line, then ignores sources from now on (notes are still recorded). */
    public synchronized void close() {
        flushAll();
        closed = true;
    }

    public boolean wasCut() {
        return cut;
    }

    /** Everything kept; partial lines are completed first. A cut ends with the marker and the total printed. */
    public synchronized String text() {
        flushAll();
        if (!cut) {
            return kept.toString();
        }
        String marker = marker(maxBytes);
        return kept + marker.substring(0, marker.length() - 1)
                + String.format(Locale.ROOT, "; %d bytes were printed in all]\n", printed) + notesAfterCut;
    }

    private synchronized LineBuffer newSource() {
        LineBuffer buffer = new LineBuffer();
        sources.add(buffer);
        return buffer;
    }

    private synchronized void write(LineBuffer buffer, byte[] b, int off, int len) {
        if (closed) {
            return;
        }
        printed += len;
        if (cut) {
            return;
        }
        for (int i = off; i < off + len && !cut; i++) {
            byte c = b[i];
            if (c == '\n') {
                int end = buffer.length > 0 && buffer.bytes[buffer.length - 1] == '\r' ? buffer.length - 1 : buffer.length;
                line(new String(buffer.bytes, 0, end, StandardCharsets.UTF_8));
                buffer.length = 0;
            } else {
                buffer.bytes[buffer.length++] = c;
                if (buffer.length == MAX_LINE_BYTES) {
                    int end = characterBoundary(buffer.bytes, buffer.length);
                    line(new String(buffer.bytes, 0, end, StandardCharsets.UTF_8));
                    System.arraycopy(buffer.bytes, end, buffer.bytes, 0, buffer.length - end);
                    buffer.length -= end;
                }
            }
        }
    }

    private void flushAll() {
        for (LineBuffer source : sources) {
            flush(source);
        }
    }

    private void flush(LineBuffer buffer) {
        if (buffer.length > 0 && !cut && !closed) {
            line(new String(buffer.bytes, 0, buffer.length, StandardCharsets.UTF_8));
        }
        buffer.length = 0;
    }

    /** Keeps and hands on one complete line, or what fits of it and the marker. */
    private void line(String line) {
        long size = utf8Length(line) + 1;
        if (keptBytes + size <= maxBytes) {
            kept.append(line).append('\n');
            keptBytes += size;
            tell(line);
            return;
        }
        String head = prefixWithin(line, maxBytes - keptBytes - 1);
        if (!head.isEmpty()) {
            kept.append(head).append('\n');
            keptBytes += utf8Length(head) + 1;
            tell(head);
        }
        cut = true;
        tell(marker(maxBytes));
    }

    private void tell(String line) {
        if (live == null) {
            return;
        }
        try {
            live.accept(line);
        } catch (RuntimeException e) {
            // A broken consumer must not stop the reading of the script's output; it just stops getting lines.
            live = null;
        }
    }

    /**
     * Where a full buffer may be cut without splitting a UTF-8 sequence: before a trailing lead byte whose
     * sequence is incomplete (at most 3 bytes back); at the end when the buffer holds no such sequence.
     */
    static int characterBoundary(byte[] bytes, int length) {
        for (int back = 1; back <= 3 && back <= length; back++) {
            int b = bytes[length - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // a continuation byte: look further back for its lead byte
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? length - back : length;
        }
        return length;
    }

    public static long utf8Length(CharSequence s) {
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

    /** One source's line being assembled. */
    private static final class LineBuffer {
        final byte[] bytes = new byte[MAX_LINE_BYTES];
        int length;
    }
}

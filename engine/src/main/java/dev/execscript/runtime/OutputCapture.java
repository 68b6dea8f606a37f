package dev.execscript.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * What a script prints: forwarded live a line at a time, and kept up to a byte budget for the step's
 * result. Beyond the budget one marker line is kept and the rest is dropped (still forwarded live),
 * so a print flood neither exhausts memory nor stops the step. Thread-safe.
 */
public final class OutputCapture {

    private final int maxBytes;
    private final Consumer<String> live;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long total;
    private boolean cut;

    public OutputCapture(int maxBytes, Consumer<String> live) {
        this.maxBytes = maxBytes;
        this.live = live;
    }

    /** A stream the script's stdout and stderr both write to. */
    public OutputStream stream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                OutputCapture.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                OutputCapture.this.write(b, off, len);
            }
        };
    }

    synchronized void write(byte[] b, int off, int len) {
        total += len;
        int room = maxBytes - kept.size();
        if (room > 0) {
            kept.write(b, off, Math.min(room, len));
        }
        if (len > room && !cut) {
            cut = true;
        }
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                flushLine();
            } else if (line.size() < 64 * 1024) {
                // A line without newlines is forwarded in pieces, so live output stays bounded too.
                line.write(b[i]);
            } else {
                flushLine();
                line.write(b[i]);
            }
        }
    }

    private void flushLine() {
        live.accept(line.toString(StandardCharsets.UTF_8));
        line.reset();
    }

    /** Everything kept, with a marker when output was cut; flushes a last unterminated line. */
    public synchronized String text() {
        if (line.size() > 0) {
            flushLine();
        }
        String text = kept.toString(StandardCharsets.UTF_8);
        if (cut) {
            // A cut may split a multi-byte character; the decoder's replacement char marks it.
            text = text + (text.endsWith("\n") ? "" : "\n")
                    + "[execscript: output cut at " + maxBytes + " bytes (policy maxOutputBytes); " + (total - maxBytes)
                    + " more bytes were printed]\n";
        }
        return text;
    }

    public synchronized boolean wasCut() {
        return cut;
    }
}

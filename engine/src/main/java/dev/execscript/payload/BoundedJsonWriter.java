package dev.execscript.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A compact JSON writer with a byte budget. Each token is written only if it fits together with the closing
 * brackets still owed (one byte per open container), so the output can always be closed into valid JSON
 * within the limit. Once something does not fit, the writer is "cut": the caller stops and calls
 * {@link #finish()}, which closes what is open. A string that does not fit is written as its longest fitting
 * prefix (then the writer is cut too), so the output is a prefix-consistent cut of the full encoding.
 *
 * <p>Costs are computed here, not measured, so nothing is written past the limit; {@link #finish()} checks the
 * computed count against the bytes Jackson actually produced.
 */
final class BoundedJsonWriter {

    /**
     * Shared, thread-safe. Raw UTF-8 for astral characters (Jackson escapes surrogate pairs by default) and
     * lower-case hex in escapes, as json.dumps writes them.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .streamWriteConstraints(StreamWriteConstraints.builder()
                    .maxNestingDepth(PayloadWalk.MAX_DEPTH + 1) // the walk enforces the depth itself, with a path
                    .build())
            .build();

    private final long maxBytes;
    private final ByteArrayOutputStream out;
    private final JsonGenerator gen;

    private long used;
    private int open;
    /** Per open container: whether it has an item yet (so the next needs a comma). */
    private boolean[] hasItems = new boolean[16];
    private boolean afterFieldName;
    private boolean cut;

    BoundedJsonWriter(long maxBytes) {
        this.maxBytes = maxBytes;
        this.out = new ByteArrayOutputStream((int) Math.min(maxBytes, 8192));
        try {
            this.gen = FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isCut() {
        return cut;
    }

    /** Bytes still free after reserving the closing brackets of what is open. */
    long remaining() {
        return maxBytes - used - open;
    }

    boolean startContainer(boolean object) {
        int separator = separator();
        if (separator + 2 > remaining()) { // '[' now, ']' reserved
            return stop();
        }
        try {
            if (object) {
                gen.writeStartObject();
            } else {
                gen.writeStartArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        itemWritten(separator + 1);
        if (open == hasItems.length) {
            hasItems = Arrays.copyOf(hasItems, open * 2);
        }
        hasItems[open++] = false;
        return true;
    }

    void endContainer(boolean object) {
        try {
            if (object) {
                gen.writeEndObject();
            } else {
                gen.writeEndArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open--;
        used++;
    }

    /**
     * Writes an object key if it fits with room for {@code minValueBytes} more (the smallest encoding of the
     * value to come), since a key without its value would not be valid JSON. Keys are never cut.
     */
    boolean fieldName(String name, long minValueBytes) {
        int separator = separator();
        long budget = remaining() - separator - 2 - 1 - minValueBytes; // quotes, colon
        if (budget < 0 || JsonStringCost.fittingPrefix(name, budget) < name.length()) {
            return stop();
        }
        try {
            gen.writeFieldName(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        itemWritten(separator + JsonStringCost.quoted(name) + 1);
        afterFieldName = true;
        return true;
    }

    /** Writes a number, {@code true}, {@code false} or {@code null} given as its JSON text; never cut. */
    boolean literal(NodeKind kind, String text) {
        int separator = separator();
        if (separator + text.length() > remaining()) {
            return stop();
        }
        try {
            switch (kind) {
                case INTEGER, FLOAT -> gen.writeNumber(text);
                case BOOLEAN -> gen.writeBoolean(text.equals("true"));
                case NULL -> gen.writeNull();
                default -> throw new IllegalArgumentException(kind.name());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        itemWritten(separator + text.length());
        return true;
    }

    /** Writes the string, or its longest prefix that fits (then the writer is cut). */
    boolean string(String s) {
        int separator = separator();
        long budget = remaining() - separator - 2;
        if (budget < 0) {
            return stop();
        }
        int fitting = JsonStringCost.fittingPrefix(s, budget);
        String written = fitting == s.length() ? s : s.substring(0, fitting);
        try {
            gen.writeString(written);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        itemWritten(separator + JsonStringCost.quoted(written));
        return fitting == s.length() || stop();
    }

    /** Closes nothing itself (the walk knows the container types), but flushes and returns the text. */
    String finish() {
        if (open != 0) {
            throw new IllegalStateException(open + " containers still open");
        }
        if (used == 0) {
            // Not even the top-level value fit (a number longer than the limit): null is the only honest output.
            literal(NodeKind.NULL, "null");
            cut = true;
        }
        try {
            gen.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.size() != used) {
            throw new IllegalStateException("encoder accounting is off: counted " + used + " bytes, wrote " + out.size());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private int separator() {
        return open > 0 && !afterFieldName && hasItems[open - 1] ? 1 : 0;
    }

    private void itemWritten(long bytes) {
        used += bytes;
        if (open > 0) {
            hasItems[open - 1] = true;
        }
        afterFieldName = false;
    }

    private boolean stop() {
        cut = true;
        return false;
    }
}

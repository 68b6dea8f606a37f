package dev.execscript.payload;

/**
 * Limits applied to a step's output payload.
 *
 * @param maxBytes     the most UTF-8 bytes the encoded JSON may have
 * @param maxListItems how many items of a top-level list are kept (nested lists are never cut)
 */
public record PayloadLimits(int maxBytes, int maxListItems) {

    /** Smallest byte limit accepted: room for {@code false}, the longest literal, so every value has some valid encoding. */
    static final int MIN_BYTES = 5;

    public PayloadLimits {
        if (maxBytes < MIN_BYTES) {
            throw new IllegalArgumentException("maxBytes must be at least " + MIN_BYTES + ", was " + maxBytes);
        }
        if (maxListItems < 0) {
            throw new IllegalArgumentException("maxListItems must not be negative, was " + maxListItems);
        }
    }

    /** The AWS limits for {@code aws:executeScript}: 100 KB of output, 100 items of a returned list. */
    public static PayloadLimits aws() {
        return new PayloadLimits(102_400, 100);
    }
}

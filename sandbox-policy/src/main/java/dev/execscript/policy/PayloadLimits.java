package dev.execscript.policy;

/**
 * Limits on a step's output payload, AWS's by default. Immutable; a value out of range is refused naming its
 * policy setting.
 *
 * @param maxBytes the most UTF-8 bytes the encoded JSON may have (policy {@code maxPayloadBytes})
 * @param maxListItems how many items of a returned top-level list are kept (policy {@code maxPayloadListItems});
 *     nested lists are never cut
 */
public record PayloadLimits(int maxBytes, int maxListItems) {

    /** Room for {@code false}, the longest JSON literal, so that every value has some valid encoding within the limit. */
    public static final int MIN_BYTES = 5;
    static final LongRange MAX_BYTES = LongRange.size("maxPayloadBytes", MIN_BYTES, 64 * SizeFormat.MIB);
    static final LongRange MAX_LIST_ITEMS = LongRange.count("maxPayloadListItems", 0, 1_000_000);

    /** AWS's limits for {@code aws:executeScript}: 100 KB of output, 100 items of a returned list. */
    public static final PayloadLimits AWS = new PayloadLimits(100 * 1024, 100);

    /** @throws PolicyException naming the setting of a value out of its range */
    public PayloadLimits {
        MAX_BYTES.check(maxBytes);
        MAX_LIST_ITEMS.check(maxListItems);
    }

    public static Builder builder() {
        return AWS.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects payload limits; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private int maxBytes;
        private int maxListItems;

        private Builder(PayloadLimits from) {
            maxBytes = from.maxBytes;
            maxListItems = from.maxListItems;
        }

        /** Default 102,400 (AWS: 100 KB); 5 bytes to 64 MiB. */
        public Builder maxBytes(int value) {
            this.maxBytes = (int) MAX_BYTES.check(value);
            return this;
        }

        /** Default 100 (AWS); 0 (every returned list empty) to 1,000,000. */
        public Builder maxListItems(int value) {
            this.maxListItems = (int) MAX_LIST_ITEMS.check(value);
            return this;
        }

        public PayloadLimits build() {
            return new PayloadLimits(maxBytes, maxListItems);
        }
    }
}

package dev.execscript.policy;

/**
 * Caps on a zip attachment, so that a hostile archive is refused before it costs memory. Immutable; a value
 * out of range is refused naming its policy setting.
 *
 * @param maxEntries most entries (policy {@code maxArchiveEntries})
 * @param maxUncompressedBytes most bytes all entries together may expand to (policy {@code maxArchiveUncompressedBytes})
 * @param maxCompressionRatio the largest uncompressed-to-compressed size ratio (policy {@code maxArchiveCompressionRatio}),
 *     applied once the archive unpacks to more than {@link #RATIO_FLOOR_BYTES} (small files may compress well legitimately)
 */
public record ArchiveLimits(int maxEntries, long maxUncompressedBytes, int maxCompressionRatio) {

    public static final long RATIO_FLOOR_BYTES = SizeFormat.MIB;

    static final LongRange MAX_ENTRIES = LongRange.count("maxArchiveEntries", 1, 100_000);
    static final LongRange MAX_UNCOMPRESSED_BYTES = LongRange.size("maxArchiveUncompressedBytes", SizeFormat.KIB, Long.MAX_VALUE);
    static final LongRange MAX_COMPRESSION_RATIO = LongRange.count("maxArchiveCompressionRatio", 1, 10_000);

    /** The defaults: 1000 entries, 50 MiB unpacked, ratio 100. */
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(1000, 50 * SizeFormat.MIB, 100);

    /** @throws PolicyException naming the setting of a value out of its range */
    public ArchiveLimits {
        MAX_ENTRIES.check(maxEntries);
        MAX_UNCOMPRESSED_BYTES.check(maxUncompressedBytes);
        MAX_COMPRESSION_RATIO.check(maxCompressionRatio);
    }

    public static Builder builder() {
        return DEFAULT.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects archive limits; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private int maxEntries;
        private long maxUncompressedBytes;
        private int maxCompressionRatio;

        private Builder(ArchiveLimits from) {
            maxEntries = from.maxEntries;
            maxUncompressedBytes = from.maxUncompressedBytes;
            maxCompressionRatio = from.maxCompressionRatio;
        }

        /** Default 1000; 1 to 100,000. */
        public Builder maxEntries(int value) {
            this.maxEntries = (int) MAX_ENTRIES.check(value);
            return this;
        }

        /** Default 50 MiB; at least 1 KiB. */
        public Builder maxUncompressedBytes(long value) {
            this.maxUncompressedBytes = MAX_UNCOMPRESSED_BYTES.check(value);
            return this;
        }

        /** Default 100; 1 to 10,000. */
        public Builder maxCompressionRatio(int value) {
            this.maxCompressionRatio = (int) MAX_COMPRESSION_RATIO.check(value);
            return this;
        }

        public ArchiveLimits build() {
            return new ArchiveLimits(maxEntries, maxUncompressedBytes, maxCompressionRatio);
        }
    }
}

package dev.execscript.attachment;

/**
 * Caps on a zip attachment, so that a hostile archive is refused before it costs memory.
 *
 * @param maxCompressionRatio the largest total uncompressed size / archive size allowed once the
 *        archive unpacks to more than {@link #RATIO_FLOOR_BYTES} (small files may compress well legitimately)
 */
public record ArchiveLimits(int maxEntries, long maxUncompressedBytes, int maxCompressionRatio) {

    public static final long RATIO_FLOOR_BYTES = 1024 * 1024;

    public ArchiveLimits {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        if (maxUncompressedBytes < 0) {
            throw new IllegalArgumentException("maxUncompressedBytes must not be negative, was " + maxUncompressedBytes);
        }
        if (maxCompressionRatio < 1) {
            throw new IllegalArgumentException("maxCompressionRatio must be at least 1, was " + maxCompressionRatio);
        }
    }

    public static ArchiveLimits defaults() {
        return new ArchiveLimits(1000, 50L * 1024 * 1024, 100);
    }
}

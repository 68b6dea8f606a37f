package dev.execscript.powershell;

/**
 * Caps on a zip attachment, checked against the central directory before anything is written and again
 * while extracting (headers can lie).
 *
 * @param maxEntries           most central-directory entries (files and directories) accepted
 * @param maxUncompressedBytes most bytes all entries together may unpack to
 * @param maxCompressionRatio  largest uncompressed/compressed ratio of one entry, and of the whole archive
 *                             (uncompressed total / archive file size), once the entry or the total has
 *                             unpacked to more than {@link #RATIO_FLOOR_BYTES}: small files may compress
 *                             very well legitimately
 */
public record ArchiveLimits(int maxEntries, long maxUncompressedBytes, int maxCompressionRatio) {

    /** Below this many unpacked bytes the ratio is not enforced. */
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

    /** The same defaults as the Python attachments: 1000 entries, 50 MiB, ratio 100. */
    public static ArchiveLimits defaults() {
        return new ArchiveLimits(1000, 50L * 1024 * 1024, 100);
    }
}

package dev.execscript.attachment;

import dev.execscript.policy.ArchiveLimits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a zip's central directory, parsed from its bytes (zip64 understood). Parsed here rather
 * than through {@code java.util.zip}, which hides the external attributes that mark symlinks and special
 * files and silently prefers one of two duplicate names.
 */
final class CentralDirectory {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int EOCD_LENGTH = 22;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_LOCATOR_LENGTH = 20;
    private static final int ZIP64_EOCD_LENGTH = 56;
    private static final int RECORD_SIGNATURE = 0x02014b50;
    private static final int RECORD_LENGTH = 46;
    private static final long MAGIC_32 = 0xffffffffL;
    private static final int MAGIC_16 = 0xffff;

    /**
     * One central-directory record, as far as the checks need it.
     *
     * @param unixMode the upper half of the external attributes: a Unix {@code st_mode} when the archiver
     *                 stored one, else 0
     */
    record Record(String name, int flags, int method, long crc, long compressedSize, long size, int unixMode) {

        boolean encrypted() {
            return (flags & 1) != 0;
        }
    }

    private CentralDirectory() {
    }

    /** Every record, in order; refuses a file that is not a zip or whose directory is damaged or too long. */
    static List<Record> read(String archive, byte[] bytes, ArchiveLimits limits) throws ArchiveException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = endRecord(b);
        if (eocd < 0) {
            throw new ArchiveException(archive, null, "is not a zip archive (no end-of-central-directory record)");
        }
        long count = Short.toUnsignedInt(b.getShort(eocd + 10));
        long size = Integer.toUnsignedLong(b.getInt(eocd + 12));
        long offset = Integer.toUnsignedLong(b.getInt(eocd + 16));
        long end = eocd;
        if (count == MAGIC_16 || size == MAGIC_32 || offset == MAGIC_32) {
            long locator = eocd - ZIP64_LOCATOR_LENGTH;
            if (locator >= 0 && b.getInt((int) locator) == ZIP64_LOCATOR_SIGNATURE) {
                // zip64: the real count, size and offset are in the zip64 end record the locator points to.
                long record = b.getLong((int) locator + 8);
                if (record < 0 || record + ZIP64_EOCD_LENGTH > locator || b.getInt((int) record) != ZIP64_EOCD_SIGNATURE) {
                    throw damaged(archive, "damaged zip64 end record");
                }
                count = b.getLong((int) record + 32);
                size = b.getLong((int) record + 40);
                offset = b.getLong((int) record + 48);
                end = record;
            } else if (size == MAGIC_32 || offset == MAGIC_32) {
                throw damaged(archive, "damaged zip64 end record");
            } // else exactly 65535 entries without zip64
        }
        if (count < 0 || count > limits.maxEntries()) {
            throw new ArchiveException(archive, null, "has " + Long.toUnsignedString(count) + " entries; at most "
                    + limits.maxEntries() + " are allowed (policy maxArchiveEntries)");
        }
        // The directory must end where the end record starts: data prepended to the zip or hidden between
        // its parts would be read differently by different tools.
        if (size < 0 || offset < 0 || offset + size != end) {
            throw damaged(archive, "damaged central directory");
        }
        List<Record> records = new ArrayList<>((int) count);
        int p = (int) offset;
        for (long i = 0; i < count; i++) {
            if (p + RECORD_LENGTH > end || b.getInt(p) != RECORD_SIGNATURE) {
                throw damaged(archive, "damaged central directory");
            }
            int flags = Short.toUnsignedInt(b.getShort(p + 8));
            int method = Short.toUnsignedInt(b.getShort(p + 10));
            long crc = Integer.toUnsignedLong(b.getInt(p + 16));
            long compressed = Integer.toUnsignedLong(b.getInt(p + 20));
            long uncompressed = Integer.toUnsignedLong(b.getInt(p + 24));
            int nameLength = Short.toUnsignedInt(b.getShort(p + 28));
            int extraLength = Short.toUnsignedInt(b.getShort(p + 30));
            int commentLength = Short.toUnsignedInt(b.getShort(p + 32));
            int unixMode = b.getInt(p + 38) >>> 16;
            int next = p + RECORD_LENGTH + nameLength + extraLength + commentLength;
            if (next > end) {
                throw damaged(archive, "damaged central directory");
            }
            String name = name(archive, bytes, p + RECORD_LENGTH, nameLength);
            if (compressed == MAGIC_32 || uncompressed == MAGIC_32) {
                long[] sizes = zip64Sizes(b, p + RECORD_LENGTH + nameLength, extraLength, uncompressed, compressed);
                if (sizes == null) {
                    throw new ArchiveException(archive, name, "has a damaged zip64 extra field");
                }
                uncompressed = sizes[0];
                compressed = sizes[1];
            }
            records.add(new Record(name, flags, method, crc, compressed, uncompressed, unixMode));
            p = next;
        }
        if (p != end) {
            throw damaged(archive, "the central directory holds more than its " + count + " records");
        }
        return records;
    }

    /** The end record's offset: the last signature whose comment length reaches exactly to the end of the file. */
    private static int endRecord(ByteBuffer b) {
        int last = b.capacity() - EOCD_LENGTH;
        for (int i = last; i >= 0 && i >= last - 65535; i--) {
            if (b.getInt(i) == EOCD_SIGNATURE && i + EOCD_LENGTH + Short.toUnsignedInt(b.getShort(i + 20)) == b.capacity()) {
                return i;
            }
        }
        return -1;
    }

    private static String name(String archive, byte[] bytes, int start, int length) throws ArchiveException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw new ArchiveException(archive, new String(bytes, start, length, StandardCharsets.ISO_8859_1),
                    "has a name that is not valid UTF-8");
        }
    }

    /** Sizes from the zip64 extended-information extra field: {size, compressed}, or null if it is missing or short. */
    private static long[] zip64Sizes(ByteBuffer b, int start, int length, long size, long compressed) {
        int end = start + length;
        for (int p = start; p + 4 <= end; p += 4 + Short.toUnsignedInt(b.getShort(p + 2))) {
            if (Short.toUnsignedInt(b.getShort(p)) != 0x0001) {
                continue;
            }
            int q = p + 4;
            int dataEnd = Math.min(end, q + Short.toUnsignedInt(b.getShort(p + 2)));
            if (size == MAGIC_32) {
                if (q + 8 > dataEnd) {
                    return null;
                }
                size = b.getLong(q);
                q += 8;
            }
            if (compressed == MAGIC_32) {
                if (q + 8 > dataEnd) {
                    return null;
                }
                compressed = b.getLong(q);
            }
            return size < 0 || compressed < 0 ? null : new long[] {size, compressed};
        }
        return null;
    }

    private static ArchiveException damaged(String archive, String what) {
        return new ArchiveException(archive, null, "is not a valid zip archive (" + what + ")");
    }
}

package dev.execscript.attachment;

import dev.execscript.policy.ArchiveLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Zip archives for tests, built in memory, and byte patches for what ZipOutputStream refuses to write. Public
 * for the PowerShell runner's tests, which hand a checked archive to the runner.
 */
public final class Zips {

    private Zips() {
    }

    /** Entries in order; a name ending in "/" is a directory (its content ignored). */
    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                if (!e.getKey().endsWith("/")) {
                    zip.write(e.getValue());
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] zipOfText(String... namesAndContents) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            entries.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return zip(entries);
    }

    /** A checked archive of text files, for tests of what uses one. */
    public static ZipArchive archiveOfText(String name, String... namesAndContents) throws ArchiveException {
        return ZipArchive.read(name, zipOfText(namesAndContents), ArchiveLimits.DEFAULT);
    }

    /** Offset of the end-of-central-directory record (no archive comment here). */
    static int endRecord(byte[] zip) {
        return zip.length - 22;
    }

    /** Offset of the index-th central-directory record (0-based). */
    static int centralRecord(byte[] zip, int index) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int found = -1;
        // Walk forward from the offset the end-of-central-directory record states (no comment, no zip64 here).
        int offset = b.getInt(endRecord(zip) + 16);
        int pos = offset;
        for (int i = 0; i <= index; i++) {
            if (b.getInt(pos) != 0x02014b50) {
                throw new IllegalStateException("no central record " + index);
            }
            found = pos;
            pos += 46 + (b.getShort(pos + 28) & 0xffff) + (b.getShort(pos + 30) & 0xffff) + (b.getShort(pos + 32) & 0xffff);
        }
        return found;
    }

    static void putInt(byte[] zip, int at, int value) {
        ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    }

    static void putShort(byte[] zip, int at, int value) {
        ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
    }

    /** Marks entry {@code index} as made on Unix with the given st_mode (e.g. 0120777 for a symlink). */
    static void setUnixMode(byte[] zip, int index, int mode) {
        int record = centralRecord(zip, index);
        putShort(zip, record + 4, (3 << 8) | 20);
        putInt(zip, record + 38, mode << 16);
    }

    /** Overwrites the uncompressed size the central directory declares for entry {@code index}. */
    static void setDeclaredSize(byte[] zip, int index, int size) {
        putInt(zip, centralRecord(zip, index) + 24, size);
    }

    static void setDeclaredCrc(byte[] zip, int index, int crc) {
        putInt(zip, centralRecord(zip, index) + 16, crc);
    }

    /** Overwrites the compressed size the central directory declares for entry {@code index}. */
    static void setDeclaredCompressedSize(byte[] zip, int index, int size) {
        putInt(zip, centralRecord(zip, index) + 20, size);
    }

    /** Sets bits of the general-purpose flags the central directory holds for entry {@code index} (bit 0: encrypted). */
    static void setFlags(byte[] zip, int index, int flags) {
        int record = centralRecord(zip, index);
        putShort(zip, record + 8, (ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getShort(record + 8) & 0xffff) | flags);
    }

    static void setMethod(byte[] zip, int index, int method) {
        putShort(zip, centralRecord(zip, index) + 10, method);
    }

    /** Offset of the index-th entry's local header (0-based), as its central record states it. */
    static int localHeader(byte[] zip, int index) {
        return ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getInt(centralRecord(zip, index) + 42);
    }

    /**
     * The archive without entry {@code index}'s central-directory record: its local header and data stay,
     * hidden from tools that read the central directory.
     */
    static byte[] withoutCentralRecord(byte[] zip, int index) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int record = centralRecord(zip, index);
        int length = 46 + (b.getShort(record + 28) & 0xffff) + (b.getShort(record + 30) & 0xffff) + (b.getShort(record + 32) & 0xffff);
        byte[] out = new byte[zip.length - length];
        System.arraycopy(zip, 0, out, 0, record);
        System.arraycopy(zip, record + length, out, record, zip.length - record - length);
        int eocd = endRecord(out);
        putShort(out, eocd + 8, (b.getShort(endRecord(zip) + 8) & 0xffff) - 1);
        putShort(out, eocd + 10, (b.getShort(endRecord(zip) + 10) & 0xffff) - 1);
        putInt(out, eocd + 12, b.getInt(endRecord(zip) + 12) - length);
        return out;
    }

    /** Renames entry {@code index} in the central directory; the new name must have the same byte length. */
    static void renameInCentralDirectory(byte[] zip, int index, String name) {
        int record = centralRecord(zip, index);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != (ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getShort(record + 28) & 0xffff)) {
            throw new IllegalArgumentException("name length differs");
        }
        System.arraycopy(bytes, 0, zip, record + 46, bytes.length);
    }
}

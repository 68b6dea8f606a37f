package dev.execscript.powershell;

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

/** Zip archives for tests, built in memory, and byte patches for what ZipOutputStream refuses to write. */
final class Zips {

    private Zips() {
    }

    /** Entries in order; a name ending in "/" is a directory (its content ignored). */
    static byte[] zip(Map<String, byte[]> entries) {
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

    static byte[] zipOfText(String... namesAndContents) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            entries.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return zip(entries);
    }

    /** Offset of the index-th central-directory record (0-based). */
    static int centralRecord(byte[] zip, int index) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int found = -1;
        // Walk forward from the offset the end-of-central-directory record states (no comment, no zip64 here).
        int eocd = zip.length - 22;
        int offset = b.getInt(eocd + 16);
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

package dev.execscript.attachment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The files of a zip attachment, read into memory after checking the archive cannot escape, explode or
 * deceive: no absolute or {@code ..} paths, no symlinks, no duplicate names, bounded entry count, size
 * and compression ratio. Nothing is written to disk. Directory entries are dropped; directories are
 * implied by the files' paths.
 */
public final class ZipArchive {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int UNIX_TYPE_MASK = 0170000;
    private static final int UNIX_SYMLINK = 0120000;
    private static final int HOST_UNIX = 3;

    private final Map<String, byte[]> files;

    private ZipArchive(Map<String, byte[]> files) {
        this.files = Collections.unmodifiableMap(files);
    }

    /** Relative paths ('a/b.py') to contents. */
    public Map<String, byte[]> files() {
        return files;
    }

    public static ZipArchive read(String name, byte[] bytes, ArchiveLimits limits) throws ArchiveException {
        Map<String, Boolean> central = centralDirectory(name, bytes, limits);
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            byte[] buffer = new byte[16 * 1024];
            while ((entry = in.getNextEntry()) != null) {
                String path = checkedPath(name, entry.getName());
                if (!central.containsKey(entry.getName())) {
                    throw new ArchiveException(name, entry.getName(), "is not listed in the archive's central directory");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                if (files.containsKey(path)) {
                    throw new ArchiveException(name, entry.getName(), "appears twice in the archive");
                }
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                int n;
                // Sizes are counted while inflating: headers can lie.
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > limits.maxUncompressedBytes()) {
                        throw new ArchiveException(name, entry.getName(), "unpacks to more than " + limits.maxUncompressedBytes()
                                + " bytes (policy maxArchiveUncompressedBytes); a zip bomb?");
                    }
                    if (total > ArchiveLimits.RATIO_FLOOR_BYTES && total / Math.max(1, bytes.length) > limits.maxCompressionRatio()) {
                        throw new ArchiveException(name, entry.getName(), "unpacks to more than " + limits.maxCompressionRatio()
                                + " times the archive's size (policy maxArchiveCompressionRatio); a zip bomb?");
                    }
                    content.write(buffer, 0, n);
                }
                files.put(path, content.toByteArray());
            }
        } catch (ZipException e) {
            throw new ArchiveException(name, null, "is not a valid zip archive (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ArchiveException(name, null, "cannot be read: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new ArchiveException(name, null, "holds no files");
        }
        return new ZipArchive(files);
    }

    /** Entry names to whether each is a directory, from the central directory; refuses symlinks and duplicates. */
    private static Map<String, Boolean> centralDirectory(String name, byte[] bytes, ArchiveLimits limits) throws ArchiveException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = -1;
        for (int i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
            if (b.getInt(i) == EOCD_SIGNATURE) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new ArchiveException(name, null, "is not a zip archive (no end-of-central-directory record)");
        }
        int count = Short.toUnsignedInt(b.getShort(eocd + 10));
        long offset = Integer.toUnsignedLong(b.getInt(eocd + 16));
        if (count > limits.maxEntries()) {
            throw new ArchiveException(name, null, "has " + count + " entries; at most " + limits.maxEntries()
                    + " are allowed (policy maxArchiveEntries)");
        }
        Map<String, Boolean> names = new HashMap<>();
        int p = (int) offset;
        for (int i = 0; i < count; i++) {
            if (p < 0 || p + 46 > bytes.length || b.getInt(p) != CENTRAL_SIGNATURE) {
                throw new ArchiveException(name, null, "is not a valid zip archive (damaged central directory)");
            }
            int madeBy = Short.toUnsignedInt(b.getShort(p + 4)) >> 8;
            int nameLength = Short.toUnsignedInt(b.getShort(p + 28));
            int extraLength = Short.toUnsignedInt(b.getShort(p + 30));
            int commentLength = Short.toUnsignedInt(b.getShort(p + 32));
            int external = b.getInt(p + 38);
            if (p + 46 + nameLength > bytes.length) {
                throw new ArchiveException(name, null, "is not a valid zip archive (damaged central directory)");
            }
            String entry = new String(bytes, p + 46, nameLength, StandardCharsets.UTF_8);
            checkedPath(name, entry);
            if (madeBy == HOST_UNIX && ((external >>> 16) & UNIX_TYPE_MASK) == UNIX_SYMLINK) {
                throw new ArchiveException(name, entry, "is a symbolic link; links are not allowed in attachments");
            }
            if (names.put(entry, entry.endsWith("/")) != null) {
                throw new ArchiveException(name, entry, "appears twice in the archive");
            }
            p += 46 + nameLength + extraLength + commentLength;
        }
        return names;
    }

    /** The entry's path if it stays inside the archive's root; refuses anything that could point elsewhere. */
    static String checkedPath(String archive, String entry) throws ArchiveException {
        if (entry.isEmpty() || entry.indexOf('\0') >= 0) {
            throw new ArchiveException(archive, entry, "has an empty or invalid name");
        }
        if (entry.startsWith("/") || entry.startsWith("\\") || entry.matches("^[A-Za-z]:.*")) {
            throw new ArchiveException(archive, entry, "has an absolute path");
        }
        if (entry.contains("\\")) {
            throw new ArchiveException(archive, entry, "uses '\\' in its path; zip paths use '/'");
        }
        String path = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                throw new ArchiveException(archive, entry, "has a '..' path segment that would leave the archive");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                throw new ArchiveException(archive, entry, "has an empty or '.' path segment");
            }
        }
        return path;
    }
}

package dev.execscript.powershell;

import dev.execscript.attachment.ArchiveLimits;
import dev.execscript.attachment.ArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Extracts a zip attachment into a fresh directory, refusing hostile archives.
 *
 * <p>Checked on the central directory, before anything is written (parsed here directly, because
 * {@code java.util.zip} hides the external attributes that mark symlinks):
 * <ul>
 *   <li>the file is a zip at all (an end-of-central-directory record, zip64 understood);</li>
 *   <li>no more than {@code maxEntries} entries;</li>
 *   <li>every name is UTF-8, non-empty, relative (no leading {@code /}, no drive letter), has no {@code ..}
 *       segment, no backslash (a separator on Windows) and no NUL;</li>
 *   <li>no two names are the same after normalising {@code .} and empty segments, and no file is also used
 *       as a directory by another entry;</li>
 *   <li>no symlinks or other special files (Unix mode in the external attributes, when made on Unix);</li>
 *   <li>no encrypted entries;</li>
 *   <li>declared sizes stay within {@code maxUncompressedBytes} and the ratio limits.</li>
 * </ul>
 * Then while extracting, the bytes actually inflated are counted (headers can lie): an entry longer than
 * declared, a running total over {@code maxUncompressedBytes}, or a ratio over the limit stops extraction
 * before the offending chunk is written; each entry's CRC is verified. Files are created with
 * {@code CREATE_NEW}, so nothing existing is overwritten or followed. On any refusal or failure the target
 * directory is deleted again: nothing is left on disk.
 */
final class ZipAttachment {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int CEN_SIGNATURE = 0x02014b50;
    private static final int UNIX_HOST = 3;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final long MAX_CENTRAL_DIRECTORY = 64L * 1024 * 1024;

    /** One central-directory record, as far as the checks need it. */
    record Entry(String name, String path, boolean directory, long compressedSize, long size) { }

    private final Path zip;
    private final String label;
    private final ArchiveLimits limits;
    private final List<Entry> entries;

    private ZipAttachment(Path zip, ArchiveLimits limits, List<Entry> entries) {
        this.zip = zip;
        this.label = String.valueOf(zip.getFileName());
        this.limits = limits;
        this.entries = entries;
    }

    /** Reads and checks the central directory; writes nothing. */
    static ZipAttachment open(Path zip, ArchiveLimits limits) throws ArchiveException {
        String label = String.valueOf(zip.getFileName());
        List<RawEntry> raw = readCentralDirectory(zip, label, limits);
        List<Entry> entries = check(raw, label, limits, sizeOf(zip));
        return new ZipAttachment(zip, limits, entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /**
     * Creates {@code target} (which must not exist yet; its parent should be private) and extracts every
     * entry into it. On failure {@code target} is removed again before the exception leaves.
     *
     * @throws ArchiveException     the archive turned out hostile or corrupt while extracting
     * @throws UncheckedIOException the disk failed us (full, permissions): not the archive's fault
     */
    void extractTo(Path target) throws ArchiveException {
        try {
            TempTree.createPrivateDirectory(target);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + target, e);
        }
        boolean done = false;
        try {
            extractEntries(target);
            done = true;
        } finally {
            if (!done) {
                TempTree.delete(target);
            }
        }
    }

    private void extractEntries(Path target) throws ArchiveException {
        Map<String, Entry> byName = new HashMap<>();
        for (Entry e : entries) {
            byName.put(e.name(), e);
        }
        long total = 0;
        long archiveSize = sizeOf(zip);
        byte[] buffer = new byte[64 * 1024];
        try (ZipFile zf = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            Enumeration<? extends ZipEntry> it = zf.entries();
            int index = 0;
            while (it.hasMoreElements()) {
                ZipEntry ze = it.nextElement();
                // ZipFile read the same central directory; if it disagrees with our parse, trust neither.
                if (index >= entries.size() || !entries.get(index).name().equals(ze.getName())) {
                    throw new ArchiveException(label, ze.getName(), "central directory could not be read consistently");
                }
                Entry entry = byName.get(ze.getName());
                index++;
                if (entry.path().isEmpty()) {
                    continue; // "./" names the target itself
                }
                Path out = target.resolve(entry.path()).normalize();
                if (!out.startsWith(target) || out.equals(target)) {
                    // normalise() already refused this; a second, independent check costs nothing.
                    throw new ArchiveException(label, entry.name(), "path escapes the extraction directory");
                }
                if (entry.directory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                long written = 0;
                CRC32 crc = new CRC32();
                try (InputStream in = zf.getInputStream(ze);
                     OutputStream os = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        written += n;
                        total += n;
                        if (written > entry.size()) {
                            throw new ArchiveException(label, entry.name(),
                                    "unpacks to more than the " + entry.size() + " bytes its header declares");
                        }
                        if (total > limits.maxUncompressedBytes()) {
                            throw new ArchiveException(label, entry.name(),
                                    "archive unpacks to more than " + limits.maxUncompressedBytes() + " bytes");
                        }
                        checkRatio(entry.name(), written, entry.compressedSize(), "entry");
                        checkRatio(entry.name(), total, archiveSize, "archive");
                        crc.update(buffer, 0, n);
                        os.write(buffer, 0, n);
                    }
                } catch (ZipException e) {
                    throw new ArchiveException(label, entry.name(), "corrupt data: " + e.getMessage());
                }
                if (written != entry.size()) {
                    throw new ArchiveException(label, entry.name(),
                            "unpacks to " + written + " bytes, its header declares " + entry.size());
                }
                if (crc.getValue() != ze.getCrc()) {
                    throw new ArchiveException(label, entry.name(), "CRC mismatch: the archive is corrupt");
                }
            }
            if (index != entries.size()) {
                throw new ArchiveException(label, null, "central directory could not be read consistently");
            }
        } catch (ZipException e) {
            throw new ArchiveException(label, null, "corrupt zip: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract attachment '" + label + "' into " + target, e);
        }
    }

    private void checkRatio(String name, long unpacked, long packed, String what) throws ArchiveException {
        if (unpacked > ArchiveLimits.RATIO_FLOOR_BYTES
                && unpacked > Math.max(packed, 1) * (long) limits.maxCompressionRatio()) {
            throw new ArchiveException(label, name, what + " compression ratio exceeds " + limits.maxCompressionRatio()
                    + " (" + unpacked + " bytes from " + packed + ")");
        }
    }

    // ---- central directory --------------------------------------------------------------------------

    private record RawEntry(String name, int flags, int madeBy, long externalAttributes, long compressedSize, long size) { }

    private static List<RawEntry> readCentralDirectory(Path zip, String label, ArchiveLimits limits) throws ArchiveException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            // The EOCD record is 22 bytes plus a comment of up to 65535 bytes, at the very end.
            int tailLength = (int) Math.min(fileSize, 22 + 65535);
            ByteBuffer tail = read(ch, fileSize - tailLength, tailLength);
            int eocd = -1;
            for (int i = tailLength - 22; i >= 0; i--) {
                if (tail.getInt(i) == EOCD_SIGNATURE && i + 22 + (tail.getShort(i + 20) & 0xffff) == tailLength) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw new ArchiveException(label, null, "not a zip archive (no end-of-central-directory record)");
            }
            long eocdPos = fileSize - tailLength + eocd;
            long count = tail.getShort(eocd + 10) & 0xffff;
            long cenSize = tail.getInt(eocd + 12) & 0xffffffffL;
            long cenEnd = eocdPos;
            if (count == 0xffff || cenSize == 0xffffffffL) {
                // zip64: the real counts are in the zip64 end record, located just before the locator.
                if (eocdPos < 20) {
                    throw new ArchiveException(label, null, "corrupt zip64 end record");
                }
                ByteBuffer locator = read(ch, eocdPos - 20, 20);
                if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
                    if (count == 0xffff && cenSize != 0xffffffffL) {
                        locator = null; // exactly 65535 entries without zip64
                    } else {
                        throw new ArchiveException(label, null, "corrupt zip64 end record");
                    }
                }
                if (locator != null) {
                    long z64 = locator.getLong(8);
                    if (z64 < 0 || z64 + 56 > eocdPos - 20) {
                        throw new ArchiveException(label, null, "corrupt zip64 end record");
                    }
                    ByteBuffer end64 = read(ch, z64, 56);
                    if (end64.getInt(0) != ZIP64_EOCD_SIGNATURE) {
                        throw new ArchiveException(label, null, "corrupt zip64 end record");
                    }
                    count = end64.getLong(32);
                    cenSize = end64.getLong(40);
                    cenEnd = z64;
                }
            }
            if (count > limits.maxEntries()) {
                throw new ArchiveException(label, null,
                        "has " + count + " entries, more than the limit of " + limits.maxEntries());
            }
            if (cenSize < 0 || cenSize > cenEnd || cenSize > MAX_CENTRAL_DIRECTORY) {
                throw new ArchiveException(label, null, "corrupt central directory size " + cenSize);
            }
            // Located from its end rather than its stated offset, so data prepended to the zip doesn't matter.
            ByteBuffer cen = read(ch, cenEnd - cenSize, (int) cenSize);
            List<RawEntry> result = new ArrayList<>();
            int pos = 0;
            for (long i = 0; i < count; i++) {
                if (pos + 46 > cenSize || cen.getInt(pos) != CEN_SIGNATURE) {
                    throw new ArchiveException(label, null, "corrupt central directory at record " + i);
                }
                int madeBy = (cen.getShort(pos + 4) & 0xffff) >>> 8;
                int flags = cen.getShort(pos + 8) & 0xffff;
                long compressed = cen.getInt(pos + 20) & 0xffffffffL;
                long size = cen.getInt(pos + 24) & 0xffffffffL;
                int nameLength = cen.getShort(pos + 28) & 0xffff;
                int extraLength = cen.getShort(pos + 30) & 0xffff;
                int commentLength = cen.getShort(pos + 32) & 0xffff;
                long external = cen.getInt(pos + 38) & 0xffffffffL;
                int next = pos + 46 + nameLength + extraLength + commentLength;
                if (next > cenSize) {
                    throw new ArchiveException(label, null, "corrupt central directory at record " + i);
                }
                byte[] nameBytes = new byte[nameLength];
                cen.get(pos + 46, nameBytes);
                String name;
                try {
                    name = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(nameBytes)).toString();
                } catch (CharacterCodingException e) {
                    throw new ArchiveException(label, new String(nameBytes, StandardCharsets.ISO_8859_1),
                            "entry name is not valid UTF-8");
                }
                if (compressed == 0xffffffffL || size == 0xffffffffL) {
                    long[] sizes = zip64Sizes(cen, pos + 46 + nameLength, extraLength, size, compressed);
                    if (sizes == null) {
                        throw new ArchiveException(label, name, "corrupt zip64 extra field");
                    }
                    size = sizes[0];
                    compressed = sizes[1];
                }
                result.add(new RawEntry(name, flags, madeBy, external, compressed, size));
                pos = next;
            }
            return result;
        } catch (IOException e) {
            throw new ArchiveException(label, null, "cannot be read: " + e);
        }
    }

    /** Sizes from the zip64 extended-information extra field: [size, compressed], or null if missing. */
    private static long[] zip64Sizes(ByteBuffer cen, int start, int length, long size, long compressed) {
        int pos = start;
        int end = start + length;
        while (pos + 4 <= end) {
            int id = cen.getShort(pos) & 0xffff;
            int dataLength = cen.getShort(pos + 2) & 0xffff;
            if (id == 0x0001) {
                int p = pos + 4;
                int dataEnd = p + dataLength;
                if (size == 0xffffffffL) {
                    if (p + 8 > dataEnd) {
                        return null;
                    }
                    size = cen.getLong(p);
                    p += 8;
                }
                if (compressed == 0xffffffffL) {
                    if (p + 8 > dataEnd) {
                        return null;
                    }
                    compressed = cen.getLong(p);
                }
                return size < 0 || compressed < 0 ? null : new long[] {size, compressed};
            }
            pos += 4 + dataLength;
        }
        return null;
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (ch.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return buffer.flip();
    }

    // ---- checks -------------------------------------------------------------------------------------

    private static List<Entry> check(List<RawEntry> raw, String label, ArchiveLimits limits, long archiveSize)
            throws ArchiveException {
        List<Entry> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> files = new HashSet<>();
        Set<String> parents = new HashSet<>();
        long total = 0;
        for (RawEntry r : raw) {
            String path = normalise(r.name(), label);
            boolean directory = r.name().endsWith("/");
            if (r.madeBy() == UNIX_HOST) {
                int type = (int) (r.externalAttributes() >>> 16) & S_IFMT;
                if (type == S_IFLNK) {
                    throw new ArchiveException(label, r.name(), "symbolic links are not allowed");
                }
                if (type != 0 && type != S_IFREG && type != S_IFDIR) {
                    throw new ArchiveException(label, r.name(), "special files are not allowed (mode "
                            + Integer.toOctalString(type) + ")");
                }
            }
            if ((r.flags() & 1) != 0) {
                throw new ArchiveException(label, r.name(), "encrypted entries are not supported");
            }
            if (path.isEmpty() && !directory) {
                throw new ArchiveException(label, r.name(), "file entry names the extraction directory itself");
            }
            if (!path.isEmpty() && !seen.add(path)) {
                throw new ArchiveException(label, r.name(), "duplicate entry name (same as an earlier entry once normalised)");
            }
            if (!directory) {
                files.add(path);
            }
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                parents.add(path.substring(0, slash));
            }
            if (!directory) {
                total += r.size();
                if (total > limits.maxUncompressedBytes()) {
                    throw new ArchiveException(label, r.name(), "archive declares more than "
                            + limits.maxUncompressedBytes() + " uncompressed bytes");
                }
                if (r.size() > ArchiveLimits.RATIO_FLOOR_BYTES
                        && r.size() > Math.max(r.compressedSize(), 1) * (long) limits.maxCompressionRatio()) {
                    throw new ArchiveException(label, r.name(), "declared compression ratio exceeds "
                            + limits.maxCompressionRatio() + " (" + r.size() + " bytes from " + r.compressedSize() + ")");
                }
            }
            result.add(new Entry(r.name(), path, directory, r.compressedSize(), r.size()));
        }
        if (total > ArchiveLimits.RATIO_FLOOR_BYTES && total > Math.max(archiveSize, 1) * (long) limits.maxCompressionRatio()) {
            throw new ArchiveException(label, null, "declared compression ratio of the archive exceeds "
                    + limits.maxCompressionRatio() + " (" + total + " bytes from " + archiveSize + ")");
        }
        for (String file : files) {
            if (parents.contains(file)) {
                throw new ArchiveException(label, file, "is a file, but other entries use it as a directory");
            }
        }
        return result;
    }

    /**
     * The entry's path relative to the extraction directory, segments joined by {@code /}, without empty
     * or {@code .} segments and without a trailing slash; refuses anything that could leave the directory.
     */
    static String normalise(String name, String label) throws ArchiveException {
        if (name.isEmpty()) {
            throw new ArchiveException(label, name, "empty entry name");
        }
        if (name.indexOf('\0') >= 0) {
            throw new ArchiveException(label, name, "NUL character in entry name");
        }
        if (name.indexOf('\\') >= 0) {
            throw new ArchiveException(label, name, "backslash in entry name (a path separator on Windows)");
        }
        if (name.startsWith("/")) {
            throw new ArchiveException(label, name, "absolute path");
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            throw new ArchiveException(label, name, "absolute path (drive letter)");
        }
        StringBuilder path = new StringBuilder();
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw new ArchiveException(label, name, "'..' path segment");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (!path.isEmpty()) {
                path.append('/');
            }
            path.append(segment);
        }
        return path.toString();
    }

    private static long sizeOf(Path zip) {
        try {
            return Files.size(zip);
        } catch (IOException e) {
            return 0;
        }
    }
}

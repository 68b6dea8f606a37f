package dev.execscript.attachment;

import dev.execscript.policy.ArchiveLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A zip attachment whose every entry has been checked, held in memory: the one place both runtimes get an
 * archive's contents from. Python mounts {@link #files()} read-only; PowerShell writes them out with
 * {@link #extractTo(Path)}. Both see exactly the bytes {@link #read} checked.
 *
 * <p>{@link #read} refuses, with a message naming the archive, the entry and, for a limit, the policy setting:
 * <ul>
 *   <li>bytes that are not a zip, a damaged central directory or zip64 end record (zip64 is understood, so
 *       its real entry count is the one limited), an archive that holds no files;</li>
 *   <li>more entries than {@code maxArchiveEntries};</li>
 *   <li>names that are empty, not UTF-8, hold a NUL or a backslash, are absolute ({@code /x}, {@code C:x}),
 *       or have a {@code ..}, {@code .} or empty segment;</li>
 *   <li>symlinks and other special files (Unix mode in the external attributes), encrypted entries,
 *       compression methods other than stored and deflated;</li>
 *   <li>two entries with one name, a file that another entry uses as a directory ({@code a} and {@code a/b});</li>
 *   <li>more than {@code maxArchiveUncompressedBytes} in all, or (past {@link ArchiveLimits#RATIO_FLOOR_BYTES})
 *       more than {@code maxArchiveCompressionRatio} times the archive's size in all or an entry's compressed
 *       size, on the sizes the central directory declares;</li>
 *   <li>an entry that inflates to other than its declared size (stopped at the first byte past it, so a
 *       header that lies cannot get round the limits) or fails its declared CRC, corrupt data, a local header
 *       the central directory does not list, and a listed entry with no local header of its own.</li>
 * </ul>
 * Every rule is decided before the archive is returned: nothing partial is ever handed on.
 * A directory entry ({@code name/}) keeps an empty directory; other directories are implied by files' paths.
 */
public final class ZipArchive {

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;

    private final String name;
    private final Map<String, byte[]> files;
    private final Set<String> directories;

    private ZipArchive(String name, Map<String, byte[]> files, Set<String> directories) {
        this.name = name;
        this.files = Collections.unmodifiableMap(files);
        this.directories = Collections.unmodifiableSet(directories);
    }

    /** The attachment's name, as its messages use it. */
    public String name() {
        return name;
    }

    /** Relative paths ('a/b.py') to contents, in archive order. */
    public Map<String, byte[]> files() {
        return files;
    }

    /** Relative paths of the archive's directory entries ('a/b', no trailing slash). */
    public Set<String> directories() {
        return directories;
    }

    /** Checks {@code bytes} as a zip attachment called {@code name} and inflates it. */
    public static ZipArchive read(String name, byte[] bytes, ArchiveLimits limits) throws ArchiveException {
        List<CentralDirectory.Record> records = CentralDirectory.read(name, bytes, limits);
        Map<String, CentralDirectory.Record> byName = checked(name, records, bytes.length, limits);
        Map<String, byte[]> files = new LinkedHashMap<>();
        Set<String> directories = new LinkedHashSet<>();
        inflate(name, bytes, byName, files, directories);
        return new ZipArchive(name, files, directories);
    }

    /**
     * Creates {@code target}, which must not exist yet, and writes the archive into it: directories owner-only
     * ({@code rwx------}), files owner read/write only ({@code rw-------}, never executable), on file systems
     * with POSIX permissions. Only paths under {@code target} are created, each one new ({@code CREATE_NEW}):
     * nothing existing is overwritten and no link is followed (a link where a path should be is an error).
     * On failure {@code target} is removed again.
     *
     * @throws FileAlreadyExistsException {@code target} exists, or two entries name one file on this file
     *                                    system (a case-insensitive one)
     * @throws IOException                the disk failed (full, permissions)
     */
    public void extractTo(Path target) throws IOException {
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] directoryMode = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))} : new FileAttribute<?>[0];
        FileAttribute<?>[] fileMode = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectory(root, directoryMode);
        boolean done = false;
        try {
            for (String directory : directories) {
                directory(root, directory, directoryMode);
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path parent = file.getKey().contains("/")
                        ? directory(root, file.getKey().substring(0, file.getKey().lastIndexOf('/')), directoryMode)
                        : root;
                Path out = inside(root, parent.resolve(file.getKey().substring(file.getKey().lastIndexOf('/') + 1)));
                try (OutputStream os = Channels.newOutputStream(Files.newByteChannel(out,
                        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), fileMode))) {
                    os.write(file.getValue());
                } catch (FileAlreadyExistsException e) {
                    throw new FileAlreadyExistsException(out.toString(), null, "entry '" + file.getKey() + "' of attachment '"
                            + name + "' names a file another entry already wrote (a case-insensitive file system?)");
                }
            }
            done = true;
        } finally {
            if (!done) {
                delete(root);
            }
        }
    }

    /** Creates (or finds, as a real directory) each segment of {@code relative} under {@code root}. */
    private static Path directory(Path root, String relative, FileAttribute<?>[] mode) throws IOException {
        Path dir = root;
        for (String segment : relative.split("/")) {
            dir = inside(root, dir.resolve(segment));
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                // Fails on anything already there, a link included: nothing is followed.
                Files.createDirectory(dir, mode);
            }
        }
        return dir;
    }

    /** A second, independent guard: {@link #checkedPath} already refused every name that could leave the root. */
    private static Path inside(Path root, Path path) throws IOException {
        Path normal = path.normalize();
        if (!normal.startsWith(root) || normal.equals(root)) {
            throw new IOException(path + " is not inside " + root);
        }
        return normal;
    }

    private static void delete(Path root) {
        try {
            // walkFileTree does not follow links: a link is deleted, not what it points to.
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: the caller's own clean-up of its temporary tree gets another go
        }
    }

    // ---- the central directory's rules, before anything is inflated ----------------------------------

    /** The records by their names, after every rule that the central directory alone can decide. */
    private static Map<String, CentralDirectory.Record> checked(String archive, List<CentralDirectory.Record> records,
            long archiveSize, ArchiveLimits limits) throws ArchiveException {
        Map<String, CentralDirectory.Record> byName = new HashMap<>();
        Set<String> paths = new HashSet<>();
        Map<String, String> fileEntries = new HashMap<>(); // a file's path -> its entry name
        Map<String, String> parents = new HashMap<>();     // a directory some entry's path implies -> that entry's name
        long total = 0;
        for (CentralDirectory.Record r : records) {
            String path = checkedPath(archive, r.name());
            boolean directory = r.name().endsWith("/");
            int type = r.unixMode() & S_IFMT;
            if (type == S_IFLNK) {
                throw new ArchiveException(archive, r.name(), "is a symbolic link; links are not allowed in attachments");
            }
            if (type != 0 && type != S_IFREG && type != S_IFDIR) {
                throw new ArchiveException(archive, r.name(), "is a special file (Unix mode 0" + Integer.toOctalString(type)
                        + "); only regular files and directories are allowed");
            }
            if (r.encrypted()) {
                throw new ArchiveException(archive, r.name(), "is encrypted; encrypted entries are not supported");
            }
            if (r.method() != STORED && r.method() != DEFLATED) {
                throw new ArchiveException(archive, r.name(), "uses compression method " + r.method()
                        + "; only stored (0) and deflated (8) are supported");
            }
            // 'a' and 'a/' name one path too
            if (!paths.add(path)) {
                throw new ArchiveException(archive, r.name(), "appears twice in the archive");
            }
            byName.put(r.name(), r);
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                String parent = path.substring(0, slash);
                if (fileEntries.containsKey(parent)) {
                    throw usedAsDirectory(archive, fileEntries.get(parent), r.name());
                }
                parents.putIfAbsent(parent, r.name());
            }
            if (directory) {
                if (r.size() != 0) {
                    throw new ArchiveException(archive, r.name(), "is a directory but declares " + r.size() + " bytes of content");
                }
                continue;
            }
            if (parents.containsKey(path)) {
                throw usedAsDirectory(archive, r.name(), parents.get(path));
            }
            fileEntries.put(path, r.name());
            if (r.size() > limits.maxUncompressedBytes() - total) { // so that zip64 sizes cannot overflow the sum

                throw new ArchiveException(archive, r.name(), "unpacks the archive to more than " + limits.maxUncompressedBytes()
                        + " bytes (policy maxArchiveUncompressedBytes); a zip bomb?");
            }
            total += r.size();
            if (exceedsRatio(total, archiveSize, limits)) {
                throw new ArchiveException(archive, r.name(), "unpacks the archive to more than " + limits.maxCompressionRatio()
                        + " times its size (policy maxArchiveCompressionRatio); a zip bomb?");
            }
            if (exceedsRatio(r.size(), r.compressedSize(), limits)) {
                throw new ArchiveException(archive, r.name(), "unpacks to more than " + limits.maxCompressionRatio()
                        + " times its compressed size (policy maxArchiveCompressionRatio); a zip bomb?");
            }
        }
        return byName;
    }

    private static boolean exceedsRatio(long unpacked, long packed, ArchiveLimits limits) {
        long ratio = limits.maxCompressionRatio();
        return unpacked > ArchiveLimits.RATIO_FLOOR_BYTES && packed < Long.MAX_VALUE / ratio && unpacked > Math.max(1, packed) * ratio;
    }

    private static ArchiveException usedAsDirectory(String archive, String file, String user) {
        return new ArchiveException(archive, file, "is a file, but entry '" + user + "' uses it as a directory");
    }

    /** The entry's path ('a/b', no trailing slash) if it stays inside the archive's root; refuses anything that could point elsewhere. */
    static String checkedPath(String archive, String entry) throws ArchiveException {
        if (entry.isEmpty()) {
            throw new ArchiveException(archive, entry, "has an empty name");
        }
        if (entry.indexOf('\0') >= 0) {
            throw new ArchiveException(archive, entry, "has a NUL character in its name");
        }
        if (entry.indexOf('\\') >= 0) {
            throw new ArchiveException(archive, entry, "uses '\\' in its path; zip paths use '/'");
        }
        if (entry.startsWith("/")) {
            throw new ArchiveException(archive, entry, "has an absolute path");
        }
        if (entry.length() >= 2 && entry.charAt(1) == ':' && Character.isLetter(entry.charAt(0))) {
            throw new ArchiveException(archive, entry, "has an absolute path (drive letter)");
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

    // ---- the local entries, inflated and counted -------------------------------------------------------

    private static void inflate(String archive, byte[] bytes, Map<String, CentralDirectory.Record> byName,
            Map<String, byte[]> files, Set<String> directories) throws ArchiveException {
        Set<String> seen = new HashSet<>();
        byte[] buffer = new byte[16 * 1024];
        String current = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry local;
            while ((local = in.getNextEntry()) != null) {
                current = local.getName();
                CentralDirectory.Record r = byName.get(current);
                if (r == null) {
                    throw new ArchiveException(archive, current, "has a local header that is not in the central directory");
                }
                if (!seen.add(current)) {
                    throw new ArchiveException(archive, current, "appears twice in the archive");
                }
                ByteArrayOutputStream content = new ByteArrayOutputStream((int) Math.min(r.size(), 1 << 20));
                CRC32 crc = new CRC32();
                long written = 0;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    written += n;
                    // No entry inflates past its declared size, so the limits checked on declared sizes
                    // bound what is really inflated too: a lying header is stopped here, at once.
                    if (written > r.size()) {
                        throw new ArchiveException(archive, current, "unpacks to more than the " + r.size()
                                + " bytes the central directory declares for it");
                    }
                    crc.update(buffer, 0, n);
                    content.write(buffer, 0, n);
                }
                if (written != r.size()) {
                    throw new ArchiveException(archive, current, "unpacks to " + written + " bytes, but the central directory declares "
                            + r.size());
                }
                if (crc.getValue() != r.crc()) {
                    throw new ArchiveException(archive, current, "fails its CRC check: the archive is corrupt");
                }
                if (current.endsWith("/")) {
                    directories.add(current.substring(0, current.length() - 1));
                } else {
                    files.put(current, content.toByteArray());
                }
                current = null;
            }
        } catch (IOException e) {
            // ZipException or EOFException: bad data inside an entry, or a bad header between entries
            throw current != null
                    ? new ArchiveException(archive, current, "is corrupt (" + e.getMessage() + ")")
                    : new ArchiveException(archive, null, "is not a valid zip archive (" + e.getMessage() + ")");
        }
        for (String listed : byName.keySet()) {
            if (!seen.contains(listed)) {
                throw new ArchiveException(archive, listed, "is in the central directory but has no local header of its own");
            }
        }
        if (files.isEmpty()) {
            throw new ArchiveException(archive, null, "holds no files");
        }
    }
}

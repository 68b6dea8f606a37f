package dev.execscript.python;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only tree of files held in memory under one mount directory, for a zip attachment. It uses the
 * default path type, so GraalVM can compose it with its own internal-resource access (the JDK's zip
 * filesystem's path type cannot be composed).
 */
final class InMemoryFileSystem extends HostPathFileSystem {

    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private final Path mount;
    private final Map<Path, byte[]> files = new HashMap<>();
    private final Map<Path, Set<Path>> directories = new HashMap<>();
    private volatile Path workingDirectory;

    /** @param files relative paths ('pkg/mod.py') to contents */
    InMemoryFileSystem(Path mount, Map<String, byte[]> files) {
        this.mount = mount;
        this.workingDirectory = mount;
        directories.put(mount, new HashSet<>());
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path file = mount.resolve(e.getKey()).normalize();
            this.files.put(file, e.getValue());
            Path child = file;
            for (Path parent = file.getParent(); parent != null && parent.startsWith(mount); parent = parent.getParent()) {
                directories.computeIfAbsent(parent, k -> new HashSet<>()).add(child);
                child = parent;
            }
        }
    }

    Path mount() {
        return mount;
    }

    boolean contains(Path path) {
        return path.isAbsolute() && path.normalize().startsWith(mount);
    }

    private Path resolve(Path path) {
        return toAbsolutePath(path).normalize();
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... options) throws IOException {
        Path p = resolve(path);
        if (!files.containsKey(p) && !directories.containsKey(p)) {
            throw new NoSuchFileException(path.toString());
        }
        if (modes.contains(AccessMode.WRITE)) {
            throw new AccessDeniedException(path.toString(), null, "attachments are read-only");
        }
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        throw new AccessDeniedException(dir.toString(), null, "attachments are read-only");
    }

    @Override
    public void delete(Path path) throws IOException {
        throw new AccessDeniedException(path.toString(), null, "attachments are read-only");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        for (OpenOption o : options) {
            if (o == StandardOpenOption.WRITE || o == StandardOpenOption.APPEND || o == StandardOpenOption.CREATE
                    || o == StandardOpenOption.CREATE_NEW || o == StandardOpenOption.DELETE_ON_CLOSE) {
                throw new AccessDeniedException(path.toString(), null, "attachments are read-only");
            }
        }
        byte[] content = files.get(resolve(path));
        if (content == null) {
            throw directories.containsKey(resolve(path)) ? new AccessDeniedException(path.toString(), null, "is a directory")
                    : new NoSuchFileException(path.toString());
        }
        return new ReadOnlyChannel(content);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        Set<Path> children = directories.get(resolve(dir));
        if (children == null) {
            throw files.containsKey(resolve(dir)) ? new NotDirectoryException(dir.toString()) : new NoSuchFileException(dir.toString());
        }
        List<Path> accepted = new ArrayList<>();
        for (Path child : children) {
            Path shown = dir.isAbsolute() ? child : dir.resolve(child.getFileName());
            if (filter.accept(shown)) {
                accepted.add(shown);
            }
        }
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return accepted.iterator();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return path.isAbsolute() ? path : workingDirectory.resolve(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... options) throws IOException {
        Path p = resolve(path);
        if (!files.containsKey(p) && !directories.containsKey(p)) {
            throw new NoSuchFileException(path.toString());
        }
        return p;
    }

    @Override
    public void setCurrentWorkingDirectory(Path dir) {
        workingDirectory = dir;
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        Path p = resolve(path);
        byte[] content = files.get(p);
        boolean directory = directories.containsKey(p);
        if (content == null && !directory) {
            throw new NoSuchFileException(path.toString());
        }
        String names = attributes.contains(":") ? attributes.substring(attributes.indexOf(':') + 1) : attributes;
        Map<String, Object> all = new HashMap<>();
        all.put("size", content == null ? 0L : (long) content.length);
        all.put("lastModifiedTime", EPOCH);
        all.put("lastAccessTime", EPOCH);
        all.put("creationTime", EPOCH);
        all.put("ctime", EPOCH);
        all.put("isRegularFile", content != null);
        all.put("isDirectory", directory);
        all.put("isSymbolicLink", false);
        all.put("isOther", false);
        all.put("fileKey", p.toString());
        all.put("mode", directory ? 040555 : 0100444);
        all.put("ino", (long) p.hashCode() & 0xffffffffL);
        all.put("dev", 1L);
        all.put("nlink", 1);
        all.put("uid", 0);
        all.put("gid", 0);
        all.put("permissions", PosixFilePermissions.fromString(directory ? "r-xr-xr-x" : "r--r--r--"));
        if (names.equals("*")) {
            return all;
        }
        Map<String, Object> selected = new HashMap<>();
        for (String name : names.split(",")) {
            if (all.containsKey(name)) {
                selected.put(name, all.get(name));
            }
        }
        return selected;
    }

    /** A channel over a byte array that refuses writes. */
    private static final class ReadOnlyChannel implements SeekableByteChannel {
        private final byte[] content;
        private long position;
        private boolean open = true;

        ReadOnlyChannel(byte[] content) {
            this.content = content;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= content.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), content.length - position);
            dst.put(content, (int) position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return content.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}

package dev.execscript.python;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Read-only access to the policy's readable directories on the host, and nothing else. Written against
 * java.nio directly because the CONSTRAINED sandbox refuses GraalVM's own host filesystem; every call
 * checks the path (after following links) stays inside an allowed directory.
 */
final class HostDirectoryFileSystem extends HostPathFileSystem {

    private final List<Path> directories;
    /** Directories that may be listed, showing only the named entries (the system's Python packages). */
    private final Map<Path, Set<String>> filtered;

    HostDirectoryFileSystem(List<Path> directories) {
        this(directories, Map.of());
    }

    HostDirectoryFileSystem(List<Path> directories, Map<Path, Set<String>> filtered) {
        this.directories = List.copyOf(directories);
        this.filtered = Map.copyOf(filtered);
    }

    boolean contains(Path path) {
        return ScriptFileSystems.isInside(path, directories) || (path.isAbsolute() && filtered.containsKey(path.normalize()));
    }

    private Path checked(Path path) throws IOException {
        if (!contains(path)) {
            throw new AccessDeniedException(path.toString(), null, "outside the policy's readableDirectories");
        }
        return path.normalize();
    }

    private static AccessDeniedException readOnly(Path path) {
        return new AccessDeniedException(path.toString(), null, "readable directories are read-only");
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... options) throws IOException {
        Path p = checked(path);
        if (!Files.exists(p, options)) {
            throw new NoSuchFileException(path.toString());
        }
        if (modes.contains(AccessMode.WRITE)) {
            throw readOnly(path);
        }
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        throw readOnly(dir);
    }

    @Override
    public void delete(Path path) throws IOException {
        throw readOnly(path);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        for (OpenOption o : options) {
            if (o != StandardOpenOption.READ && o instanceof StandardOpenOption) {
                throw readOnly(path);
            }
        }
        return Files.newByteChannel(checked(path), StandardOpenOption.READ);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        Path checked = checked(dir);
        Set<String> shown = filtered.get(checked);
        if (shown != null && !ScriptFileSystems.isInside(checked, directories)) {
            return Files.newDirectoryStream(checked, entry -> shown.contains(entry.getFileName().toString())
                    && (filter == null || filter.accept(entry)));
        }
        return Files.newDirectoryStream(checked, filter);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return path.toAbsolutePath();
    }

    @Override
    public Path toRealPath(Path path, LinkOption... options) throws IOException {
        Path real = checked(path).toRealPath(options);
        return checked(real);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return Files.readAttributes(checked(path), attributes, options);
    }
}

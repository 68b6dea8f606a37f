package dev.execscript.python;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;

/**
 * Gives a script a working directory of its own (virtual: nothing on the host is consulted) and hands
 * every path to the filesystem it wraps already absolute. Without it {@code os.getcwd()} and
 * {@code os.path.abspath('x')} reach the deny-all filesystem's own working directory, which answers with a
 * {@link SecurityException} that Python cannot catch; with it they answer with this directory, and
 * {@code os.chdir} moves it to a directory the script can see (elsewhere it raises FileNotFoundError).
 */
final class WorkingDirectoryFileSystem implements FileSystem {

    private final FileSystem delegate;
    private volatile Path workingDirectory;

    WorkingDirectoryFileSystem(FileSystem delegate, Path workingDirectory) {
        if (!workingDirectory.isAbsolute()) {
            throw new IllegalArgumentException("the working directory must be absolute: " + workingDirectory);
        }
        this.delegate = delegate;
        this.workingDirectory = workingDirectory;
    }

    private Path absolute(Path path) {
        return path.isAbsolute() ? path : workingDirectory.resolve(path);
    }

    @Override
    public Path parsePath(URI uri) {
        return delegate.parsePath(uri);
    }

    @Override
    public Path parsePath(String path) {
        return delegate.parsePath(path);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... linkOptions) throws IOException {
        try {
            delegate.checkAccess(absolute(path), modes, linkOptions);
        } catch (SecurityException denied) {
            if (!modes.isEmpty()) {
                throw denied;
            }
            // An existence check (os.chdir's first step) takes only an IOException as an answer; the
            // deny-all filesystem's SecurityException would end the step uncatchably. Other checks
            // (executable? readable?) already arrive in Python as PermissionError and stay so.
            throw new AccessDeniedException(path.toString(), null, "outside what the script may see");
        }
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        delegate.createDirectory(absolute(dir), attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        delegate.delete(absolute(path));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return delegate.newByteChannel(absolute(path), options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        return delegate.newDirectoryStream(absolute(dir), filter);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return absolute(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... linkOptions) throws IOException {
        return delegate.toRealPath(absolute(path), linkOptions);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return delegate.readAttributes(absolute(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        delegate.setAttribute(absolute(path), attribute, value, options);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        delegate.copy(absolute(source), absolute(target), options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        delegate.move(absolute(source), absolute(target), options);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        delegate.createLink(absolute(link), absolute(existing));
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        delegate.createSymbolicLink(absolute(link), target, attrs);
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        return delegate.readSymbolicLink(absolute(link));
    }

    @Override
    public void setCurrentWorkingDirectory(Path currentWorkingDirectory) {
        // Truffle checks before calling this that the path is absolute and a directory the script can see.
        workingDirectory = absolute(currentWorkingDirectory).normalize();
    }

    @Override
    public String getSeparator() {
        return delegate.getSeparator();
    }

    @Override
    public String getPathSeparator() {
        return delegate.getPathSeparator();
    }

    @Override
    public String getMimeType(Path path) {
        return delegate.getMimeType(absolute(path));
    }

    @Override
    public Charset getEncoding(Path path) {
        return delegate.getEncoding(absolute(path));
    }

    @Override
    public Path getTempDirectory() {
        return delegate.getTempDirectory();
    }

    @Override
    public boolean isSameFile(Path path1, Path path2, LinkOption... options) throws IOException {
        return delegate.isSameFile(absolute(path1), absolute(path2), options);
    }

    @Override
    public long getFileStoreTotalSpace(Path path) throws IOException {
        return delegate.getFileStoreTotalSpace(absolute(path));
    }

    @Override
    public long getFileStoreUnallocatedSpace(Path path) throws IOException {
        return delegate.getFileStoreUnallocatedSpace(absolute(path));
    }

    @Override
    public long getFileStoreUsableSpace(Path path) throws IOException {
        return delegate.getFileStoreUsableSpace(absolute(path));
    }

    @Override
    public long getFileStoreBlockSize(Path path) throws IOException {
        return delegate.getFileStoreBlockSize(absolute(path));
    }

    @Override
    public boolean isFileStoreReadOnly(Path path) throws IOException {
        return delegate.isFileStoreReadOnly(absolute(path));
    }
}

package dev.execscript.python;

import dev.execscript.botocore.Boto3Installation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.io.FileSystem;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The files a script can see: its attachment (read-only, in memory, under {@link PythonScript#ATTACHMENT_ROOT}),
 * the policy's readable directories, its pythonPath and the installed boto3 (see {@link Boto3Installation}), the
 * host's time-zone database (read-only), and GraalPy's own standard library (read-only); every other
 * path is denied, and nothing anywhere can be written.
 */
final class ScriptFileSystems {

    private ScriptFileSystems() {
    }

    /** The working directory of a script without an attachment: the root, where nothing is visible. */
    static final Path DEFAULT_WORKING_DIRECTORY = Path.of("/");

    static IOAccess ioAccess(PythonInvocation invocation, java.util.Optional<Path> bytecode) {
        FileSystem visible = FileSystem.newDenyIOFileSystem();
        Path workingDirectory = DEFAULT_WORKING_DIRECTORY;
        List<Path> readable = new ArrayList<>(invocation.policy().readableDirectories());
        TimeZoneDatabase.directory().ifPresent(readable::add);
        Boto3Installation boto3 = Boto3Installation.of(invocation.policy().pythonPath());
        readable.addAll(boto3.readableRoots());
        bytecode.ifPresent(readable::add);
        if (!readable.isEmpty()) {
            HostDirectoryFileSystem host = new HostDirectoryFileSystem(readable, boto3.filteredDirectories());
            visible = FileSystem.newCompositeFileSystem(visible, FileSystem.Selector.of(host, host::contains));
        }
        if (!invocation.script().attachmentFiles().isEmpty()) {
            InMemoryFileSystem attachment = new InMemoryFileSystem(Path.of(PythonScript.ATTACHMENT_ROOT),
                    invocation.script().attachmentFiles());
            visible = FileSystem.newCompositeFileSystem(visible, FileSystem.Selector.of(attachment, attachment::contains));
            workingDirectory = attachment.mount();
        }
        // The standard library lives in GraalPy's internal resources; without this no 'import json' works.
        // allowInternalResourceAccess hands those paths to GraalVM's host filesystem, which can write: the
        // read-only wrapper outside everything refuses every write (create, append, truncate, rename,
        // delete, chmod, mkdir, links, attributes) wherever it points, as PermissionError in Python. No
        // policy grants writing anywhere; one that did would need its own filesystem outside this wrapper.
        FileSystem withResources = FileSystem.allowInternalResourceAccess(visible);
        FileSystem readOnly = FileSystem.newReadOnlyFileSystem(new WorkingDirectoryFileSystem(withResources, workingDirectory));
        return IOAccess.newBuilder().fileSystem(readOnly).build();
    }

    /**
     * Whether a path lies in one of the readable directories, also after following links, so that a
     * symlink inside a readable directory cannot lead outside it.
     */
    static boolean isInside(Path path, List<Path> directories) {
        if (!path.isAbsolute()) {
            return false;
        }
        Path normal = path.normalize();
        for (Path dir : directories) {
            if (normal.startsWith(dir)) {
                try {
                    return !Files.exists(normal) || normal.toRealPath().startsWith(dir.toRealPath());
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return false;
    }
}

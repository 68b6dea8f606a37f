package dev.execscript.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.graalvm.polyglot.io.FileSystem;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The files a script can see: its attachment (read-only, in memory, under {@link PythonScript#ATTACHMENT_ROOT}),
 * the policy's readable directories (read-only), and GraalPy's own standard library; every other path is denied.
 */
final class ScriptFileSystems {

    private ScriptFileSystems() {
    }

    static IOAccess ioAccess(PythonInvocation invocation) {
        FileSystem visible = FileSystem.newDenyIOFileSystem();
        List<Path> readable = invocation.policy().readableDirectories();
        if (!readable.isEmpty()) {
            HostDirectoryFileSystem host = new HostDirectoryFileSystem(readable);
            visible = FileSystem.newCompositeFileSystem(visible, FileSystem.Selector.of(host, host::contains));
        }
        if (!invocation.script().attachmentFiles().isEmpty()) {
            InMemoryFileSystem attachment = new InMemoryFileSystem(Path.of(PythonScript.ATTACHMENT_ROOT),
                    invocation.script().attachmentFiles());
            visible = FileSystem.newCompositeFileSystem(visible, FileSystem.Selector.of(attachment, attachment::contains));
            visible.setCurrentWorkingDirectory(attachment.mount());
        }
        // The standard library lives in GraalPy's internal resources; without this no 'import json' works.
        return IOAccess.newBuilder().fileSystem(FileSystem.allowInternalResourceAccess(visible)).build();
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

package dev.execscript.python;

import java.nio.file.Path;
import org.graalvm.polyglot.io.FileSystem;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The files a script can see: its attachment (read-only, in memory, under {@link PythonScript#ATTACHMENT_ROOT})
 * and GraalPy's own standard library; every other path is denied.
 */
final class ScriptFileSystems {

    private ScriptFileSystems() {
    }

    static IOAccess ioAccess(PythonInvocation invocation) {
        FileSystem visible = FileSystem.newDenyIOFileSystem();
        if (!invocation.script().attachmentFiles().isEmpty()) {
            InMemoryFileSystem attachment = new InMemoryFileSystem(Path.of(PythonScript.ATTACHMENT_ROOT),
                    invocation.script().attachmentFiles());
            visible = FileSystem.newCompositeFileSystem(visible, FileSystem.Selector.of(attachment, attachment::contains));
            visible.setCurrentWorkingDirectory(attachment.mount());
        }
        // The standard library lives in GraalPy's internal resources; without this no 'import json' works.
        return IOAccess.newBuilder().fileSystem(FileSystem.allowInternalResourceAccess(visible)).build();
    }
}

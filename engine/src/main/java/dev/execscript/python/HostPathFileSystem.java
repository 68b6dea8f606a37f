package dev.execscript.python;

import java.net.URI;
import java.nio.file.Path;
import org.graalvm.polyglot.io.FileSystem;

/** A script file system whose paths are the host's own paths (what the guest names is checked by the subclass). */
abstract class HostPathFileSystem implements FileSystem {

    @Override
    public final Path parsePath(URI uri) {
        return Path.of(uri);
    }

    @Override
    public final Path parsePath(String path) {
        return Path.of(path);
    }
}

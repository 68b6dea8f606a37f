package dev.execscript.powershell;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Owner-only temporary directories and their removal, including what a script made unreadable. */
final class TempTree {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private TempTree() {
    }

    static Path createPrivateRoot(Path base, String prefix) throws IOException {
        return POSIX
                ? Files.createTempDirectory(base, prefix, ownerOnly())
                : Files.createTempDirectory(base, prefix);
    }

    static void createPrivateDirectory(Path dir) throws IOException {
        if (POSIX) {
            Files.createDirectory(dir, ownerOnly());
        } else {
            Files.createDirectory(dir);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    }

    /**
     * Deletes {@code path} and everything below it without following symlinks (a script may plant one
     * pointing anywhere). Directories the script made unreadable are given back to the owner first.
     * Returns whether everything is gone; it keeps going past failures so as much as possible is removed.
     */
    static boolean delete(Path path) {
        boolean ok = true;
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            if (POSIX) {
                try {
                    Files.setPosixFilePermissions(path, OWNER_ONLY);
                } catch (IOException | UnsupportedOperationException e) {
                    // try the listing anyway
                }
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    ok &= delete(child);
                }
            } catch (NoSuchFileException e) {
                return true;
            } catch (IOException e) {
                ok = false;
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            ok = false;
        }
        return ok;
    }
}

package dev.execscript.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.graalvm.polyglot.Engine;
import org.graalvm.home.Version;

/**
 * The directory GraalPy's standard library and native files are unpacked into, checked before it is used.
 *
 * <p>GraalVM on its own unpacks its internal resources once into a per-user cache and afterwards trusts
 * whatever is there. A file changed or added there (by a sandboxed script of an older execscript, which
 * could write into it, or by anything else) would then run inside every later context. So this class
 * unpacks the resources itself ({@link Engine#copyResources}) into a fresh <em>generation</em> directory,
 * records a manifest of every entry (type, size, inode and ctime, which no one can set back the way
 * {@code os.utime} sets an mtime), and at each start compares the tree with its manifest before pointing
 * GraalVM at it ({@code polyglot.engine.resourcePath}). Any difference, or a cache this version did not
 * unpack, means a new generation is unpacked and the old one deleted.
 *
 * <p>Layout of the base directory (owned by the current user, writable by no one else; created 0700):
 * {@code lock} (a file lock that serialises the check and unpacking between processes), {@code current}
 * (the name of the generation in use), {@code g-XXXX/} (a generation) and {@code g-XXXX.manifest}. The default base is
 * {@code /var/tmp/execscript-<uid>}: outside the user's home, so the paths a script sees ({@code sys.path},
 * {@code __file__}) do not name it. {@value #PROPERTY} chooses another base.
 */
final class ResourceCache {

    /** System property naming the base directory (tests use a temporary one). */
    static final String PROPERTY = "execscript.resourceCache";
    private static final String GRAAL_RESOURCE_PATH = "polyglot.engine.resourcePath";
    private static final String GRAAL_USER_CACHE = "polyglot.engine.userResourceCache";
    private static final String CURRENT = "current";
    private static final String LOCK = "lock";
    private static final String MANIFEST = ".manifest";
    private static final String GENERATION_PREFIX = "g-";
    private static final String FORMAT = "execscript-resource-cache 1";
    /** GraalVM's components whose resources are unpacked; python brings the engine's own along. */
    private static final String[] COMPONENTS = {"python"};
    /** Serialises checks within one JVM: a file lock is held per process, not per thread. */
    private static final Object IN_PROCESS = new Object();
    private static volatile Path configured;

    private final Path base;

    ResourceCache(Path base) {
        this.base = base.toAbsolutePath().normalize();
    }

    Path base() {
        return base;
    }

    /**
     * Before the first engine of this JVM: checks (or unpacks) the cache and points GraalVM at it. An
     * embedder that set GraalVM's own resource properties keeps its choice, unchecked.
     */
    static void configure() {
        if (configured != null) {
            return;
        }
        synchronized (IN_PROCESS) {
            if (configured != null) {
                return;
            }
            if (System.getProperty(GRAAL_RESOURCE_PATH) != null || System.getProperty(GRAAL_USER_CACHE) != null) {
                configured = Path.of("");
                return;
            }
            Path generation = new ResourceCache(defaultBase()).prepare();
            System.setProperty(GRAAL_RESOURCE_PATH, generation.toString());
            configured = generation;
        }
    }

    /** The generation this JVM's engines read, or null when an embedder chose GraalVM's resource directory itself. */
    static Path generation() {
        Path g = configured;
        return g == null || g.toString().isEmpty() ? null : g;
    }

    static Path defaultBase() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path shared = Path.of("/var/tmp");
        if (!Files.isDirectory(shared)) {
            shared = Path.of(System.getProperty("java.io.tmpdir"));
        }
        Long uid = currentUid();
        return shared.resolve(uid == null ? "execscript" : "execscript-" + uid);
    }

    /**
     * The directory of an intact generation of the resources, unpacking a new one when the current one
     * is missing or differs from its manifest in any way.
     *
     * @throws UncheckedIOException naming the directory and the problem
     */
    Path prepare() {
        synchronized (IN_PROCESS) {
            try {
                ensurePrivateDirectory();
                try (FileChannel channel = FileChannel.open(base.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = channel.lock()) {
                    Path current = currentGeneration();
                    if (current != null && intact(current)) {
                        return current;
                    }
                    return unpack();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare GraalPy's resource cache in " + base + ": " + e.getMessage()
                        + " (set -D" + PROPERTY + "=DIR to use another directory)", e);
            }
        }
    }

    /** The generation {@code current} names, or null. */
    Path currentGeneration() throws IOException {
        Path pointer = base.resolve(CURRENT);
        if (!Files.isRegularFile(pointer, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
        if (!name.matches(GENERATION_PREFIX + "[0-9a-f]{16}")) {
            return null;
        }
        return base.resolve(name);
    }

    /** Whether a generation matches its manifest exactly (and the manifest is for these resources). */
    boolean intact(Path generation) throws IOException {
        Path manifest = manifestOf(generation);
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)
                || !Files.isDirectory(generation, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        List<String> recorded = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        return recorded.equals(describe(generation));
    }

    private Path manifestOf(Path generation) {
        return base.resolve(generation.getFileName() + MANIFEST);
    }

    /**
     * Unpacks into a temporary directory, moves it into place under a new name in one step, records its
     * manifest, then makes it current; last, the other generations and leftovers are deleted (an unpacking
     * that died half-way, a generation that failed its check).
     */
    private Path unpack() throws IOException {
        Path staging = Files.createTempDirectory(base, "unpacking-");
        Engine.copyResources(staging, COMPONENTS);
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        String name = GENERATION_PREFIX + HexFormat.of().formatHex(id);
        Path generation = base.resolve(name);
        Files.move(staging, generation, StandardCopyOption.ATOMIC_MOVE);
        writeAtomically(manifestOf(generation), String.join("\n", describe(generation)) + "\n");
        writeAtomically(base.resolve(CURRENT), name + "\n");
        // Only names this class makes are deleted: the base may be a directory someone chose by hand.
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base)) {
            for (Path entry : entries) {
                String n = entry.getFileName().toString();
                boolean ours = n.matches(GENERATION_PREFIX + "[0-9a-f]{16}(\\" + MANIFEST + ")?") || n.startsWith("unpacking-")
                        || n.startsWith("writing-");
                if (ours && !n.equals(name) && !n.equals(name + MANIFEST)) {
                    deleteTree(entry);
                }
            }
        }
        return generation;
    }

    /**
     * One line per entry under the generation, sorted, after a header naming the format and the resources'
     * versions: relative path, type, size, inode, ctime in nanoseconds. Any write to a file
     * changes its ctime; a file replaced by another has another inode.
     */
    List<String> describe(Path generation) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(FORMAT + " " + resourcesVersion());
        List<String> entries = new ArrayList<>();
        boolean unix = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
        describeDirectory(generation, "", unix, entries);
        entries.sort(null);
        lines.addAll(entries);
        return lines;
    }

    /** One stat per entry (a directory listing does not stat): this runs at every start. */
    static void describeDirectory(Path directory, String prefix, boolean unix, List<String> into) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                Map<String, Object> a = Files.readAttributes(child,
                        unix ? "unix:size,ino,ctime,isDirectory,isSymbolicLink" : "size,fileKey,lastModifiedTime,isDirectory,isSymbolicLink",
                        LinkOption.NOFOLLOW_LINKS);
                boolean isDirectory = (Boolean) a.get("isDirectory");
                String type = isDirectory ? "d" : (Boolean) a.get("isSymbolicLink") ? "l" : "f";
                String relative = prefix + child.getFileName();
                FileTime changed = (FileTime) (unix ? a.get("ctime") : a.get("lastModifiedTime"));
                into.add(relative + " " + type + " " + a.get("size") + " " + (unix ? a.get("ino") : a.get("fileKey")) + " "
                        + changed.to(TimeUnit.NANOSECONDS));
                if (isDirectory) {
                    describeDirectory(child, relative + "/", unix, into);
                }
            }
        }
    }

    /**
     * What identifies the resources this JVM would unpack: GraalVM's version and the content hashes its
     * resource jars carry, so that a changed GraalPy never meets an old generation's files.
     */
    static String resourcesVersion() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        os = os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "darwin" : "windows";
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        arch = arch.equals("x86_64") || arch.equals("amd64") ? "amd64" : arch;
        StringBuilder version = new StringBuilder(Version.getCurrent().toString());
        ClassLoader loader = Engine.class.getClassLoader() != null ? Engine.class.getClassLoader() : ClassLoader.getSystemClassLoader();
        // The hash files GraalPy's and Truffle's resource jars carry for their version checks; one that is
        // absent (another GraalVM layout) still leaves GraalVM's version in the line.
        for (String hashFile : List.of("libpython.sha256", "libgraalpy.sha256", "include.sha256", "ni.sha256",
                os + "/" + arch + "/native.sha256", "engine/libtruffleattach/" + os + "/" + arch + "/sha256")) {
            try (InputStream in = loader.getResourceAsStream("META-INF/resources/" + hashFile)) {
                version.append(' ').append(in == null ? "-" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                version.append(" ?");
            }
        }
        return version.toString();
    }

    /** Creates the base directory (0700) or checks that an existing one is a directory of this user's that no one else can write. */
    private void ensurePrivateDirectory() throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(base.getParent());
            try {
                if (posix) {
                    Files.createDirectory(base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(base);
                }
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process created it a moment ago: checked below like any existing one
            }
        }
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("it is not a directory (or is a symbolic link)");
        }
        Long uid = currentUid();
        if (uid != null && posix) {
            Object owner = Files.getAttribute(base, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (((Number) owner).longValue() != uid) {
                throw new IOException("it belongs to another user (uid " + owner + ")");
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(base, LinkOption.NOFOLLOW_LINKS);
            if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IOException("others can write into it (mode " + PosixFilePermissions.toString(permissions) + ")");
            }
        }
    }

    private static Long currentUid() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError | RuntimeException notUnix) {
            return null;
        }
    }

    private void writeAtomically(Path target, String content) throws IOException {
        Path temporary = Files.createTempFile(base, "writing-", ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException gone) {
                    // deleted meanwhile
                }
            }
        }
    }
}

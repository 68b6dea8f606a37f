package dev.execscript.python;

import dev.execscript.botocore.Boto3Installation;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Value;

/**
 * GraalPy bytecode for the standard library and the installed boto3, compiled once per machine and read by
 * every later context: without it each new context compiles every module it imports from source (importing
 * boto3 then costs 2.5-3.4 s of CPU in a warm engine; with it 0.7-0.9 s). Sandboxed contexts cannot write
 * bytecode, so it is made outside them, by a context of its own in a background thread, into
 * {@code pyc-<generation>/} beside {@link ResourceCache}'s generation, as Python's {@code sys.pycache_prefix}
 * lays it out; contexts read it there, read-only.
 *
 * <p>Bytecode is code: it is trusted only as the resources are. The directory lives in the resource cache's
 * private base, and a manifest (type, size, inode, ctime of every entry) written when it was complete is
 * compared at each start; any difference and it is deleted and made again. A stale file (its source changed)
 * is ignored by Python itself, which checks each file's recorded source size and time.
 */
public final class BytecodeCache {

    /**
     * {@code -Dexecscript.bytecodeCache=off} turns it off (contexts then compile from source); {@code use} reads
     * it when it is there but leaves making it to someone else (the launcher starts {@link #main} for that, in
     * a process of its own that outlives a short run).
     */
    static final String PROPERTY = "execscript.bytecodeCache";
    private static final String PREFIX = "pyc-";
    private static final String MANIFEST = ".manifest";
    private static final String FORMAT = "execscript-bytecode-cache 1";
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Test, demo and GUI packages of the standard library: never imported by a step, a third of the compile time. */
    private static final String SKIPPED = "/(test|tests|idlelib|tkinter|turtledemo|lib2to3|ensurepip|pydoc_data)/";

    private final Path base;
    private final Path directory;
    private final List<Path> sources;

    /** A cache in {@code base} named after {@code generation}, compiling {@code sources} (directories). */
    BytecodeCache(Path base, String generation, List<Path> sources) {
        this.base = base;
        this.directory = base.resolve(PREFIX + generation);
        this.sources = List.copyOf(sources);
    }

    /** The cache of this JVM's resource generation, or null when GraalVM's resources are not execscript's. */
    private static BytecodeCache ofThisJvm() {
        Path generation = ResourceCache.generation();
        if (generation == null) {
            return null;
        }
        try {
            return new BytecodeCache(generation.getParent(), generation.getFileName().toString(), sources(generation));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The directory to use as {@code sys.pycache_prefix} when it is complete and intact; otherwise empty, and
     * (once per JVM) it is made in the background for later runtimes and processes.
     */
    static Optional<Path> directory() {
        if ("off".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) {
            return Optional.empty();
        }
        BytecodeCache cache = ofThisJvm();
        if (cache == null) {
            return Optional.empty();
        }
        if (cache.intact()) {
            return Optional.of(cache.directory);
        }
        if (!"use".equalsIgnoreCase(System.getProperty(PROPERTY, "")) && STARTED.compareAndSet(false, true)) {
            Thread.ofPlatform().name("execscript-bytecode-cache").daemon(true).priority(Thread.MIN_PRIORITY).start(cache::make);
        }
        return Optional.empty();
    }

    /** Makes the cache in the foreground (the launcher runs this in the background, at low priority). */
    public static void main(String[] args) {
        ResourceCache.configure();
        BytecodeCache cache = ofThisJvm();
        if (cache != null) {
            cache.make();
        }
    }

    Path path() {
        return directory;
    }

    private Path manifest() {
        return directory.resolveSibling(directory.getFileName() + MANIFEST);
    }

    /** Whether the directory is there and matches its manifest exactly. */
    boolean intact() {
        try {
            if (!Files.isRegularFile(manifest(), LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            return Files.readAllLines(manifest(), StandardCharsets.UTF_8).equals(describe(directory));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static List<String> describe(Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(FORMAT + " " + ResourceCache.resourcesVersion());
        List<String> entries = new ArrayList<>();
        ResourceCache.describeDirectory(directory, "", FileSystems.getDefault().supportedFileAttributeViews().contains("unix"), entries);
        entries.sort(null);
        lines.addAll(entries);
        return lines;
    }

    /** Compiles into a staging directory, moves it into place, then writes its manifest; one process at a time. */
    void make() {
        try (FileChannel channel = FileChannel.open(base.resolve("pyc.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null || intact()) {
                return;
            }
            // Whatever a dead process left (a staging directory, a changed cache, an older generation's) goes first.
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(base)) {
                for (Path entry : entries) {
                    String n = entry.getFileName().toString();
                    if (n.startsWith(PREFIX) || n.startsWith("compiling-")) {
                        ResourceCache.deleteTree(entry);
                    }
                }
            }
            Path staging = Files.createTempDirectory(base, "compiling-");
            compile(sources, staging);
            Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
            Path temporary = Files.createTempFile(base, "writing-", ".tmp");
            Files.writeString(temporary, String.join("\n", describe(directory)) + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, manifest(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // Only speed is lost: contexts compile from source, as without the cache.
        }
    }

    /** The standard library of the generation and the system's boto3 and its dependencies. */
    private static List<Path> sources(Path generation) throws IOException {
        List<Path> out = new ArrayList<>();
        Path lib = generation.resolve("python/python-home/lib");
        if (Files.isDirectory(lib)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(lib, "python3.*")) {
                versions.forEach(out::add);
            }
        }
        Boto3Installation.of(List.of()).readableRoots().stream().filter(Files::isDirectory).forEach(out::add);
        return out;
    }

    private static void compile(List<Path> sources, Path prefix) {
        try (Engine engine = GuestEngines.newCompilingEngine();
                Context context = Context.newBuilder("python").engine(engine).allowAllAccess(true).build()) {
            Value compileDirs = context.eval("python", """
                    def compile_dirs(prefix, dirs, skipped):
                        import compileall, re, sys
                        sys.pycache_prefix = prefix
                        for d in dirs.split('\\n'):
                            compileall.compile_dir(d, quiet=2, workers=1, rx=re.compile(skipped))
                    compile_dirs
                    """);
            compileDirs.execute(prefix.toString(), sources.stream().map(Path::toString).collect(Collectors.joining("\n")), SKIPPED);
        }
    }
}

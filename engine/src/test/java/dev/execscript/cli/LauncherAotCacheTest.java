package dev.execscript.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.execscript.spec.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./execscript} launcher's AOT cache, end to end: the real launcher script, run by bash in a copy of
 * the project's layout ({@code engine/target/execscript-engine.jar} made here from this build's classes,
 * {@code engine/target/lib} linking this test's class path), with a temporary {@code XDG_CACHE_HOME} per test.
 * Training runs take 10-60 s each on 2 cores; no timing is asserted.
 */
@Tag("launcher")
class LauncherAotCacheTest {

    /** Generous: a training run on a busy 2-core machine took over a minute. */
    private static final Duration PROCESS_LIMIT = Duration.ofMinutes(10);
    private static final String NOTICE = "execscript: ";

    @TempDir
    static Path shared;
    private static Path root;
    private static Path doc;

    /** The launcher in a directory laid out like the project, with nothing for it to rebuild. */
    @BeforeAll
    static void layOutProject() throws IOException {
        Path project = Path.of(System.getProperty("user.dir")).getParent();
        assumeThat(Files.isRegularFile(project.resolve("execscript"))).as("the launcher script next to the engine module").isTrue();
        root = layOut(project, shared.resolve("project"));
        doc = root.resolve("engine/src/aot-training/hello.yaml");
    }

    private static Path layOut(Path project, Path dest) throws IOException {
        Path target = Files.createDirectories(dest.resolve("engine/target/lib"));
        Files.copy(project.resolve("execscript"), dest.resolve("execscript"));
        Path training = Files.createDirectories(dest.resolve("engine/src/aot-training"));
        try (Stream<Path> docs = Files.list(project.resolve("engine/src/aot-training"))) {
            for (Path d : docs.toList()) {
                Files.copy(d, training.resolve(d.getFileName()));
            }
        }
        jar(Path.of(System.getProperty("user.dir"), "target/classes"), target.getParent().resolve("execscript-engine.jar"));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(target.resolve(p.getFileName()))) {
                Files.createSymbolicLink(target.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        return dest;
    }

    @Test
    void launcher_firstRun_trainsCacheInBackgroundThatLaterRunsUse(@TempDir Path xdg) throws Exception {
        Run first = launch(xdg, Map.of());
        assertSucceeded(first);
        assertThat(first.notices()).as("a first run says nothing about a cache it is still making").isEmpty();

        Path cache = awaitCache(xdg);
        FileTime made = Files.getLastModifiedTime(cache);
        Run second = launch(xdg, Map.of());
        assertSucceeded(second);
        // Had the JVM refused the cache, Main would have said so and deleted it.
        assertThat(second.notices()).isEmpty();
        assertThat(caches(xdg)).containsExactly(cache);
        assertThat(Files.getLastModifiedTime(cache)).as("reused, not made again").isEqualTo(made);
    }

    @Test
    void launcher_differentJvmFlags_makesAndUsesCacheOfItsOwn(@TempDir Path xdg) throws Exception {
        Path plain = train(xdg, Map.of());
        Run other = launch(xdg, Map.of("EXECSCRIPT_AOT", "foreground", "EXECSCRIPT_JAVA_OPTS", "-Xss4m"));
        assertSucceeded(other);
        assertThat(other.notices()).isEmpty();
        assertThat(caches(xdg)).hasSize(2).contains(plain);

        // Both keep working side by side: neither is made again.
        FileTime plainMade = Files.getLastModifiedTime(plain);
        assertSucceeded(launch(xdg, Map.of()));
        assertThat(Files.getLastModifiedTime(plain)).isEqualTo(plainMade);
        assertThat(caches(xdg)).hasSize(2);
    }

    @Test
    void launcher_touchedJar_makesNewCache(@TempDir Path xdg) throws Exception {
        Path before = train(xdg, Map.of());
        Path engineJar = root.resolve("engine/target/execscript-engine.jar");
        FileTime original = Files.getLastModifiedTime(engineJar);
        try {
            Files.setLastModifiedTime(engineJar, FileTime.from(original.toInstant().plusSeconds(5)));
            Path after = train(xdg, Map.of());
            assertThat(after).isNotEqualTo(before);
            assertThat(caches(xdg)).containsExactlyInAnyOrder(before, after);
        } finally {
            Files.setLastModifiedTime(engineJar, original);
        }
        // Back to the old jar: the old cache applies again.
        Run again = launch(xdg, Map.of("EXECSCRIPT_AOT", "foreground"));
        assertSucceeded(again);
        assertThat(again.notices()).isEmpty();
        assertThat(caches(xdg)).hasSize(2).contains(before);
    }

    @Test
    void launcher_corruptCache_runsWithOneNoticeAndMakesItAgain(@TempDir Path xdg) throws Exception {
        Path cache = train(xdg, Map.of());
        Files.write(cache, "not an AOT cache".getBytes(StandardCharsets.US_ASCII));

        Run run = launch(xdg, Map.of("EXECSCRIPT_AOT", "foreground"));
        assertSucceeded(run);
        assertThat(run.notices()).singleElement().asString()
                .contains("start-up cache " + cache).contains("unreadable or changed since it was made");
        // Made again in this run (foreground), then used by the next without a word.
        assertThat(Files.size(cache)).isGreaterThan(1_000_000);
        Run next = launch(xdg, Map.of());
        assertSucceeded(next);
        assertThat(next.notices()).isEmpty();
    }

    @Test
    void launcher_cacheTheJvmRefuses_runsWithOneNoticeAndDropsIt(@TempDir Path xdg) throws Exception {
        Path cache = train(xdg, Map.of());
        // Garbage of the same size under a stamp that matches it: only the JVM can tell.
        byte[] garbage = new byte[(int) Math.min(Files.size(cache), 1 << 20)];
        Arrays.fill(garbage, (byte) 0x5a);
        try (var channel = java.nio.channels.FileChannel.open(cache, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(garbage), 0);
        }
        Path stamp = cache.resolveSibling(cache.getFileName().toString().replace(".aot", ".stamp"));
        Files.writeString(stamp, stat(cache) + "\n");

        Run run = launch(xdg, Map.of());
        assertSucceeded(run);
        assertThat(run.notices()).singleElement().asString()
                .contains("the JVM could not use the start-up cache " + cache);
        assertThat(cache).doesNotExist();
    }

    @Test
    void launcher_cacheDirectoryCannotBeMade_runsWithOneNotice(@TempDir Path xdg) throws Exception {
        // A file where the cache's directory belongs (GraalPy's own cache beside it stays usable).
        Files.createDirectories(xdg.resolve("execscript"));
        Files.writeString(xdg.resolve("execscript/aot"), "not a directory");
        Run run = launch(xdg, Map.of());
        assertSucceeded(run);
        assertThat(run.notices()).singleElement().asString().contains("no start-up cache");
    }

    @Test
    void launcher_trainingFails_nextRunSaysSoOnceAndRunsWithoutCache(@TempDir Path xdg) throws Exception {
        Path broken = layOut(root, shared.resolve("broken-training"));
        Files.writeString(broken.resolve("engine/src/aot-training/pipeline.json"), "{\"schemaVersion\": \"0.3\", \"mainSteps\": [");
        Path brokenDoc = broken.resolve("engine/src/aot-training/hello.yaml");

        Run first = launch(broken, brokenDoc, xdg, Map.of());
        assertSucceeded(first);
        assertThat(first.notices()).isEmpty();
        awaitNoTraining(xdg);
        assertThat(caches(xdg)).isEmpty();

        Run second = launch(broken, brokenDoc, xdg, Map.of());
        assertSucceeded(second);
        assertThat(second.notices()).singleElement().asString().contains("could not make the start-up cache (log: ");
        Run third = launch(broken, brokenDoc, xdg, Map.of());
        assertSucceeded(third);
        assertThat(third.notices()).as("said once").isEmpty();
        assertThat(caches(xdg)).as("not tried again for the same key").isEmpty();
    }

    @Test
    void launcher_aotOff_makesNoCache(@TempDir Path xdg) throws Exception {
        Run run = launch(xdg, Map.of("EXECSCRIPT_AOT", "off"));
        assertSucceeded(run);
        assertThat(run.notices()).isEmpty();
        assertThat(xdg.resolve("execscript/aot")).doesNotExist();
    }

    // ---- helpers

    private record Run(int exitCode, String stdout, String stderr) {
        /** The launcher's and CLI's own lines (a script's output is prefixed with its step's name). */
        List<String> notices() {
            return stderr.lines().filter(l -> l.startsWith(NOTICE)).toList();
        }
    }

    private static void assertSucceeded(Run run) {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode execution = JsonText.parseOrNull(run.stdout());
        assertThat(execution).as("stdout is the execution's JSON: " + run.stdout()).isNotNull();
        assertThat(execution.path("AutomationExecution").path("AutomationExecutionStatus").asText()).isEqualTo("Success");
    }

    /** Makes the cache for these settings in the foreground; returns it. */
    private static Path train(Path xdg, Map<String, String> env) throws Exception {
        List<Path> before = caches(xdg);
        Map<String, String> foreground = new java.util.HashMap<>(env);
        foreground.put("EXECSCRIPT_AOT", "foreground");
        Run run = launch(xdg, foreground);
        assertSucceeded(run);
        assertThat(run.notices()).as(() -> "training logs: " + trainingLogs(xdg)).isEmpty();
        List<Path> made = new ArrayList<>(caches(xdg));
        made.removeAll(before);
        assertThat(made).as("one new cache").hasSize(1);
        return made.get(0);
    }

    private static Run launch(Path xdg, Map<String, String> env) throws Exception {
        return launch(root, doc, xdg, env);
    }

    private static Run launch(Path project, Path document, Path xdg, Map<String, String> env) throws Exception {
        Path resources = realResourceCache();
        Path mine = xdg.resolve("execscript/graalvm-resources");
        // GraalPy's unpacked standard library is shared with the user's, not unpacked again per test.
        if (Files.isDirectory(xdg) && Files.isDirectory(resources) && !Files.exists(mine)) {
            Files.createDirectories(mine.getParent());
            Files.createSymbolicLink(mine, resources);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", project.resolve("execscript").toString(), "run", document.toString());
        pb.environment().remove("EXECSCRIPT_JAVA_OPTS");
        pb.environment().remove("EXECSCRIPT_JIT");
        pb.environment().remove("EXECSCRIPT_AOT");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("XDG_CACHE_HOME", xdg.toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(shared, "out", ".txt");
        Path err = Files.createTempFile(shared, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(PROCESS_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish within " + PROCESS_LIMIT + "; stderr: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Path realResourceCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("execscript/graalvm-resources");
    }

    private static String trainingLogs(Path xdg) {
        try (Stream<Path> files = Files.list(xdg.resolve("execscript/aot"))) {
            StringBuilder logs = new StringBuilder();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".failed")).toList()) {
                logs.append(f).append(":\n").append(Files.readString(f)).append('\n');
            }
            return logs.toString();
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private static List<Path> caches(Path xdg) throws IOException {
        Path dir = xdg.resolve("execscript/aot");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".aot")).sorted().toList();
        }
    }

    /** Waits for the background training to leave a cache, and for it to end. */
    private static Path awaitCache(Path xdg) throws Exception {
        awaitNoTraining(xdg);
        List<Path> made = caches(xdg);
        assertThat(made).as("a cache made in the background").hasSize(1);
        return made.get(0);
    }

    private static void awaitNoTraining(Path xdg) throws Exception {
        Instant until = Instant.now().plus(PROCESS_LIMIT);
        Path dir = xdg.resolve("execscript/aot");
        while (Instant.now().isBefore(until)) {
            boolean training;
            try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
                training = files.anyMatch(f -> f.getFileName().toString().endsWith(".lock"));
            }
            if (!training) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the background training did not end within " + PROCESS_LIMIT);
    }

    /** What the launcher's stamp records: size and modification time (GNU stat's %s %.9Y). */
    private static String stat(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%s %.9Y", file.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(text).isZero();
        return text;
    }

    /** A jar of a classes directory (the engine's, as {@code mvn package} would make it). */
    private static void jar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }
}

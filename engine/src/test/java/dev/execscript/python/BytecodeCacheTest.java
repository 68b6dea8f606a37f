package dev.execscript.python;

import dev.execscript.runtime.StepStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.execscript.policy.ScriptPolicy;
import dev.execscript.runtime.ScriptOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precompiled bytecode: made outside the sandbox, checked against its manifest, read (never written) by contexts. */
class BytecodeCacheTest {

    @TempDir
    Path base;

    private BytecodeCache smallCache() throws IOException {
        Path sources = Files.createDirectories(base.resolve("src/pkg"));
        Files.writeString(sources.resolve("__init__.py"), "VALUE = 1\n");
        Files.writeString(sources.resolve("mod.py"), "def f():\n    return 2\n");
        return new BytecodeCache(base, "g-0123456789abcdef", List.of(base.resolve("src")));
    }

    private static long pycCount(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".graalpy250-312.pyc")).count();
        }
    }

    @Test
    void make_sources_compiledUnderThePrefixAndIntact() throws IOException {
        BytecodeCache cache = smallCache();
        assertThat(cache.intact()).isFalse();
        cache.make();
        assertThat(cache.intact()).isTrue();
        Path mirrored = cache.path().resolve(base.resolve("src/pkg").toString().substring(1));
        assertThat(mirrored.resolve("mod.graalpy250-312.pyc")).isRegularFile();
        assertThat(pycCount(cache.path())).isEqualTo(2);
    }

    @Test
    void intact_fileChangedOrAdded_notTrustedUntilMadeAgain() throws IOException {
        BytecodeCache cache = smallCache();
        cache.make();
        Path pyc;
        try (Stream<Path> walk = Files.walk(cache.path())) {
            pyc = walk.filter(p -> p.toString().endsWith("mod.graalpy250-312.pyc")).findFirst().orElseThrow();
        }
        byte[] original = Files.readAllBytes(pyc);
        Files.write(pyc, original);  // same bytes, but written: its ctime moves
        assertThat(cache.intact()).isFalse();
        cache.make();
        assertThat(cache.intact()).isTrue();
        Files.writeString(cache.path().resolve("planted.graalpy250-312.pyc"), "x");
        assertThat(cache.intact()).isFalse();
        cache.make();
        assertThat(cache.intact()).isTrue();
        assertThat(cache.path().resolve("planted.graalpy250-312.pyc")).doesNotExist();
    }

    @Test
    void make_deadProcessLeftovers_deleted() throws IOException {
        Path leftover = Files.createDirectories(base.resolve("compiling-123/x"));
        Path older = Files.createDirectories(base.resolve("pyc-g-ffffffffffffffff"));
        BytecodeCache cache = smallCache();
        cache.make();
        assertThat(leftover.getParent()).doesNotExist();
        assertThat(older).doesNotExist();
        assertThat(cache.intact()).isTrue();
    }

    /** The JVM's own cache, made in the foreground here if no earlier run made it; contexts read it and cannot write it. */
    @Test
    void runtime_cacheOfThisJvm_readAsPycachePrefixReadOnly() {
        try (GraalPyRuntime warmUp = new GraalPyRuntime()) {
            // The first engine of the JVM fixes the resource generation the cache belongs to.
        }
        BytecodeCache.main(new String[0]);
        Path dir = BytecodeCache.directory().orElseThrow();
        try (GraalPyRuntime runtime = new GraalPyRuntime()) {
            ScriptOutcome outcome = runtime.run(new PythonInvocation(new PythonScript("""
                    import sys, os, importlib.util, json
                    def handler(events, context):
                        cached = importlib.util.cache_from_source(json.__file__)
                        try:
                            open(os.path.join(sys.pycache_prefix, 'planted.py'), 'w')
                            wrote = 'written'
                        except OSError as e:
                            wrote = type(e).__name__
                        return [sys.pycache_prefix, os.path.isfile(cached), wrote]
                    """, "probe.py", "handler"), "{}", "{}", Duration.ofSeconds(60), ScriptPolicy.defaults(), line -> { }));
            assertThat(outcome.status()).as(outcome.failureMessage()).isEqualTo(StepStatus.Success);
            assertThat(outcome.payloadJson()).isEqualTo("[\"" + dir + "\",true,\"PermissionError\"]");
        }
    }
}

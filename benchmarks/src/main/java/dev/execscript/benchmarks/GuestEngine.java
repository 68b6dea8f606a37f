package dev.execscript.benchmarks;

import java.io.OutputStream;
import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * The one GraalPy {@link Engine} a benchmark fork shares, built like the engine module's (sandboxed,
 * output discarded), and the contexts made from it.
 */
public final class GuestEngine {

    /** Set to false to measure the interpreter on purpose; by default an interpreter-only fork fails fast. */
    static final String REQUIRE_JIT_PROPERTY = "execscript.bench.requireJit";
    private static final String RESOURCE_CACHE_PROPERTY = "polyglot.engine.userResourceCache";

    private static Engine shared;

    private GuestEngine() {
    }

    public static synchronized Engine shared() {
        if (shared == null) {
            useEngineResourceCache();
            shared = Engine.newBuilder("python")
                    .sandbox(SandboxPolicy.CONSTRAINED)
                    .out(OutputStream.nullOutputStream())
                    .err(OutputStream.nullOutputStream())
                    .option("engine.WarnInterpreterOnly", "false")
                    .build();
            requireCompilation(shared);
        }
        return shared;
    }

    /** A sandboxed context on the shared engine, as the engine module builds one per invocation. */
    public static Context newContext() {
        return Context.newBuilder("python")
                .engine(shared())
                .sandbox(SandboxPolicy.CONSTRAINED)
                .allowAllAccess(false)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .in(java.io.InputStream.nullInputStream())
                .build();
    }

    public static String implementationName() {
        return shared().getImplementationName();
    }

    /**
     * Numbers taken without the optimizing compiler say nothing about warm Python code; refuse them.
     * {@code engine} null means one already known to be interpreted.
     */
    static void requireCompilation(Engine engine) {
        boolean interpreted = engine == null || "Interpreted".equalsIgnoreCase(engine.getImplementationName());
        if (interpreted && Boolean.parseBoolean(System.getProperty(REQUIRE_JIT_PROPERTY, "true"))) {
            throw new IllegalStateException("GraalPy runs in the interpreter only (engine implementation 'Interpreted'). "
                    + "Start the JVM with -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=<engine/target/jit/*.jar> "
                    + "(benchmarks/run does), or pass -D" + REQUIRE_JIT_PROPERTY + "=false to measure the interpreter.");
        }
    }

    /** The same cache directory the engine module and CLI use, so GraalPy's standard library is unpacked once. */
    private static void useEngineResourceCache() {
        if (System.getProperty(RESOURCE_CACHE_PROPERTY) != null) {
            return;
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        System.setProperty(RESOURCE_CACHE_PROPERTY, base.resolve("execscript").resolve("graalvm-resources").toString());
    }
}

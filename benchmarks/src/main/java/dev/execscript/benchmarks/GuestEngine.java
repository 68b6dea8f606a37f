package dev.execscript.benchmarks;

import dev.execscript.python.GuestEngines;
import java.io.OutputStream;
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

    private static Engine shared;

    private GuestEngine() {
    }

    public static synchronized Engine shared() {
        if (shared == null) {
            shared = GuestEngines.newEngine(SandboxPolicy.CONSTRAINED);
            requireCompilation(shared);
        }
        return shared;
    }

    /** A sandboxed context on the shared engine, as the engine module builds one per invocation. */
    public static Context newContext() {
        return GuestEngines.sandboxedContext(shared(), OutputStream.nullOutputStream()).build();
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
}

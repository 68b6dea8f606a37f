package dev.execscript.python;

import java.io.InputStream;
import java.io.OutputStream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * The one place GraalPy engines are built, for the runtime, the benchmarks and tests alike: GraalPy's
 * resources are checked (or unpacked afresh, see {@link ResourceCache}) before the first engine of the JVM,
 * because the first engine fixes where GraalVM reads them for the JVM's life. An engine built anywhere else
 * would unpack an unchecked copy into the user's home.
 */
public final class GuestEngines {

    private GuestEngines() {
    }

    /**
     * The checked directory of GraalPy's resources (see {@link ResourceCache}), for child JVMs that must read
     * the same without checking it again; null when an embedder set GraalVM's own resource properties.
     */
    public static String checkedResourcePath() {
        ResourceCache.configure();
        return System.getProperty("polyglot.engine.resourcePath");
    }

    /** A Python engine under {@code sandbox}, its output discarded (contexts set their own streams). */
    public static Engine newEngine(SandboxPolicy sandbox) {
        ResourceCache.configure();
        return Engine.newBuilder("python")
                .sandbox(sandbox)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
    }

    /**
     * The start of every sandboxed context: Python on {@code engine} under CONSTRAINED, no standard input,
     * {@code output} for both streams. The runtime adds its file systems, environment and limits.
     */
    public static Context.Builder sandboxedContext(Engine engine, OutputStream output) {
        return Context.newBuilder("python")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(output)
                .err(output)
                .in(InputStream.nullInputStream());
    }

    /**
     * An engine without a sandbox, for {@link BytecodeCache} alone: it compiles the standard library and
     * boto3 (no script ever runs in it) and writes the bytecode, which no sandboxed context can.
     */
    static Engine newCompilingEngine() {
        ResourceCache.configure();
        return Engine.newBuilder("python")
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
    }
}
